"""Patients at volume: 100,000 patients and 1,000,000 outcome results in one clinic.

Measures the server time of the patient search (page and htmx partial) and of the chart,
checks the query count equals that of a clinic with 10 patients, and runs the same search
SQL straight through psycopg as the floor. Seeding is SQL (INSERT ... SELECT over
generate_series), idempotent: a second run finds the rows and reuses them.
"""

import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.harness import Row, bench_client, count_queries, get_ok, percentiles, time_calls
from bench.seed import Progress
from lbp_clinic.models import Clinic, User
from patients import selectors
from patients.models import OutcomeResult, Patient

BIG = "Bench Big Clinic"
SMALL = "Bench Small Clinic"
PATIENTS = 100_000
RESULTS_PER_PATIENT = 10  # 1,000,000 outcome results
INTAKE_EVERY = 5  # one patient in five has a completed intake
SMALL_PATIENTS = 10
TARGET_MS = 50

_FIRST_NAMES_TEXT = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy "
    "Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily "
    "Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah "
    "Timothy Stephanie Ronald Dorothy Jason Rebecca Edward Sharon Jeffrey Laura Ryan Cynthia "
    "Jacob Amy Gary Kathleen Nicholas Angela Eric Shirley Jonathan Brenda Stephen Emma Larry "
    "Anna Justin Pamela Scott Nicole Brandon Samantha Benjamin Katherine Samuel Christine "
    "Gregory Helen Alexander Debra Patrick Rachel Frank Carolyn Raymond Janet Jack Maria "
    "Dennis Catherine Jerry Heather Tyler Diane Aaron Olivia Jose Julie Adam Joyce Nathan "
    "Victoria Henry Ruth Zachary Virginia Douglas Lauren Peter Kelly Kyle Christina Noah Joan"
)
_LAST_NAMES_TEXT = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
    "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
    "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
    "Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
    "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed "
    "Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray "
    "Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez "
    "Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales "
    "Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds "
    "Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar "
    "Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington "
    "Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson "
    "Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes "
    "Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice "
    "Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant "
    "Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley "
    "Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado "
    "Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis "
    "Carpenter Lawrence Sandoval O'Connor Smyth Schmitt"
)
FIRST_NAMES = _FIRST_NAMES_TEXT.split()
LAST_NAMES = _LAST_NAMES_TEXT.split()

# Searches a front desk types: a common name, typos, two words, dates in three forms,
# an MRN, a two-letter start, and the plain list.
SEARCHES = [
    "smith",
    "smiht",
    "jonh smith",
    "maria alvarez",
    "04/12/1961",
    "1961-04-12",
    "12 Apr 1961",
    "B0054321",
    "ma",
    "",
]


def _array(names):
    return "ARRAY[" + ",".join("'" + name.replace("'", "''") + "'" for name in names) + "]"


def _step(label, started):
    """Seeding steps are shown by the progress bar; kept for the step timings in debugging."""
    del label, started


def _seed_patients(clinic, count, prefix, started):
    """`count` patients of `clinic` named from the lists, dates of birth spread over 90 years."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO patients_patient (
                clinic_id, first_name, last_name, preferred_name, date_of_birth, sex, phone,
                email, address, preferred_language, mrn, referring_provider, payer,
                emergency_contact_name, emergency_contact_phone, archived, created_at, updated_at
            )
            SELECT
                %s,
                ({_array(FIRST_NAMES)})[1 + (i::bigint * 7919) %% {len(FIRST_NAMES)}],
                ({_array(LAST_NAMES)})[1 + (i::bigint * 104729) %% {len(LAST_NAMES)}],
                '',
                DATE '1930-01-01' + ((i::bigint * 2654435761) %% 33000)::int,
                CASE WHEN i %% 2 = 0 THEN 'female' ELSE 'male' END,
                '(555) 555-' || lpad((i %% 10000)::text, 4, '0'),
                '', '', 'English',
                %s || lpad(i::text, 7, '0'),
                '', 'Medicare', '', '',
                i %% 50 = 0,
                now() - (i %% 900) * interval '1 day',
                now()
            FROM generate_series(1, %s) AS i
            """,  # noqa: S608 (constant name lists, no user input)
            [clinic.pk, prefix, count],
        )
    _step(f"{count:,} patients of {clinic.name}", started)


