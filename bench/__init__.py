"""The benchmark: both apps built on identical data and measured alike (`python -m bench`).

See bench/__main__.py for what a run does and docs/BENCHMARK.md for the last full run.
"""
