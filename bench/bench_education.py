"""Handouts at scale: the library list and search, a handout page, the live preview, the PDF.

Seeds one clinic with 600 handouts of its own (each with 2 published versions) beside the
shared library, with bulk_create, once: a second run finds them and reuses them.
"""

from django.db import transaction
from django.urls import reverse

from bench.harness import Row, bench_client, count_queries, get_ok, percentiles, time_calls
from education.library import HANDOUTS_DIR, read_handout_file
from education.markup import render_markdown
from education.models import Handout, HandoutVersion, Topic
from education.readability import handout_grade
from lbp_clinic.models import Clinic, User

CLINIC_NAME = "Bench Handout Clinic"
ADMIN_EMAIL = "admin@bench-handouts.example"
HANDOUTS = 600


def seed() -> tuple[User, Handout]:
    clinic, _ = Clinic.objects.get_or_create(name=CLINIC_NAME)
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_user(
            ADMIN_EMAIL, None, clinic=clinic, role=User.Role.CLINIC_ADMIN, first_name="Bench"
        )
    if Handout.objects.filter(clinic=clinic).count() < HANDOUTS:
        _seed_handouts(clinic, admin)
    return admin, Handout.objects.filter(clinic=clinic).order_by("pk").first()


@transaction.atomic
def _seed_handouts(clinic, admin):
    Handout.objects.filter(clinic=clinic).delete()  # unfinished earlier seed: drafts only
    sources = [read_handout_file(path)[0] for path in sorted(HANDOUTS_DIR.glob("*.toml"))]
    prepared = []
    for source in sources:
        content = {key: value for key, value in source.items() if key != "slug"}
        content["body_html"] = render_markdown(content["body_markdown"])
        content["readability_grade"] = handout_grade(
            purpose=content["purpose"],
            action_steps=content["action_steps"],
            body_markdown=content["body_markdown"],
            summary=content["summary"],
        )
        prepared.append(content)
    handouts = Handout.objects.bulk_create(
        [
            Handout(
                clinic=clinic,
                slug=f"bench-{number}",
                updated_by=admin,
                **{**prepared[number % len(prepared)], "title": f"Bench {number}"},
            )
            for number in range(HANDOUTS)
        ]
    )
    versions = HandoutVersion.objects.bulk_create(
        [
            HandoutVersion(
                handout=handout,
                number=number,
                published_by=admin,
                **{
                    key: getattr(handout, key)
                    for key in (
                        *("topic", "language", "title", "purpose", "body_markdown"),
                        *("body_html", "action_steps", "summary", "references"),
                        "readability_grade",
                    )
                },
            )
            for handout in handouts
            for number in (1, 2)
        ]
    )
    latest = {version.handout_id: version for version in versions if version.number == 2}
    for handout in handouts:
        handout.current_version = latest[handout.pk]
        handout.status = Handout.Status.PUBLISHED
    Handout.objects.bulk_update(handouts, ["current_version", "status"])


def _timed(measure, function, target, *, repeat=30, note=""):
    p50, p95 = percentiles(time_calls(function, repeat=repeat, warmup=3))
    return Row(measure, p50, p95, target, note=note)


def run() -> list[Row]:
    admin, handout = seed()
    client = bench_client(admin)
    library = reverse("education:list")
    total = Handout.objects.for_clinic(admin.clinic, include_shared=True).count()
    rows = [
        _timed(
            f"library, first page of {total} handouts",
            lambda: get_ok(client, library),
            "p95 < 150 ms",
            note=f"{count_queries(lambda: get_ok(client, library))} queries",
        ),
        _timed(
            "library search 'sleep' (full text)",
            lambda: get_ok(client, f"{library}?q=sleep"),
            "p95 < 200 ms",
            note=f"{count_queries(lambda: get_ok(client, library + '?q=sleep'))} queries",
        ),
        _timed(
            "library htmx partial, topic filter",
            lambda: get_ok(client, f"{library}?topic={Topic.PACING}", **{"HX-Request": "true"}),
            "p95 < 150 ms",
        ),
        _timed(
            "handout page (patient's view)",
            lambda: get_ok(client, reverse("education:detail", args=[handout.pk])),
            "p95 < 100 ms",
        ),
        _timed(
            "compare two versions",
            lambda: get_ok(client, reverse("education:compare", args=[handout.pk])),
            "p95 < 150 ms",
        ),
    ]
    preview_url = reverse("education:preview", args=[handout.pk])
    typed = {"n": 0}

    def preview():
        # Every keystroke is new text: no cache helps the grade or the Markdown.
        typed["n"] += 1
        data = {
            "title": handout.title,
            "topic": handout.topic,
            "language": "en",
            "purpose": handout.purpose,
            "action_steps": "\n".join(handout.action_steps),
            "body_markdown": f"{handout.body_markdown}\nWalk {typed['n']} steps more today.",
            "summary": handout.summary,
            "references": "\n".join(handout.references),
        }
        response = client.post(preview_url, data, headers={"HX-Request": "true"})
        if response.status_code != 200:
            raise RuntimeError(f"preview answered {response.status_code}")

    rows.append(_timed("live preview + reading grade (htmx)", preview, "p95 < 150 ms"))
    pdf = reverse("education:pdf", args=[handout.pk])
    rows.append(
        _timed("handout PDF, normal print", lambda: get_ok(client, pdf), "p95 < 1500 ms", repeat=8)
    )
    rows.append(
        _timed(
            "handout PDF, large print",
            lambda: get_ok(client, f"{pdf}?size=large"),
            "p95 < 1500 ms",
            repeat=8,
        )
    )
    return rows
