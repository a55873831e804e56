"""Scale-out: two gunicorn app servers and the task worker on one PostgreSQL.

The concurrent-edit guarantee (SECURITY 17: every builder save is a conditional update
on the plan's `revision`) must hold across processes, not just across threads: 50 saves
of the same exercise row, all carrying the same revision, race through both servers.
Exactly one wins (200); the others get the 409 conflict answer and write nothing; the
row holds the winner's value; the revision and the audit log count one save per round.
"""

import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lbp_clinic.models import AuditEvent
from plans import services
from plans.models import PlanExercise, PlanOfCare
from tests.processes.serving import free_port, start_gunicorn, start_worker, stop, wait_healthy
from tests.processes.tasks_for_tests import add

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]

RACERS = 50
ROUNDS = 3


class _Request:
    """What the services need of a request when the test itself makes a change."""

    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "127.0.0.1"}


def _dose(prefix, load, note):
    values = {
        "sets": 3, "reps_min": 8, "reps_max": 12, "load": load, "load_unit": "kg",
        "days_per_week": 2, "side": "both", "start_week": 1, "rule": "none",
        "effort_type": "", "home": "on", "cues": note,
    }  # fmt: skip
    return {f"{prefix}-{key}": value for key, value in values.items()}


def _post(url, data, cookies):
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (loopback)
    request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    request.add_header("X-CSRFToken", cookies["csrftoken"])
    request.add_header("HX-Request", "true")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def servers():
    ports = [free_port(), free_port()]
    processes = [start_gunicorn(port) for port in ports] + [start_worker()]
    try:
        for port in ports:
            wait_healthy(port)
        yield ports
    finally:
        for process in processes:
            stop(process)


def test_racing_saves_across_two_app_servers_have_one_winner_per_revision(
    servers, plan, exercises, therapist, colleague
):
    item = services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=_Request(therapist)
    )
    # Two therapists of the clinic, each logged in with their own session.
    cookie_jars = []
    for user in (therapist, colleague):
        client = Client()
        client.force_login(user)
        cookie_jars.append(
            {"sessionid": client.cookies["sessionid"].value, "csrftoken": secrets.token_hex(16)}
        )
    prefix = f"exercise-{item.pk}"
    path = reverse("plans:row-update", args=[plan.pk, "exercise", item.pk])
    task = add.enqueue(20, 22)  # the worker runs beside the race

    for round_number in range(ROUNDS):
        revision = PlanOfCare.objects.get(pk=plan.pk).revision
        start = threading.Barrier(RACERS)

        def save(racer, revision=revision, start=start, round_number=round_number):
            port = servers[racer % 2]
            data = {
                **_dose(prefix, 10 + racer, f"round {round_number} racer {racer}"),
                "revision": revision,
            }
            start.wait()
            return racer, _post(f"http://127.0.0.1:{port}{path}", data, cookie_jars[racer % 2])

        with ThreadPoolExecutor(RACERS) as pool:
            answers = dict(pool.map(save, range(RACERS)))

        winners = [racer for racer, status in answers.items() if status == 200]
        assert sorted(set(answers.values())) == [200, 409], answers
        assert len(winners) == 1, answers
        row = PlanExercise.objects.get(pk=item.pk)
        assert row.load == Decimal(10 + winners[0])  # the winner's save, nobody else's
        assert row.cues == f"round {round_number} racer {winners[0]}"
        assert PlanOfCare.objects.get(pk=plan.pk).revision == revision + 1

    saves = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_id=str(item.pk), patient_id=plan.patient_id
    )
    assert saves.count() == ROUNDS  # one audited save per revision; the losers wrote nothing

    for _ in range(100):
        task.refresh()
        if task.is_finished:
            break
        threading.Event().wait(0.1)
    assert task.return_value == 42
