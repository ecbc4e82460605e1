"""The SEC-4 fuzzer's parts (tests/test_fuzz.py runs them; `make fuzz`).

- seed.py: the site it works on, made through the site's own forms, the same ids each time.
- site.py: sending a request as one of four roles, whose browsers it keeps logged in;
  telling a 5xx apart, and the database seeded again every few hundred requests.
- crawl.py: every page, link and form each role reaches, and the spec's route table.
- values.py: odd values, query strings, form fields, bodies and headers (Hypothesis).
- areas.py: whole requests for each area of test_fuzz.py, from the crawl and the values.
- request.py: one fuzzed request, the bytes it becomes and how a failure prints it.
- causes.py: which exception made a 5xx, and the list of causes in FUZZ_KEEP_GOING mode.

Black box, like the rest of the suite: requests go through a Browser, data is made through
the site's own forms and the Driver's back doors; no app code is imported.
"""
