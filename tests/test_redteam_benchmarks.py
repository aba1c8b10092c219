"""Red-team pass of issue 17: the measurement the README cites for export memory must run."""

from __future__ import annotations

from benchmarks.export_memory import _fill
from bordermap.curated import load_curated
from bordermap.store import open_store


def test_export_memory_benchmark_fills_its_store(tmp_path):
    _fill(tmp_path / "instance", 3)  # failed: open_store() missing its curated data
    store = open_store(tmp_path / "instance", load_curated())
    assert [layer.feature_count for layer in store.layers() if layer.origin == "user"] == [3]
