"""Exercise library at scale: search server time with 10,000 exercises, and list query counts.

Seeds (once; a second run reuses them) a clinic with 10,000 exercises of its own, made
from the shared library's names with variations, with bulk_create and one UPDATE that
fills every search vector (a trigger copies each row into the narrow search table,
exercises_searchentry); and a clinic with 10. Measures the search-as-you-type request
(the htmx partial) in-process, the same SQL run straight through psycopg (the database
floor), and the list page's query count for both clinics (which must be equal).

Every search is a real one: nothing caches results between requests, so each timed call
ranks the matches again (only PostgreSQL's buffers are warm, as on a busy server).

The machine is shared: read wall-clock figures with the load average and the machine row;
"Python CPU" (process time per request) moves much less with the load.
"""

import itertools
import statistics
import time

import psycopg
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.harness import (
    Row,
    bench_client,
    count_queries,
    cpu_calls,
    get_ok,
    percentiles,
    time_calls,
)
from bench.seed import Progress
from exercises.models import (
    CONTENT_FIELDS,
    DOSAGE_FIELDS,
    Exercise,
    ExerciseImage,
    FavouriteExercise,
    refresh_search_words,
    search_vector_expression,
)
from lbp_clinic.models import Clinic, User

SEED_COUNT = 10_000
BIG_CLINIC, BIG_USER = "Bench: 10,000 exercises", "bench-exercises-big@bench.example"
SMALL_CLINIC, SMALL_USER = "Bench: 10 exercises", "bench-exercises-small@bench.example"
QUERIES = ["dedlift", "back pain hinge", "deadlift", "kettle", "romanain dedlift", "bird dog"]
TARGET_MS = 30
REPEAT = 60

VARIATIONS = [
    "Tempo",
    "Paused",
    "Banded",
    "Single-arm",
    "Deficit",
    "Isometric",
    "Eccentric",
    "Half-kneeling",
    "Supported",
    "Wide-stance",
    "Staggered",
    "Slow",
]
SETTINGS = ["", "with a pause", "on a bench", "for endurance", "for power", "with a band"]


def _user(email, clinic):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            None,
            clinic=clinic,
            role=User.Role.THERAPIST,
            first_name="Bench",
            last_name="User",
        )
    return user


def _variant_rows(clinic, count, start):
    """Exercises named like a real clinic's variations of the shared library."""
    templates = list(Exercise.objects.filter(clinic__isnull=True).order_by("slug"))
    combos = itertools.cycle(itertools.product(SETTINGS, VARIATIONS, templates))
    rows = []
    chosen = itertools.islice(combos, start, start + count)
    for number, (setting, variation, base) in enumerate(chosen, start):
        name = f"{variation} {base.name.lower()} {setting}".strip()
        if number >= len(SETTINGS) * len(VARIATIONS) * len(templates):
            name = f"{name} ({number})"
        row = Exercise(clinic=clinic, slug=f"bench-{number}", name=name[:120])
        # Everything but the name, which is made unique above.
        for field in (*CONTENT_FIELDS[1:], *DOSAGE_FIELDS):
            setattr(row, field, getattr(base, field))
        rows.append(row)
    return rows


def seed():
    big, _ = Clinic.objects.get_or_create(name=BIG_CLINIC)
    small, _ = Clinic.objects.get_or_create(name=SMALL_CLINIC)
    big_user, small_user = _user(BIG_USER, big), _user(SMALL_USER, small)
    for clinic, wanted in ((big, SEED_COUNT), (small, 10)):
        have = Exercise.objects.filter(clinic=clinic).count()
        if clinic == big:
            progress = Progress("exercises", wanted)
            progress.advance(have)
        while have < wanted:
            batch = min(1000, wanted - have)
            Exercise.objects.bulk_create(_variant_rows(clinic, batch, have))
            have += batch
            if clinic == big:
                progress.advance(batch)
    # One UPDATE fills every missing search vector.
    Exercise.objects.filter(search_vector__isnull=True).update(
        search_vector=search_vector_expression()
    )
    refresh_search_words()  # the typo vocabulary, in one statement too
    # Photos on every tenth exercise and a few favourites, as a real list page shows them.
    # Once: each run used to give a tenth of the exercises still without one a photo.
    for clinic, user in ((big, big_user), (small, small_user)):
        if not ExerciseImage.objects.filter(exercise__clinic=clinic).exists():
            exercises = Exercise.objects.filter(clinic=clinic).order_by("pk")
            ExerciseImage.objects.bulk_create(
                [
                    ExerciseImage(
                        exercise=exercise, image="exercise-images/bench.jpg", description="Bench"
                    )
                    for exercise in exercises[::10]
                ]
            )
        if not FavouriteExercise.objects.filter(user=user).exists():
            FavouriteExercise.objects.bulk_create(
                [
                    FavouriteExercise(user=user, exercise=exercise)
                    for exercise in Exercise.objects.filter(clinic=clinic).order_by("pk")[:5]
                ]
            )
    with connection.cursor() as cursor:
        # The one UPDATE above leaves a dead copy of every seeded row: half the table's pages
        # are empty, and a search (which reads every matching row to rank it) reads twice
        # the pages a clinic's table holds after autovacuum (rows are added a few at a
        # time there, and the freed space is reused). Compact it, as a real table is.
        cursor.execute("VACUUM (FULL, ANALYZE) exercises_exercise")
        # The search table is written by a trigger on every one of those rows: the same.
        cursor.execute("VACUUM (FULL, ANALYZE) exercises_searchentry")
        cursor.execute("ANALYZE exercises_exerciseimage")
    return big_user, small_user


