"""bordermap's benchmarks: `python -m benchmarks` (or `make bench`) prints one table.

Every figure is measured beside a reference in the same run and read as a ratio, so the
noise of a shared machine cancels out; the data is generated, seeded, by `benchmarks.data`.
"""
