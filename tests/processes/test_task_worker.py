"""django.tasks runs on the database backend: a task enqueued by the app is run by
`manage.py db_worker`, a separate process on the same PostgreSQL (as `make run` starts it)."""

import subprocess
import sys

import pytest
from django.tasks import TaskResultStatus

from tests.processes.serving import ROOT, process_env
from tests.processes.tasks_for_tests import add

pytestmark = pytest.mark.processes


@pytest.mark.django_db(transaction=True)
def test_worker_process_runs_an_enqueued_task():
    result = add.enqueue(2, 40)
    # The database backend stores the task; the web process does not run it.
    assert result.status == TaskResultStatus.READY

    finished = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
         "--no-reload"],
        cwd=ROOT, env=process_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == 42
