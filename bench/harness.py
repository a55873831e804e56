"""Small tools for benchmarks: percentiles of server time and query counts.

A benchmark module is `bench/bench_<name>.py` with `run() -> list[Row]`; `make bench`
(python -m bench) first seeds the shared volume (bench/seed.py), then runs every module;
each module may seed more of what it measures, idempotently, in the separate
`lbp_clinic_bench` database, so a second run reuses the data.
"""

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


@dataclass
class Row:
    """One line of the results table. Only `measure` is required; `baseline` names the floor
    measured in the same run and `ratio` is this measure over it (p50 or p95, as noted)."""

    measure: str
    p50_ms: float | None = None
    p95_ms: float | None = None
    target: str = ""
    baseline: str = ""
    ratio: float | None = None
    note: str = ""


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p95_index = max(0, round(0.95 * len(ordered)) - 1)
    return statistics.median(ordered), ordered[p95_index]


def time_calls(function: Callable[[], object], *, repeat: int = 50, warmup: int = 5) -> list[float]:
    """Wall-clock milliseconds of `repeat` calls after `warmup` calls."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _cpu_seconds() -> float:
    # getrusage, not os.times(): os.times() counts in clock ticks (10 ms), as coarse as a
    # whole page's CPU time; getrusage counts microseconds.
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_calls(function: Callable[[], object], *, repeat: int = 20) -> list[float]:
    """CPU milliseconds of each of `repeat` calls: this process and the child processes it
    waited for (a document's parts render in forked children); not the database's."""
    samples = []
    for _ in range(repeat):
        before = _cpu_seconds()
        function()
        samples.append((_cpu_seconds() - before) * 1000)
    return samples


def count_queries(function: Callable[[], object]) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def bench_client(user):
    """A logged-in Django test client (the request runs in-process: server time only)."""
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client


def get_ok(client, url, **headers):
    response = client.get(url, headers=headers)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response
