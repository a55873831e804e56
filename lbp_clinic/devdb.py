"""Embedded PostgreSQL for development and tests: `python -m lbp_clinic.devdb start|stop|status`.

Used only when DATABASE_URL is not set. The server keeps running between commands
(its data lives in .data/pg), so a second `make run` reuses it.
"""

import os
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = BASE_DIR / ".data" / "pg"
# `make bench` sets LBP_DATABASE_NAME to keep its large data set apart from the demo data.
DATABASE_NAME = os.environ.get("LBP_DATABASE_NAME", "lbp_clinic")
DATABASE_USER = "postgres"


def settings_dict() -> dict:
    """The Django DATABASES entry for the embedded server (a Unix socket in PGDATA)."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": DATABASE_USER,
        "HOST": str(PGDATA),
    }


def start() -> None:
    # platformdirs warns that XDG_RUNTIME_DIR is unset; harmless for a server in .data/.
    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver  # imported here: production never needs it

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None leaves the server running after this process exits.
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 (a constant)
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    print(f"PostgreSQL running, socket in {PGDATA}, database {DATABASE_NAME}")


def stop() -> None:
    import subprocess

    pg_ctl = Path(__import__("pgserver").__file__).parent / "pginstall" / "bin" / "pg_ctl"
    if not (PGDATA / "postmaster.pid").exists():
        print("PostgreSQL is not running")
        return
    # pgserver runs the server as its own unprivileged user when we are root.
    owner = PGDATA.owner()
    cmd = [str(pg_ctl), "-D", str(PGDATA), "-m", "fast", "-w", "stop"]
    if owner != _current_user():
        cmd = ["su", owner, "-s", "/bin/sh", "-c", " ".join(cmd)]
    subprocess.run(cmd, check=True)  # noqa: S603 (our own pg_ctl, fixed arguments)


def _current_user() -> str:
    import getpass

    return getpass.getuser()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    {"start": start, "stop": stop}[command]()