def _search_sql(client, query):
    """The SQL the search request runs against the exercise and search tables (not the
    typo lookup), parameters inlined."""
    with CaptureQueriesContext(connection) as captured:
        get_ok(client, "/exercises/?q=" + query, HX_Request="true")
    tables = ("exercises_exercise", "exercises_searchentry")
    return [q["sql"] for q in captured if any(table in q["sql"] for table in tables)]


def _database_floor(statements):
    """Run the statements through a plain psycopg connection: what the database alone needs."""
    with psycopg.connect(**connection.get_connection_params()) as raw, raw.cursor() as cursor:

        def run():
            for sql in statements:
                cursor.execute(sql.encode())
                cursor.fetchall()

        return percentiles(time_calls(run, repeat=REPEAT))


def _matches(client, url):
    """The result count as the page says it ("1091", "more than 1,000")."""
    html = get_ok(client, url, HX_Request="true").content.decode()
    text = html.split('hx-swap-oob="innerHTML">', 1)[1].split("<", 1)[0]
    if "more than" in text:
        return "more than " + text.split("more than ", 1)[1].split(" ", 1)[0]
    return text.rsplit(" of ", 1)[-1].split(" ", 1)[0] if " of " in text else text.split(" ")[0]


def _cpu_ms(function) -> float:
    return statistics.mean(cpu_calls(function))


def run() -> list[Row]:
    big_user, small_user = seed()
    visible = (
        Exercise.objects.filter(clinic__name=BIG_CLINIC).count()
        + Exercise.objects.filter(clinic__isnull=True).count()
    )
    client = bench_client(big_user)
    rows = []

    # How fast this machine runs Python (a recent laptop: about 100 ms), for reading the rest.
    started = time.process_time()
    sum(range(10_000_000))
    rows.append(
        Row(
            measure="machine: sum(range(10**7)), Python CPU",
            p50_ms=(time.process_time() - started) * 1000,
            p95_ms=None,
            target="",
            note="a recent laptop takes about 100 ms",
        )
    )
    # What any logged-in page costs here before its own work: the dashboard.
    p50, p95 = percentiles(time_calls(lambda: get_ok(client, "/"), repeat=REPEAT))
    rows.append(
        Row(
            measure="baseline: dashboard (session, user, clinic, session save)",
            p50_ms=p50,
            p95_ms=p95,
            target="",
            note=f"{_cpu_ms(lambda: get_ok(client, '/')):.1f} ms Python CPU",
        )
    )
    for query in QUERIES:
        url = "/exercises/?q=" + query.replace(" ", "+")
        p50, p95 = percentiles(
            time_calls(lambda url=url: get_ok(client, url, HX_Request="true"), repeat=REPEAT)
        )
        floor_p50, floor_p95 = _database_floor(_search_sql(client, query.replace(" ", "+")))
        cpu = _cpu_ms(lambda url=url: get_ok(client, url, HX_Request="true"))
        rows.append(
            Row(
                measure=f"search “{query}” (htmx results, {visible:,} exercises)",
                p50_ms=p50,
                p95_ms=p95,
                target=f"p95 < {TARGET_MS} ms",
                baseline=f"SQL via psycopg p50 {floor_p50:.1f} / p95 {floor_p95:.1f}",
                ratio=p95 / floor_p95 if floor_p95 else None,
                note=(
                    f"{_matches(client, url)} matches; {cpu:.1f} ms Python CPU; "
                    f"{'met' if p95 < TARGET_MS else 'over target'}"
                ),
            )
        )

    p50, p95 = percentiles(time_calls(lambda: get_ok(client, "/exercises/"), repeat=REPEAT))
    rows.append(
        Row(
            measure=f"list page, whole page, no search ({visible:,} exercises)",
            p50_ms=p50,
            p95_ms=p95,
            target="",
            note=f"{_cpu_ms(lambda: get_ok(client, '/exercises/')):.1f} ms Python CPU",
        )
    )
    small_client = bench_client(small_user)
    small_count = count_queries(lambda: get_ok(small_client, "/exercises/"))
    big_count = count_queries(lambda: get_ok(client, "/exercises/"))
    small_search = count_queries(lambda: get_ok(small_client, "/exercises/?q=dedlift"))
    big_search = count_queries(lambda: get_ok(client, "/exercises/?q=dedlift"))
    equal = (small_count, small_search) == (big_count, big_search)
    rows.append(
        Row(
            measure="queries: clinic with 10 vs 10,000 own exercises",
            p50_ms=None,
            p95_ms=None,
            target="equal",
            note=(
                f"list {small_count} vs {big_count}, search {small_search} vs {big_search}: "
                f"{'equal' if equal else 'DIFFERENT'}"
            ),
        )
    )
    return rows