def _seed_intakes(clinic, started):
    """A completed intake with an all-"no" red-flag screen for one patient in INTAKE_EVERY."""
    flags = [
        "saddle_anaesthesia", "bladder_dysfunction", "faecal_incontinence", "leg_weakness",
        "age_risk", "cancer_history", "weight_loss", "fever", "recent_infection",
        "iv_drug_use", "immunosuppression", "night_pain", "no_improvement", "major_trauma",
        "minor_trauma_osteoporosis", "long_term_steroids", "pulsating_abdominal_mass",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO patients_intake (
                patient_id, status, intake_date, chief_complaint, onset_date,
                symptom_duration_class, mechanism, mechanism_details, leg_pain, leg_pain_side,
                aggravating_factors, easing_factors, pattern_24_hour, prior_episodes,
                prior_episodes_details, imaging_done, imaging_findings_told,
                imaging_scary_words, work_status, work_details, activity_level, sleep_hours,
                sleep_quality, stress_level, diet_quality, social_connection, patient_goals,
                pain_beliefs_and_fears, clinical_impression, created_at, updated_at,
                completed_at
            )
            SELECT
                p.id, 'completed', CURRENT_DATE - 60, 'Low back pain', CURRENT_DATE - 200,
                'chronic', 'movement', '', 'below_knee', 'left', 'Sitting', 'Walking',
                'Stiff mornings', 'few', '', true, 'A disc bulge', true, 'usual', '',
                'light', 6.5, 2, 4, 3, 2, 'Garden again', 'Worried about bending',
                'Chronic LBP with leg pain', now(), now(), now()
            FROM patients_patient p
            WHERE p.clinic_id = %s AND p.id %% %s = 0
            """,
            [clinic.pk, INTAKE_EVERY],
        )
        cursor.execute(
            f"""
            INSERT INTO patients_redflagscreen (intake_id, {", ".join(flags)}, action,
                                                action_details)
            SELECT i.id, {", ".join("false" for _ in flags)}, '', ''
            FROM patients_intake i JOIN patients_patient p ON p.id = i.patient_id
            WHERE p.clinic_id = %s
            """,  # noqa: S608 (constant field names)
            [clinic.pk],
        )
    _step(f"intakes of one patient in {INTAKE_EVERY}", started)


def _seed_results(clinic, started):
    """RESULTS_PER_PATIENT results per patient, cycling NPRS, ODI, FABQ, PSEQ, STarT Back,
    a week apart, with item responses that agree with the score."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO patients_outcomeresult (
                patient_id, instrument_key, instrument_version, responses, item_labels, score,
                subscales, interpretation, taken_at, entered_at
            )
            SELECT
                p.id,
                (ARRAY['nprs','odi','fabq','pseq','start_back'])[1 + n %% 5],
                (ARRAY['NPRS 0-10','ODI 2.1a','FABQ-16','PSEQ-10','SBST 9-item'])[1 + n %% 5],
                CASE n %% 5
                    WHEN 0 THEN to_jsonb(v %% 11)
                    WHEN 1 THEN to_jsonb(array_fill(v %% 6, ARRAY[10]))
                    WHEN 2 THEN to_jsonb(array_fill(v %% 7, ARRAY[16]))
                    WHEN 3 THEN to_jsonb(array_fill(v %% 7, ARRAY[10]))
                    ELSE to_jsonb(array_fill(v %% 2, ARRAY[9]))
                END,
                '[]'::jsonb,
                CASE n %% 5
                    WHEN 0 THEN v %% 11
                    WHEN 1 THEN (v %% 6) * 20
                    WHEN 2 THEN (v %% 7) * 4
                    WHEN 3 THEN (v %% 7) * 10
                    ELSE (v %% 2) * 9
                END,
                CASE n %% 5
                    WHEN 2 THEN jsonb_build_object('physical_activity', (v %% 7) * 4,
                                                   'work', (v %% 7) * 7)
                    WHEN 4 THEN jsonb_build_object('distress', (v %% 2) * 5)
                    ELSE '{}'::jsonb
                END,
                '',
                now() - (RESULTS_PER_PATIENT - n) * interval '7 days',
                now()
            FROM patients_patient p
            CROSS JOIN generate_series(0, %s - 1) AS n
            CROSS JOIN LATERAL (SELECT (p.id * 31 + n * 17) AS v) AS value
            WHERE p.clinic_id = %s
            """.replace("RESULTS_PER_PATIENT", str(RESULTS_PER_PATIENT)),
            [RESULTS_PER_PATIENT, clinic.pk],
        )
    _step(f"{RESULTS_PER_PATIENT} outcome results per patient", started)


def _therapist(clinic, email):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, "bench-pass-2026-long", clinic=clinic, role="therapist", first_name="Bench",
            last_name="Therapist", credentials="DPT",
        )  # fmt: skip
    return user


def seed():
    """Create (once) the big and the small clinic with their patients and results."""
    started = time.perf_counter()
    big, _ = Clinic.objects.get_or_create(name=BIG)
    small, _ = Clinic.objects.get_or_create(name=SMALL)
    users = (_therapist(big, "pt@bench-big.example"), _therapist(small, "pt@bench-small.example"))
    have = Patient.objects.filter(clinic=big).count()
    results = OutcomeResult.objects.filter(patient__clinic=big).count()
    steps = Progress("patients, intakes, outcome results", 7)
    if have == PATIENTS and results == PATIENTS * RESULTS_PER_PATIENT:
        steps.advance(7)
        return big, small, users
    with transaction.atomic():
        for clinic in (big, small):
            OutcomeResult.objects.filter(patient__clinic=clinic)._raw_delete(connection.alias)
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM patients_redflagscreen WHERE intake_id IN (SELECT i.id FROM "
                    "patients_intake i JOIN patients_patient p ON p.id = i.patient_id "
                    "WHERE p.clinic_id = %s)",
                    [clinic.pk],
                )
                cursor.execute(
                    "DELETE FROM patients_intakeamendment WHERE intake_id IN (SELECT i.id FROM "
                    "patients_intake i JOIN patients_patient p ON p.id = i.patient_id "
                    "WHERE p.clinic_id = %s)",
                    [clinic.pk],
                )
                cursor.execute(
                    "DELETE FROM patients_intake WHERE patient_id IN "
                    "(SELECT id FROM patients_patient WHERE clinic_id = %s)",
                    [clinic.pk],
                )
                cursor.execute("DELETE FROM patients_patient WHERE clinic_id = %s", [clinic.pk])
        steps.advance()
        _seed_patients(big, PATIENTS, "B", started)
        _seed_patients(small, SMALL_PATIENTS, "S", started)
        steps.advance()
        for clinic in (big, small):
            _seed_intakes(clinic, started)
            steps.advance()
            _seed_results(clinic, started)
            steps.advance()
    with connection.cursor() as cursor:
        for table in ("patients_patient", "patients_intake", "patients_outcomeresult"):
            # Statistics for the planner, and the visibility map autovacuum would set.
            cursor.execute(f"VACUUM ANALYZE {table}")
    steps.advance()
    return big, small, users


def _search_sql(user, query):
    """The SQL the list page runs for `query`: the way-choosing COUNT if any, and the page."""
    user.clinic  # noqa: B018 (loaded by the middleware in a request, not part of the search)
    with CaptureQueriesContext(connection) as captured:
        patients = selectors.patient_search(user=user, query=query)
        selectors.page_of(patients, number=1, page_size=25)
    return [entry["sql"] for entry in captured.captured_queries]


def _psycopg_floor(statements):
    """Milliseconds to run `statements` through a bare psycopg connection: the floor."""
    import psycopg

    settings = connection.settings_dict
    params = {"dbname": settings["NAME"], "user": settings["USER"], "host": settings["HOST"]}
    if settings.get("PASSWORD"):
        params["password"] = settings["PASSWORD"]
    if settings.get("PORT"):
        params["port"] = settings["PORT"]
    with psycopg.connect(**params) as raw, raw.cursor() as cursor:

        def run():
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

        return time_calls(run, repeat=50, warmup=5)


def run() -> list[Row]:
    big, small, (big_user, small_user) = seed()
    client = bench_client(big_user)
    small_client = bench_client(small_user)
    list_url = reverse("patients:list")
    rows: list[Row] = []

    # Search: every kind of query, full page and htmx partial.
    all_samples, all_floor = [], []
    for query in SEARCHES:
        samples = time_calls(lambda q=query: get_ok(client, list_url + f"?q={q}"), repeat=30)
        all_samples += samples
        floor = _psycopg_floor(_search_sql(big_user, query))
        all_floor += floor
        p50, p95 = percentiles(samples)
        floor_p95 = percentiles(floor)[1]
        rows.append(
            Row(
                f"patient search “{query or '(list)'}”",
                p50,
                p95,
                f"< {TARGET_MS} ms",
                f"psycopg {floor_p95:.1f} ms",
                p95 / floor_p95 if floor_p95 else None,
                "100k patients",
            )
        )
    p50, p95 = percentiles(all_samples)
    floor_p95 = percentiles(all_floor)[1]
    rows.append(
        Row("patient search, all queries", p50, p95, f"< {TARGET_MS} ms",
            f"psycopg {floor_p95:.1f} ms", p95 / floor_p95, "page incl. session, auth, render")
    )  # fmt: skip
    partial = time_calls(
        lambda: get_ok(client, list_url + "?q=smiht", **{"HX-Request": "true"}), repeat=50
    )
    rows.append(
        Row("patient search htmx partial “smiht”", *percentiles(partial), f"< {TARGET_MS} ms")
    )

    # The chart: patients with a completed intake and ten results.
    chart_ids = list(
        Patient.objects.filter(clinic=big, intakes__isnull=False).values_list("id", flat=True)[:50]
    )
    index = {"next": 0}

    def open_chart():
        patient_id = chart_ids[index["next"] % len(chart_ids)]
        index["next"] += 1
        return get_ok(client, reverse("patients:chart", args=[patient_id]))

    chart_samples = time_calls(open_chart, repeat=60)
    rows.append(
        Row("chart page", *percentiles(chart_samples), f"< {TARGET_MS} ms", "", None,
            "intake, 10 results, timeline, audit write")
    )  # fmt: skip

    # Query counts: the same with 10 patients as with 100,000 (both clinics were generated
    # alike, so the small clinic's first patient has a namesake in the big one).
    sample = Patient.objects.filter(clinic=small).order_by("id").first()
    by_name = f"{list_url}?q={sample.last_name}"
    by_birth = f"{list_url}?q={sample.date_of_birth:%m/%d/%Y}"
    small_chart = Patient.objects.filter(clinic=small, intakes__isnull=False).first()
    # A chart with plans shows the plan card (its own queries): compare charts of the same
    # shape, so the count says whether the volume changes it.
    big_chart_id = (
        Patient.objects.filter(
            clinic=big, intakes__isnull=False, plans__isnull=not small_chart.plans.exists()
        )
        .values_list("id", flat=True)
        .first()
    )
    for label, big_url, small_url in (
        (f"search “{sample.last_name}”", by_name, by_name),
        ("list page", list_url, list_url),
        ("search by date of birth", by_birth, by_birth),
        ("search with no match", list_url + "?q=zzzxq", list_url + "?q=zzzxq"),
        (
            "chart page",
            reverse("patients:chart", args=[big_chart_id]),
            reverse("patients:chart", args=[small_chart.id]),
        ),
    ):
        at_volume = count_queries(lambda u=big_url: get_ok(client, u))
        with_ten = count_queries(lambda u=small_url: get_ok(small_client, u))
        verdict = "equal" if at_volume == with_ten else "DIFFERENT"
        rows.append(
            Row(f"queries, {label}", None, None, "equal", f"{with_ten} with 10 patients", None,
                f"{at_volume} with 100k patients: {verdict}")
        )  # fmt: skip
    return rows
