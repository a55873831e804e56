"""Real processes against the test database: gunicorn app servers and the task worker.

Tests that use these need `django_db(transaction=True)`: the processes see only committed
rows. The processes get the test database through DATABASE_URL and the test environment
(tests/testenv.py) with DEBUG off, as in production.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """DATABASE_URL naming the database this test run uses (the embedded server's socket)."""
    settings = connection.settings_dict
    host = quote(settings["HOST"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{settings['USER']}{password}@{host}{port}/{settings['NAME']}"


def process_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DATABASE_URL"] = database_url()
    env["CONN_MAX_AGE"] = "60"
    # WhiteNoise warns that collectstatic has not run; the tests do not need it.
    env["PYTHONWARNINGS"] = "ignore:No directory at"
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, *, workers: int = 2) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "lbp_clinic.wsgi", f"--workers={workers}", f"--bind=127.0.0.1:{port}",
         "--log-level=warning", "--preload"],
        cwd=ROOT, env=process_env(),
    )  # fmt: skip


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval=0.2",
         "--no-reload"],
        cwd=ROOT, env=process_env(),
    )  # fmt: skip


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not become healthy")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
