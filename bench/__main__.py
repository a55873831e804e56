"""`make bench`: seed the volume, run every bench/bench_*.py module, print one table and
write it to bench/results.md with the machine's description and how long each part took.

`make bench ONLY="plans exercises"` runs only those modules and leaves results.md alone.
"""

import importlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        return "RAM unknown"


def machine_description(load_at_start: tuple[float, float, float]) -> str:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    one, five, fifteen = load_at_start
    return (
        f"{_cpu_model()}, {os.cpu_count()} cores, {_memory()}; {platform.platform()}; "
        f"PostgreSQL {postgres}; Python {platform.python_version()}, "
        f"Django {django.get_version()}. Load average at start: {one:.2f} / {five:.2f} / "
        f"{fifteen:.2f} (1 / 5 / 15 min)"
    )


def table(rows) -> str:
    def fmt(value):
        return "" if value is None else f"{value:.1f}"

    lines = [
        "| measure | p50 ms | p95 ms | target | baseline (same run) | ratio | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append(
            f"| {row.measure} | {fmt(row.p50_ms)} | {fmt(row.p95_ms)} | {row.target} | "
            f"{row.baseline} | {ratio} | {row.note} |"
        )
    return "\n".join(lines)


def main(selected: list[str]) -> int:
    load_at_start = os.getloadavg()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbp_clinic.settings")
    os.environ.setdefault("LBP_DATABASE_NAME", "lbp_clinic_bench")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    if not os.environ.get("DATABASE_URL"):
        subprocess.run([sys.executable, "-m", "lbp_clinic.devdb", "start"], check=True)
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    from bench.harness import Row
    from bench.seed import seed_all

    settings.DEBUG = False
    run_started = time.perf_counter()
    timings: list[tuple[str, float]] = []

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_library", verbosity=0)
    timings.append(("migrate and library", time.perf_counter() - started))
    if not selected:
        print("== seeding the volume (reused when already there)", flush=True)
        timings += [(f"seed: {part}", seconds) for part, seconds in seed_all().items()]

    rows: list[Row] = []
    names = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    for name in names:
        if selected and name.removeprefix("bench_") not in selected:
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        rows.extend(module.run())
        timings.append((name, time.perf_counter() - started))
    elapsed = time.perf_counter() - run_started

    result = table(rows)
    took = "; ".join(f"{part} {seconds:.0f} s" for part, seconds in timings)
    print(result)
    print(f"\nTook {elapsed / 60:.1f} minutes: {took}")
    if not selected:
        report = (
            "# Benchmark results\n\n"
            f"Machine: {machine_description(load_at_start)}.\n\n"
            f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; `make bench` took "
            f"{elapsed / 60:.1f} minutes ({took}).\n\n"
            "Server time is measured in-process (Django test client, no network); each ratio "
            "divides by a floor measured in the same run: a bare Django view on the same "
            "middleware stack, the same SQL run straight through psycopg, or WeasyPrint "
            "rendering the same HTML alone.\n\n" + result + "\n"
        )
        (BENCH_DIR / "results.md").write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
