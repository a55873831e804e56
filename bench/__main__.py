"""`make bench`: run every bench/bench_*.py module and write the table to bench/results.md."""

import importlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def machine_description() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    python = platform.python_version()
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.platform()}, Python {python}"


def main(selected: list[str]) -> int:
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

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("load_library", verbosity=0)

    from bench.harness import Row

    rows: list[Row] = []
    started = time.perf_counter()
    names = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    for name in names:
        if selected and name.removeprefix("bench_") not in selected:
            continue
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        rows.extend(module.run())
    elapsed = time.perf_counter() - started

    def fmt(value):
        return "" if value is None else f"{value:.1f}"

    header = "| measure | p50 ms | p95 ms | target | baseline | ratio | note |"
    lines = [header, "|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append(
            f"| {row.measure} | {fmt(row.p50_ms)} | {fmt(row.p95_ms)} | {row.target} | "
            f"{row.baseline} | {ratio} | {row.note} |"
        )
    table = "\n".join(lines)
    print(table)
    if not selected:
        report = (
            "# Benchmark results\n\n"
            f"Machine: {machine_description()}\n\n"
            f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"took {elapsed / 60:.1f} minutes. Server time is measured in-process "
            "(Django test client), without network.\n\n" + table + "\n"
        )
        (BENCH_DIR / "results.md").write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
