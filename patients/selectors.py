"""Reads for the patients app: registry search, the chart, and what other apps need.

For other apps (stable names):
- latest_intake(patient) -> Intake | None: the latest completed intake (with .red_flags
  loaded; completed_only=False includes drafts). Read intake.symptom_duration_class,
  .leg_pain, .leg_pain_side, .imaging_done, .imaging_scary_words, .sleep_hours,
  .sleep_quality, .stress_level, .diet_quality, .social_connection (patients.models
  documents the scales).
- latest_result(patient, instrument_key) -> OutcomeResult | None: e.g.
  latest_result(patient, scoring.FABQ).subscales["physical_activity"], or
  latest_result(patient, scoring.START_BACK).interpretation == "high risk".
- outcome_summaries(patient): per measure, the baseline and latest result, the change
  (scoring.ScoreChange, with .meets_mcid) and the trend chart geometry.
- register_timeline_source(source): add events (plans of care, documents given) to the
  chart's timeline. `source(patient, limit)` returns TimelineEvents and must run a constant
  number of queries however much the patient has.

Every function here takes an already scoped patient (views fetch it with
lbp_clinic.access.get_scoped_or_404) or a user, whose clinic limits the rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property, reduce
from operator import and_, or_

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import (
    Case,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from lbp_clinic.access import scoped
from lbp_clinic.addresses import object_url
from patients import scoring
from patients.models import Intake, OutcomeResult, Patient, format_date
from patients.search_terms import split_search_query
from patients.trend import TrendChart, build_trend_chart

NAME_FIELDS = ("last_name", "first_name", "preferred_name")
# Shorter words match as the start of a name only: a typo in two letters is just noise.
MIN_SIMILAR_LENGTH = 3


# Registry search


def _starts_condition(word: str) -> Q:
    """The word is the MRN or the start of a name. `~*` (iregex) rather than istartswith:
    pg_trgm's GIN indexes serve regular expressions, while istartswith becomes
    UPPER(name) LIKE, which no index here serves."""
    condition = Q(mrn=word.upper())
    starts = "^" + re.escape(word)
    for name in NAME_FIELDS:
        condition |= Q(**{f"{name}__iregex": starts})
    return condition


def _similar_condition(word: str) -> Q:
    """As _starts_condition, or a name within trigram similarity 0.3 (pg_trgm's default):
    "smiht" finds Smith, "alvares" Alvarez."""
    condition = _starts_condition(word)
    if len(word) >= MIN_SIMILAR_LENGTH:
        for name in NAME_FIELDS:
            condition |= Q(**{f"{name}__trigram_similar": word})
    return condition


def patient_search(*, user, query: str = "", include_archived: bool = False) -> QuerySet:
    """The user's clinic's patients matching `query`: dates of birth in any accepted form,
    an MRN, and name words. Names that start with every word come first, alphabetically;
    only when there are none (a typo) are names matched by similarity, closest first.

    Queries: none here for dates or words shorter than three letters; otherwise one
    aggregate to choose the way. The page itself is one more (page_of), whatever the
    number of patients."""
    patients = scoped(Patient, user)
    if not include_archived:
        patients = patients.filter(archived=False)
    terms = split_search_query(query)
    if terms.dates:
        patients = patients.filter(date_of_birth__in=terms.dates)
    if not terms.words:
        return patients.order_by("last_name", "first_name", "id")

    exact_mrn = Case(
        When(mrn__in=[word.upper() for word in terms.words], then=Value(1)),
        default=Value(0),
    )
    starts = [_starts_condition(word) for word in terms.words]
    starting = patients.filter(reduce(and_, starts))
    if all(len(word) < MIN_SIMILAR_LENGTH for word in terms.words):
        # "m", "ma": no typo matching for so few letters, so nothing to choose; thousands
        # match, and in name order the page is found by walking the name index.
        return starting.order_by("last_name", "first_name", "id")
    # One aggregate says which words start a name. An aggregate rather than EXISTS: EXISTS
    # is planned as LIMIT 1, and with few matches expected the planner then walks the
    # whole table hoping to stop early, which a typo never lets it do.
    counts = patients.filter(reduce(or_, starts)).aggregate(
        every=Count("pk", filter=reduce(and_, starts)),
        **{f"word_{n}": Count("pk", filter=start) for n, start in enumerate(starts)},
    )
    if counts["every"]:
        return starting.order_by(exact_mrn.desc(), "last_name", "first_name", "id")

    # A typo somewhere: words that start a name stay exact (and, being selective, lead the
    # plan); only the others are matched by similarity.
    similar = patients.filter(
        reduce(
            and_,
            [
                starts[n] if counts[f"word_{n}"] else _similar_condition(word)
                for n, word in enumerate(terms.words)
            ],
        )
    )
    similarity = [
        Greatest(*[TrigramSimilarity(name, word) for name in NAME_FIELDS])
        for word in terms.words
        if len(word) >= MIN_SIMILAR_LENGTH
    ]
    if not similarity:
        return similar.order_by("last_name", "first_name", "id")
    relevance = reduce(lambda total, part: total + part, similarity)
    return similar.annotate(relevance=relevance).order_by(
        F("relevance").desc(), "last_name", "first_name", "id"
    )


@dataclass(frozen=True)
class ResultsPage:
    """One page of search results, found without counting every match: a page asks for
    one row more than it shows, which tells whether there is a next page."""

    patients: list[Patient]
    number: int
    page_size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.patients else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.patients) - 1 if self.patients else 0

    @property
    def total_known(self) -> bool:
        """The first page holds every match, so its length is the total."""
        return self.number == 1 and not self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_of(patients: QuerySet, *, number: int, page_size: int) -> ResultsPage:
    """One query, whatever the number of matches (no COUNT over 100,000 rows)."""
    number = max(1, number)
    offset = (number - 1) * page_size
    rows = list(patients[offset : offset + page_size + 1])
    return ResultsPage(rows[:page_size], number, page_size, has_next=len(rows) > page_size)


def likely_duplicates(
    *, clinic, first_name: str, last_name: str, date_of_birth: date, exclude_pk=None
) -> list[Patient]:
    """Patients of the clinic with the same name (ignoring case) and date of birth."""
    matches = Patient.objects.for_clinic(clinic).filter(
        date_of_birth=date_of_birth,
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
    )
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    return list(matches.order_by("id")[:5])


# What other apps read


def latest_intake(patient: Patient, *, completed_only: bool = True) -> Intake | None:
    """The latest intake of the patient (completed only, unless asked), red flags loaded."""
    intakes = patient.intakes.select_related("red_flags")
    if completed_only:
        intakes = intakes.filter(status=Intake.Status.COMPLETED)
    return intakes.order_by("-intake_date", "-id").first()


def latest_result(patient: Patient, instrument_key: str) -> OutcomeResult | None:
    """The most recent result of one measure (keys in patients.scoring), or None."""
    return (
        patient.outcome_results.filter(instrument_key=instrument_key)
        .order_by("-taken_at", "-id")
        .first()
    )


# The chart


# Subscale key: (label, maximum, "high" above this value or None).
SUBSCALES = {
    "physical_activity": (
        "Physical activity beliefs",
        24,
        scoring.FABQ_PHYSICAL_ACTIVITY_HIGH_ABOVE,
    ),
    "work": ("Work beliefs", 42, scoring.FABQ_WORK_HIGH_ABOVE),
    "distress": ("Distress subscale (items 5-9)", 5, None),
}


@dataclass(frozen=True)
class OutcomeSummary:
    """One measure's results for the chart: baseline, latest, change and trend."""

    instrument: scoring.Instrument
    results: list[OutcomeResult]
    change: scoring.ScoreChange | None
    chart: TrendChart

    @property
    def baseline(self) -> OutcomeResult:
        return self.results[0]

    @property
    def latest(self) -> OutcomeResult:
        return self.results[-1]

    @property
    def record_url(self) -> str:
        """Where a therapist records this measure again for the patient."""
        return object_url("patients:outcome-create", self.latest.patient_id, self.instrument.key)

    @property
    def direction(self) -> str:
        return "Lower is better" if self.instrument.higher_is_worse else "Higher is better"

    @property
    def change_words(self) -> str:
        """ "3 points better (42.9%)", "1 point worse", "no change"."""
        if self.change is None:
            return ""
        size = abs(self.change.improvement)
        if size == 0:
            return "no change"
        points = f"{size:g} point{'' if size == 1 else 's'}"
        words = f"{points} {'better' if self.change.improvement > 0 else 'worse'}"
        if self.change.percent_improvement is not None:
            words += f" ({abs(self.change.percent_improvement):g}%)"
        return words

    @property
    def mcid_words(self) -> str:
        """ "2 points or 30%": the MCID of the instrument, or "" when it has none."""
        mcid = self.instrument.mcid_points
        if mcid is None:
            return ""
        words = f"{mcid:g} point{'' if mcid == 1 else 's'}"
        if self.instrument.mcid_percent is not None:
            words += f" or {self.instrument.mcid_percent:g}%"
        return words

    @cached_property
    def subscales(self) -> list[tuple[str, str]]:
        """[(label, "17 of 24, high")] for the latest result's subscales."""
        rows = []
        order = list(SUBSCALES)
        subscales = self.latest.subscales
        for key in sorted(subscales, key=lambda k: order.index(k) if k in order else len(order)):
            value = subscales[key]
            label, maximum, high_above = SUBSCALES.get(
                key, (key.replace("_", " ").capitalize(), None, None)
            )
            text = f"{value:g}" if maximum is None else f"{value:g} of {maximum}"
            if high_above is not None and value > high_above:
                text += f", high (above {high_above})"
            rows.append((label, text))
        return rows


def outcome_summaries(patient: Patient) -> list[OutcomeSummary]:
    """Every measure the patient has results for, in the order of scoring.INSTRUMENTS.
    One query, or none after CHART_PREFETCH."""
    by_instrument: dict[str, list[OutcomeResult]] = {}
    for result in patient.outcome_results.all():  # ordered by taken_at (Meta, or the prefetch)
        by_instrument.setdefault(result.instrument_key, []).append(result)
    return [
        outcome_summary(instrument, by_instrument[key])
        for key, instrument in scoring.INSTRUMENTS.items()
        if by_instrument.get(key)
    ]


def outcome_summary(instrument, results: list[OutcomeResult]) -> OutcomeSummary:
    """One measure's results (oldest first) with the change since baseline and the trend."""
    change = None
    if len(results) > 1:
        change = scoring.change_from_baseline(instrument.key, results[0].score, results[-1].score)
    chart = build_trend_chart(
        [(result.taken_on, float(result.score)) for result in results],
        score_min=instrument.score_min,
        score_max=instrument.score_max,
        higher_is_worse=instrument.higher_is_worse,
        mcid_points=instrument.mcid_points,
    )
    return OutcomeSummary(instrument, results, change, chart)


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime
    kind: str  # a short word for the icon and CSS class: "registered", "intake", ...
    title: str
    detail: str = ""
    url: str = ""

    # The chart prints these for every event: worked out here, not with the |date filter
    # (Django's date formatting costs several times these for each of up to 50 events).
    @property
    def when_iso(self) -> str:
        """As |date:"c" prints it, in the current time zone."""
        return timezone.localtime(self.when).isoformat()

    @property
    def when_text(self) -> str:
        """ "Apr 12, 2026" (as |date:"M j, Y"), in the current time zone."""
        return format_date(timezone.localtime(self.when))


TimelineSource = Callable[[Patient, int], Iterable[TimelineEvent]]

# What the chart reads of a patient, loaded once (three queries however long the record):
# the timeline sources below and outcome_summaries use these caches.
CHART_PREFETCH = (
    Prefetch(
        "intakes",
        queryset=Intake.objects.select_related("red_flags")
        .prefetch_related("amendments")
        .order_by("-intake_date", "-id"),
    ),
    Prefetch("outcome_results", queryset=OutcomeResult.objects.order_by("taken_at", "id")),
)


def _registration_events(patient: Patient, limit: int) -> list[TimelineEvent]:
    return [TimelineEvent(patient.created_at, "registered", "Registered", f"MRN {patient.mrn}")]


def _intake_events(patient: Patient, limit: int) -> list[TimelineEvent]:
    events = []
    intakes = sorted(patient.intakes.all(), key=lambda intake: intake.created_at, reverse=True)
    for intake in intakes[:limit]:
        title = f"Intake of {format_date(intake.intake_date)}"
        if intake.completed_at:
            event = TimelineEvent(intake.completed_at, "intake", f"{title} completed")
        else:
            event = TimelineEvent(intake.created_at, "intake", f"{title} started (draft)")
        events.append(replace(event, url=intake.get_absolute_url()))
        for amendment in intake.amendments.all():
            events.append(
                TimelineEvent(
                    amendment.amended_at,
                    "amendment",
                    "Intake amended",
                    amendment.reason,
                    intake.get_absolute_url(),
                )
            )
    return events


def _outcome_events(patient: Patient, limit: int) -> list[TimelineEvent]:
    results = list(patient.outcome_results.all())[-limit:]
    return [
        TimelineEvent(
            result.taken_at,
            "outcome",
            f"{result.instrument.name}: {result.score_display}",
            result.interpretation,
        )
        for result in reversed(results)
    ]


TIMELINE_SOURCES: list[TimelineSource] = [_registration_events, _intake_events, _outcome_events]


def register_timeline_source(source: TimelineSource) -> None:
    """Let another app add events to the chart timeline (call from AppConfig.ready)."""
    if source not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(source)


def chart_timeline(patient: Patient, *, limit: int = 50) -> list[TimelineEvent]:
    """The latest `limit` events of every source, newest first."""
    prefetch_related_objects([patient], *CHART_PREFETCH)  # no-op when already loaded
    events = [event for source in TIMELINE_SOURCES for event in source(patient, limit)]
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:limit]


@dataclass(frozen=True)
class Chart:
    patient: Patient
    latest_intake: Intake | None
    open_draft: Intake | None
    outcomes: list[OutcomeSummary]
    timeline: list[TimelineEvent]


def patient_chart(patient: Patient, *, clinical: bool) -> Chart:
    """Everything the chart page shows. `clinical=False` (front desk) leaves out clinical
    records. A constant number of queries."""
    if not clinical:
        return Chart(patient, None, None, [], _registration_events(patient, 1))
    prefetch_related_objects([patient], *CHART_PREFETCH)
    intakes = list(patient.intakes.all())
    completed = [intake for intake in intakes if intake.is_locked]
    drafts = [intake for intake in intakes if not intake.is_locked]
    return Chart(
        patient=patient,
        latest_intake=completed[0] if completed else None,
        open_draft=drafts[0] if drafts else None,
        outcomes=outcome_summaries(patient),
        timeline=chart_timeline(patient),
    )
