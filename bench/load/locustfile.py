"""Mixed clinic traffic for `make loadtest`: chart views, builder edits, searches, packets.

Each virtual user is logged in (a session from bench/load/prepare.py) as its own
therapist of one of the two demo clinics and works on that clinic's load plans. A builder
edit is a real htmx row update carrying the plan revision the user last saw; when two
users edit the same plan, the later save gets the builder's 409 conflict answer, which is
the expected, correct answer (counted as "conflict", not as an error), and the user goes
on from the revision that answer carries.

LOAD_FIXTURE names the JSON written by bench/load/prepare.py. With LOAD_FAULT=1 (the
outage run), a 503 carrying our "database unavailable" page is counted apart from errors.
"""

import itertools
import json
import os
import random
import re
import secrets
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"]).read())  # noqa: SIM115
FAULT = os.environ.get("LOAD_FAULT") == "1"
REVISION = re.compile(r'id="plan-revision" name="revision" value="(\d+)"')
EXERCISE_QUERIES = ["deadlift", "dedlift", "bird dog", "hinge", "plank", "bridge", "squat"]
PATIENT_QUERIES = ["smith", "smiht", "lopez", "ana", "nguyen", "patel brown", "1961"]
ACCOUNTS = itertools.cycle(
    (clinic, email) for pair in zip(*(
        [(c, e) for e in c["sessions"]] for c in FIXTURE["clinics"]
    ), strict=False) for clinic, email in pair
)  # fmt: skip
COUNTS = {"conflict": 0, "outage_503": 0}
# Every NEW_PACKET_EVERY-th packet download (across all users) is a new render: about two a
# minute at this load (a therapist prints a changed plan at the end of a visit).
NEW_PACKET_EVERY = 30
PACKETS = itertools.count(1)


def _dose(prefix, rng):
    values = {
        "sets": rng.randint(2, 4), "reps_min": 8, "reps_max": rng.choice([10, 12, 15]),
        "load": rng.choice(["15", "20", "22.5", "25"]), "load_unit": "kg",
        "days_per_week": rng.randint(2, 4), "side": "both", "start_week": 1,
        "rule": "double_progression", "effort_type": "RPE", "effort_target": "7", "home": "on",
        "cues": rng.choice(["Brace gently", "Breathe out as you lift", "Slow and smooth"]),
    }  # fmt: skip
    return {f"{prefix}-{key}": value for key, value in values.items()}


class Therapist(HttpUser):
    # A therapist reads what a click shows before the next one: 1-5 s between actions.
    wait_time = between(1, 5)

    def on_start(self):
        self.clinic, session = next(ACCOUNTS)
        self.edited: list[str] = []  # draft plans this user changed
        self.rng = random.Random()
        self.revisions = {}
        # Cookies for the host the server answers as, so its Set-Cookie replaces them.
        host = urlsplit(self.host).hostname
        self.csrf = secrets.token_hex(16)
        self.client.cookies.set("sessionid", session, domain=host, path="/")
        self.client.cookies.set("csrftoken", self.csrf, domain=host, path="/")
        # People arrive over the minute and read the screen before their first click, not
        # all 50 in the same second the load starts.
        self.wait()

    def _check(self, response):
        """Judge one answer: 2xx is fine; a 409 from the builder is the conflict answer;
        during the outage run a 503 with our page is expected; anything else is an error."""
        status = response.status_code
        if status == 409:
            COUNTS["conflict"] += 1
            response.success()
        elif status == 503 and FAULT and "Traceback" not in response.text:
            COUNTS["outage_503"] += 1
            response.failure("503 page (database down)")
        elif 200 <= status < 300:
            response.success()
        else:
            response.failure(f"unexpected {status}")
        return status

    def _get(self, url, name, **headers):
        with self.client.get(url, name=name, headers=headers, catch_response=True) as response:
            self._check(response)
            return response

    def _plan(self):
        plan_id = self.rng.choice(list(self.clinic["plans"]))
        return plan_id, self.clinic["plans"][plan_id]

    @task(4)
    def chart(self):
        patient = self.rng.choice(self.clinic["patients"])
        self._get(f"/patients/{patient}/", "chart")

    @task(3)
    def builder_edit(self):
        plan_id, rows = self._plan()
        if plan_id not in self.revisions:
            page = self._get(f"/plans/{plan_id}/", "builder page")
            found = REVISION.search(page.text or "")
            if not found:
                return
            self.revisions[plan_id] = found.group(1)
        row = self.rng.choice(rows)
        prefix = f"exercise-{row}"
        data = {**_dose(prefix, self.rng), "revision": self.revisions[plan_id]}
        with self.client.post(
            f"/plans/{plan_id}/exercise/{row}/",
            data,
            name="builder row save",
            headers={"HX-Request": "true", "X-CSRFToken": self.csrf},
            catch_response=True,
        ) as response:
            status = self._check(response)
            found = REVISION.search(response.text or "")
            if status in (200, 409) and found:
                self.revisions[plan_id] = found.group(1)  # the answer carries the latest
                self.edited.append(plan_id)
            else:
                self.revisions.pop(plan_id, None)

    @task(3)
    def exercise_search(self):
        query = self.rng.choice(EXERCISE_QUERIES)
        self._get(f"/exercises/?q={query}", "exercise search", **{"HX-Request": "true"})

    @task(3)
    def patient_search(self):
        query = self.rng.choice(PATIENT_QUERIES)
        self._get(f"/patients/?q={query}", "patient search")

    @task(1)
    def packet(self):
        """Most downloads are of a signed plan whose packet was printed before (the stored
        PDF); every NEW_PACKET_EVERY-th is of a draft just edited: a new render."""
        if not FIXTURE["packet_path"] or os.environ.get("LOAD_PACKETS") == "0":
            return  # no packet route, or `make loadtest LOAD_PACKETS=0`: the mix without PDFs
        if next(PACKETS) % NEW_PACKET_EVERY == 0:
            plan_id = self.edited.pop() if self.edited else self._plan()[0]
            name = "packet pdf, new render"
        else:
            plan_id, name = self.rng.choice(self.clinic["signed_plans"]), "packet pdf, stored"
        self._get(FIXTURE["packet_path"].format(plan_id=plan_id), name)


@events.quitting.add_listener
def _write_counts(environment, **kwargs):
    path = os.environ.get("LOAD_COUNTS")
    if path:
        with open(path, "w") as out:
            json.dump(COUNTS, out)
