"""`make loadtest`: load, fault and scale-out runs; figures to bench/load_results.md.

1. Load: gunicorn (WORKERS sync workers, the production path) on the load database,
   locust headless over loopback, USERS users for DURATION seconds of mixed traffic.
   Pass: no errors, p99 < 1 s, no worker RSS growth (each worker sampled every 2 s).
2. Fault: the same load again; PostgreSQL is stopped for 10 s in the middle. Pass: the
   answers during the outage are the 503 page (no traceback, no other error), /healthz
   says 503, the app answers again within 5 s of the database being back, and every
   plan's rows are consistent afterwards (bench/load/consistency.py).
3. Scale-out: tests/processes/test_scale_out.py (two gunicorn servers and the worker).
"""

import csv
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "artifacts" / "loadtest"
USERS, DURATION, WORKERS = 50, 60, 4
OUTAGE_AT, OUTAGE_SECONDS = 20, 10
ENV = {
    "LBP_DATABASE_NAME": "lbp_clinic_load",
    "SECRET_KEY": "loadtest-only-key-" + "y" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Plain http on loopback: no TLS redirect or secure-only cookies for this run only.
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "STATIC_MANIFEST": "0",
    "PYTHONWARNINGS": "ignore:No directory at",
    "LOG_LEVEL": "WARNING",
}


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _manage(*args: str, debug: bool = False) -> None:
    env = {**os.environ, **ENV}
    env.pop("DEBUG", None)
    if debug:
        env["DEBUG"] = "1"  # the demo loader runs only with DEBUG on
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _status(url: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 (loopback)
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


class RssSampler(threading.Thread):
    """RSS of every gunicorn worker (children of the master) every 2 s."""

    def __init__(self, master_pid: int):
        super().__init__(daemon=True)
        import psutil

        self.master = psutil.Process(master_pid)
        self.samples: dict[int, list[tuple[float, float]]] = {}
        self.stopping = threading.Event()
        self.started_at = time.monotonic()

    def run(self):
        while not self.stopping.wait(2):
            for child in self.master.children():
                try:
                    mib = child.memory_info().rss / 2**20
                except Exception:  # noqa: S112 (a worker may be replaced between calls)
                    continue
                at = time.monotonic() - self.started_at
                self.samples.setdefault(child.pid, []).append((at, mib))

    def summary(self) -> list[dict]:
        """Per worker: RSS after warm-up (first sample past 15 s), at the end, growth."""
        rows = []
        for pid, samples in sorted(self.samples.items()):
            warm = [mib for at, mib in samples if at >= 15] or [samples[-1][1]]
            rows.append(
                {"pid": pid, "warm": warm[0], "end": samples[-1][1], "growth": warm[-1] - warm[0]}
            )
        return rows


def _locust(port: int, name: str, fixture: Path, *, fault: bool) -> dict:
    prefix = OUT / name
    counts = OUT / f"{name}_counts.json"
    env = {
        **os.environ,
        "LOAD_FIXTURE": str(fixture),
        "LOAD_FAULT": "1" if fault else "0",
        "LOAD_COUNTS": str(counts),
    }
    subprocess.run(
        [_bin("locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
         "-u", str(USERS), "-r", "25", "-t", f"{DURATION}s", "-H", f"http://127.0.0.1:{port}",
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
        cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv") as source:
        stats = {row["Name"]: row for row in csv.DictReader(source)}
    with open(f"{prefix}_failures.csv") as source:
        failures = list(csv.DictReader(source))
    total = stats["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "by_name": {
            name: (int(row["Request Count"]), float(row["50%"]), float(row["99%"]))
            for name, row in stats.items()
            if name != "Aggregated"
        },
        "errors": {f"{f['Name']}: {f['Error']}": int(f["Occurrences"]) for f in failures},
        "counts": json.loads(counts.read_text()) if counts.exists() else {},
    }


def _outage(port: int, log: dict) -> None:
    """Stop PostgreSQL at OUTAGE_AT s for OUTAGE_SECONDS; watch /healthz and a chart page."""
    from lbp_clinic import devdb

    time.sleep(OUTAGE_AT)
    health = f"http://127.0.0.1:{port}/healthz"
    devdb.stop()
    down_at = time.monotonic()
    answers = []
    while time.monotonic() - down_at < OUTAGE_SECONDS:
        answers.append(_status(health))
        time.sleep(0.25)
    log["healthz_during_outage"] = sorted(set(answers), key=str)
    subprocess.run([sys.executable, "-m", "lbp_clinic.devdb", "start"], check=True, cwd=ROOT)
    up_at = time.monotonic()
    while _status(health) != 200 and time.monotonic() - up_at < 60:
        time.sleep(0.1)
    log["recovery_seconds"] = time.monotonic() - up_at
    # Every worker: several answers in a row must be 200 (not only the first one to retry).
    healthy_run = 0
    while healthy_run < 3 * WORKERS and time.monotonic() - up_at < 60:
        healthy_run = healthy_run + 1 if _status(health) == 200 else 0
    log["all_workers_seconds"] = time.monotonic() - up_at


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(ENV)
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbp_clinic.settings")
    load_at_start = os.getloadavg()
    if not os.environ.get("DATABASE_URL"):
        subprocess.run([sys.executable, "-m", "lbp_clinic.devdb", "start"], check=True, cwd=ROOT)
    _manage("migrate", "--noinput", "-v0")
    _manage("load_library", "-v0")
    _manage("load_demo", debug=True)

    import django

    django.setup()
    from bench.__main__ import machine_description
    from bench.load.consistency import check_plans
    from bench.load.prepare import prepare
    from tests.processes.serving import free_port, wait_healthy

    fixture = OUT / "fixture.json"
    packet = prepare(fixture)["packet_path"]
    port = free_port()
    server = subprocess.Popen(
        [_bin("gunicorn"), "lbp_clinic.wsgi", f"--workers={WORKERS}",
         f"--bind=127.0.0.1:{port}", "--log-level=warning"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    results = {"machine": machine_description(load_at_start), "packet": packet}
    try:
        wait_healthy(port)
        sampler = RssSampler(server.pid)
        sampler.start()
        print(f"== load: {USERS} users, {DURATION} s, {WORKERS} gunicorn workers", flush=True)
        results["load"] = _locust(port, "load", fixture, fault=False)
        sampler.stopping.set()
        results["rss"] = sampler.summary()

        print(f"== fault: PostgreSQL stopped for {OUTAGE_SECONDS} s at {OUTAGE_AT} s", flush=True)
        outage: dict = {}
        stopper = threading.Thread(target=_outage, args=(port, outage))
        stopper.start()
        results["fault"] = _locust(port, "fault", fixture, fault=True)
        stopper.join()
        results["outage"] = outage
        results["consistency"] = check_plans()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print("== scale-out: tests/processes/test_scale_out.py", flush=True)
    started = time.monotonic()
    scale = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/processes/test_scale_out.py"],
        cwd=ROOT, env={k: v for k, v in os.environ.items() if k not in ENV}, check=False,
        capture_output=True, text=True,
    )  # fmt: skip
    results["scale_out"] = {
        "passed": scale.returncode == 0,
        "seconds": time.monotonic() - started,
        "summary": (scale.stdout.strip().splitlines() or [""])[-1],
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    from bench.load.report import verdicts, write_report

    report = write_report(results, ROOT / "bench" / "load_results.md")
    print(report)
    return 0 if all(ok for _name, ok in verdicts(results)) else 1


if __name__ == "__main__":
    sys.exit(main())
