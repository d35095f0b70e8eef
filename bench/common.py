"""Shared set-up of the benchmarks: a throwaway database, migrated, and small timing helpers.

The benchmark database comes from BENCH_DATABASE_URL (default: a temporary SQLite file); it is
never the development database. Figures are printed as ratios to a baseline measured in the same
run, so that they compare across machines.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> str:
    sys.path.insert(0, str(ROOT))
    url = (
        os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{tempfile.mkdtemp(prefix='unionhome-bench-')}/bench.sqlite3"
    )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhome.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


@contextmanager
def timed(results: dict, name: str, *, memory: bool = False):
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        results[name] = time.perf_counter() - start
        if memory:
            _cur, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            results[f"{name}_peak_mb"] = peak / 1e6


def best_of(n: int, func) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)
