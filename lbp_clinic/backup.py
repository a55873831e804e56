"""Backups: `python -m lbp_clinic.backup dump FILE` and `... check` (`make backup-check`).

`dump` writes a compressed custom-format pg_dump of the app's database (DATABASE_URL, or
the embedded server). `check` proves a backup restores: it dumps, restores the dump into
a scratch database on the same server, compares the row count of every table with the
source, and drops the scratch database. Run `dump` from cron (README "Running in
production"); run `check` after any change to the schedule and at least monthly.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _tool(name: str) -> str:
    """The PostgreSQL client program: the embedded server's own (same version), else PATH."""
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed (Debian: postgresql-client)")
    return found


def _connection(database: str | None = None) -> tuple[list[str], dict]:
    from django.db import connection

    settings = connection.settings_dict
    args = ["--username", settings["USER"], "--dbname", database or settings["NAME"]]
    if settings["HOST"]:
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def dump(path: Path) -> float:
    args, env = _connection()
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 (our PostgreSQL tools, arguments from settings)
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
        env=env, check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def _row_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT schemaname || '.' || tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        schema, name = table.split(".", 1)
        cursor.execute(f'SELECT count(*) FROM "{schema}"."{name}"')  # noqa: S608 (catalog names)
        counts[table] = cursor.fetchone()[0]
    return counts


def check() -> int:
    import psycopg
    from django.db import connection

    scratch = f"{connection.settings_dict['NAME']}_restore_check"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "backup.dump"
        seconds = dump(path)
        size = path.stat().st_size
        with connection.cursor() as cursor:
            source = _row_counts(cursor)
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            cursor.execute(f'CREATE DATABASE "{scratch}"')
        try:
            args, env = _connection(scratch)
            started = time.perf_counter()
            subprocess.run(  # noqa: S603 (our PostgreSQL tools, arguments from settings)
                [_tool("pg_restore"), "--no-owner", "--exit-on-error", *args, str(path)],
                env=env, check=True,
            )  # fmt: skip
            restore_seconds = time.perf_counter() - started
            params = {**connection.get_connection_params(), "dbname": scratch}
            with psycopg.connect(**params) as restored, restored.cursor() as cursor:
                copy = _row_counts(cursor)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    different = {t: (n, copy.get(t)) for t, n in source.items() if copy.get(t) != n}
    rows = sum(source.values())
    print(
        f"Backup of {connection.settings_dict['NAME']}: {size / 2**20:.1f} MiB in {seconds:.1f} s; "
        f"restored into {scratch} in {restore_seconds:.1f} s; {len(source)} tables, "
        f"{rows:,} rows compared."
    )
    if different:
        print(f"RESTORE CHECK FAILED: row counts differ: {different}")
        return 1
    print("Restore check passed: every table has the same rows after the restore.")
    return 0


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbp_clinic.settings")
    import django

    django.setup()
    if argv[:1] == ["dump"] and len(argv) == 2:
        seconds = dump(Path(argv[1]))
        print(f"Wrote {argv[1]} in {seconds:.1f} s")
        return 0
    if argv == ["check"]:
        return check()
    print("usage: python -m lbp_clinic.backup dump FILE | check")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
