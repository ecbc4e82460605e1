"""The repository's own tools: the pair map (`make diff`, `make compare`), the parity report
(`make parity`) and the screenshots (`make screenshots`). The benchmark lives in `bench/`."""
