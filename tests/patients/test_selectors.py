"""Reads: typo-tolerant search, duplicates, what other apps need, the chart and its timeline."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from patients import selectors
from patients.models import Patient
from patients.selectors import TimelineEvent
from tests.patients.factories import PatientFactory, make_intake, make_result


@pytest.fixture
def registry(clinic, other_clinic):
    people = {
        "maria": PatientFactory(
            clinic=clinic, first_name="Maria", last_name="Alvarez", date_of_birth=date(1968, 3, 22)
        ),
        "john": PatientFactory(
            clinic=clinic,
            first_name="Jonathan",
            last_name="Smith",
            preferred_name="Jack",
            date_of_birth=date(1961, 4, 12),
            mrn="N-77",
        ),
        "jane": PatientFactory(
            clinic=clinic, first_name="Jane", last_name="Smith", date_of_birth=date(1990, 1, 2)
        ),
        "old": PatientFactory(
            clinic=clinic, first_name="Arthur", last_name="Archer", archived=True
        ),
        "south": PatientFactory(
            clinic=other_clinic,
            first_name="Maria",
            last_name="Alvarez",
            date_of_birth=date(1968, 3, 22),
        ),
    }
    return people


def found(user, query, **options):
    return [p.first_name for p in selectors.patient_search(user=user, query=query, **options)]


def test_search_finds_names_despite_typos(therapist, registry):
    assert found(therapist, "alvares") == ["Maria"]
    assert found(therapist, "Smyth") == ["Jane", "Jonathan"]
    assert found(therapist, "jonathon smith") == ["Jonathan"]


def test_a_typo_in_one_word_keeps_the_other_word_exact(therapist, registry):
    assert found(therapist, "maria alvares") == ["Maria"]
    assert found(therapist, "jon smiht") == ["Jonathan"]  # not Jane: "jon" starts no Jane
    assert found(therapist, "jane alvares") == []


def test_search_by_start_of_a_name_and_preferred_name(therapist, registry):
    assert found(therapist, "Jo") == ["Jonathan"]
    assert found(therapist, "jack") == ["Jonathan"]


@pytest.mark.parametrize("typed", ["1961-04-12", "04/12/1961", "12 Apr 1961", "April 12, 1961"])
def test_search_by_date_of_birth_in_any_accepted_form(therapist, registry, typed):
    assert found(therapist, typed) == ["Jonathan"]


def test_search_by_name_and_date_together(therapist, registry):
    assert found(therapist, "smith 01/02/1990") == ["Jane"]


def test_an_exact_mrn_comes_first(therapist, registry):
    assert found(therapist, "n-77")[0] == "Jonathan"


def test_search_stays_in_the_clinic(therapist, outsider, registry):
    assert found(therapist, "Maria") == ["Maria"]
    assert [p.clinic_id for p in selectors.patient_search(user=therapist, query="Maria")] == [
        therapist.clinic_id
    ]
    assert found(outsider, "Jonathan") == []


def test_archived_patients_only_when_asked(therapist, registry):
    assert found(therapist, "archer") == []
    assert found(therapist, "archer", include_archived=True) == ["Arthur"]


def test_no_query_lists_alphabetically(therapist, registry):
    assert found(therapist, "") == ["Maria", "Jane", "Jonathan"]


def test_likely_duplicates_ignore_case_and_other_clinics(clinic, registry):
    matches = selectors.likely_duplicates(
        clinic=clinic, first_name=" maria ", last_name="ALVAREZ", date_of_birth=date(1968, 3, 22)
    )
    assert matches == [registry["maria"]]
    assert not selectors.likely_duplicates(
        clinic=clinic, first_name="Maria", last_name="Alvarez", date_of_birth=date(1968, 3, 23)
    )


def test_latest_intake_is_the_latest_completed_one(patient):
    today = timezone.localdate()
    assert selectors.latest_intake(patient) is None
    older = make_intake(patient, completed=True, intake_date=today - timedelta(days=30))
    make_intake(patient, intake_date=today)  # a newer draft
    latest = selectors.latest_intake(patient)
    assert latest == older
    assert latest.red_flags.decision.can_complete
    assert selectors.latest_intake(patient, completed_only=False).status == "draft"


def test_latest_result_per_instrument(patient):
    today = timezone.localdate()
    make_result(patient, "fabq", [6] * 16, taken_on=today - timedelta(days=9))
    newer = make_result(patient, "fabq", [1] * 16, taken_on=today)
    make_result(patient, "nprs", 3)
    assert selectors.latest_result(patient, "fabq") == newer
    assert selectors.latest_result(patient, "fabq").subscales["physical_activity"] == 4
    assert selectors.latest_result(patient, "start_back") is None


def test_outcome_summaries_show_change_and_mcid(patient):
    today = timezone.localdate()
    make_result(patient, "nprs", 7, taken_on=today - timedelta(days=30))
    make_result(patient, "nprs", 4, taken_on=today)
    make_result(patient, "pseq", [3] * 10)
    summaries = {s.instrument.key: s for s in selectors.outcome_summaries(patient)}
    nprs = summaries["nprs"]
    assert (nprs.baseline.score, nprs.latest.score) == (7, 4)
    assert nprs.change.meets_mcid is True
    assert nprs.change_words == "3 points better (42.9%)"
    assert nprs.mcid_words == "2 points or 30%"
    assert summaries["pseq"].change is None
    assert len(nprs.chart.points) == 2


def test_subscales_read_in_words(patient):
    make_result(patient, "fabq", [0, 5, 4, 4, 4, 2, 2, 0, 3, 2, 2, 2, 1, 1, 1, 1])
    (summary,) = selectors.outcome_summaries(patient)
    assert summary.subscales == [
        ("Physical activity beliefs", "17 of 24, high (above 15)"),
        ("Work beliefs", "14 of 42"),
    ]


def test_timeline_merges_sources_newest_first(patient, completed):
    make_result(patient, "nprs", 5)
    kinds = [event.kind for event in selectors.chart_timeline(patient)]
    assert set(kinds) == {"registered", "intake", "outcome"}
    whens = [event.when for event in selectors.chart_timeline(patient)]
    assert whens == sorted(whens, reverse=True)


def test_other_apps_can_add_timeline_events(patient, monkeypatch):
    monkeypatch.setattr(selectors, "TIMELINE_SOURCES", list(selectors.TIMELINE_SOURCES))

    def plans(patient, limit):
        return [TimelineEvent(timezone.now(), "plan", "Plan of care signed")]

    selectors.register_timeline_source(plans)
    selectors.register_timeline_source(plans)  # registering twice adds it once
    titles = [event.title for event in selectors.chart_timeline(patient)]
    assert titles.count("Plan of care signed") == 1


def test_chart_queries_do_not_grow_with_the_record(patient):
    def count():
        fresh = Patient.objects.get(pk=patient.pk)  # no prefetch cache from the last call
        with CaptureQueriesContext(connection) as captured:
            chart = selectors.patient_chart(fresh, clinical=True)
            [event.title for event in chart.timeline]
        return len(captured)

    make_intake(patient, completed=True)
    make_result(patient, "nprs", 5)
    small = count()
    # intakes with red flags, their amendments, outcome results, and the plans app's three
    # timeline sources (plans, treatment visits, plan documents)
    assert small == 6
    today = timezone.localdate()
    for days in range(12):
        make_intake(patient, completed=True, intake_date=today - timedelta(days=days))
        make_result(patient, "nprs", days % 10, taken_on=today - timedelta(days=days))
        make_result(patient, "odi", [days % 5] * 10, taken_on=today - timedelta(days=days))
    assert count() == small


def test_two_letter_searches_match_name_starts_alphabetically(therapist, clinic):
    PatientFactory(clinic=clinic, first_name="Mabel", last_name="Zed")
    PatientFactory(clinic=clinic, first_name="Mark", last_name="Abel")
    PatientFactory(clinic=clinic, first_name="Tom", last_name="Ma")
    PatientFactory(clinic=clinic, first_name="Emma", last_name="Ames")  # "ma" inside, not at start
    assert found(therapist, "ma") == ["Mark", "Tom", "Mabel"]


def test_page_of_reads_one_row_ahead(therapist, clinic):
    PatientFactory.create_batch(5, clinic=clinic)
    patients = selectors.patient_search(user=therapist)
    first = selectors.page_of(patients, number=1, page_size=2)
    assert (len(first.patients), first.has_next, first.has_previous) == (2, True, False)
    assert (first.start_index, first.end_index, first.total_known) == (1, 2, False)
    last = selectors.page_of(patients, number=3, page_size=2)
    assert (len(last.patients), last.has_next, last.start_index) == (1, False, 5)
    everything = selectors.page_of(patients, number=1, page_size=10)
    assert everything.total_known and len(everything.patients) == 5


def test_names_that_start_with_the_words_win_over_similar_ones(therapist, clinic):
    PatientFactory(clinic=clinic, first_name="Ann", last_name="Smith")
    PatientFactory(clinic=clinic, first_name="Bo", last_name="Smyth")
    PatientFactory(clinic=clinic, first_name="Cy", last_name="Smithers")
    assert found(therapist, "smith") == ["Ann", "Cy"]  # Smyth only when nothing starts so
    assert found(therapist, "smiht") == ["Ann"]  # similarity 0.33; Smyth and Smithers are below 0.3


def test_search_runs_a_fixed_number_of_queries(therapist, clinic, django_assert_num_queries):
    PatientFactory(clinic=clinic, first_name="Ann", last_name="Smith")
    therapist.clinic  # noqa: B018 (load the clinic once, as a request would)
    for query, queries in (("", 1), ("04/12/1961", 1), ("smith", 2), ("smiht", 2), ("zz", 1)):
        with django_assert_num_queries(queries):
            selectors.page_of(
                selectors.patient_search(user=therapist, query=query), number=1, page_size=25
            )


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 3, 2, 3, 30, tzinfo=UTC),  # still March 1 in New York
        datetime(2026, 11, 1, 5, 59, 59, 123456, tzinfo=UTC),  # the night the clocks change
        datetime(1999, 12, 31, 23, 0, tzinfo=UTC),
    ],
)
def test_a_timeline_event_prints_its_time_as_the_date_filter_would(when):
    from django.template import Context, Template

    event = TimelineEvent(when, "visit", "Treatment visit")
    by_filter = Template("""{{ event.when|date:'c' }} {{ event.when|date:"M j, Y" }}""")
    assert f"{event.when_iso} {event.when_text}" == by_filter.render(Context({"event": event}))
