"""Benchmarks and reliability runs; ``python bench/<name>.py --help`` for each."""
