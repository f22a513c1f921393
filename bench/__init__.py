"""Benchmarks: quality, speed and soak, each writing its section of docs/benchmarks.md."""
