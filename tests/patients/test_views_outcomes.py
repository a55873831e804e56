"""Outcome entry: every measure scores and saves; a missing or bad answer is named next to
its question with the input kept; no licensed wording; Keele's notice with STarT Back."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lbp_clinic.models import AuditEvent
from patients.models import OutcomeResult
from tests.patients.factories import make_result


def url(patient, key):
    return reverse("patients:outcome-create", args=[patient.pk, key])


def items(values):
    data = {f"item_{n}": str(v) for n, v in enumerate(values, start=1) if v is not None}
    data["taken_on"] = timezone.localdate().isoformat()
    return data


VALID = {
    "nprs": (items([6]), 6, "moderate pain"),
    "odi": (items([2, 1, 3, 2, 2, 1, 2, 1, 0, 2]), 32, "moderate disability"),
    "start_back": (items([1, 0, 1, 1, 1, 1, 1, 0, 3]), 7, "high risk"),
    "fabq": (items([6, 5, 4, 3, 5, 6, 5, 6, 6, 4, 5, 6, 6, 6, 4, 6]), 17, "high fear-avoidance"),
    "pseq": (items([3, 4, 2, 5, 6, 1, 0, 4, 3, 2]), 30, ""),
    "psfs": (
        {
            **items([4, 6, 5]),
            "activity_1": "Gardening",
            "activity_2": "Sitting at work",
            "activity_3": "Lifting my grandchild",
        },
        5,
        "",
    ),
    "rmdq": ({"total": "12", "taken_on": timezone.localdate().isoformat()}, 12, ""),
}


@pytest.mark.parametrize("key", sorted(VALID))
def test_every_measure_is_scored_and_saved(therapist_client, patient, therapist, key):
    data, score, band = VALID[key]
    response = therapist_client.post(url(patient, key), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#outcome-{key}")
    result = OutcomeResult.objects.get()
    assert (result.instrument_key, result.score, result.entered_by) == (key, score, therapist)
    assert result.interpretation.startswith(band)
    assert AuditEvent.objects.filter(object_type="patients.OutcomeResult").count() == 1
    chart = therapist_client.get(response["Location"]).content.decode()
    assert f"Saved {result.instrument.name}: {score}" in chart


def test_psfs_stores_the_activities_and_offers_them_next_time(therapist_client, patient):
    therapist_client.post(url(patient, "psfs"), VALID["psfs"][0])
    assert OutcomeResult.objects.get().item_labels[:3] == [
        "Gardening",
        "Sitting at work",
        "Lifting my grandchild",
    ]
    page = therapist_client.get(url(patient, "psfs")).content.decode()
    assert 'value="Sitting at work"' in page


def field_error(page, field):
    """The error list rendered inside the question of `field`."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return match.group(1) if match else ""


def test_a_missing_answer_is_named_next_to_it_and_answers_are_kept(therapist_client, patient):
    data = items([3, 4, 2, 5, 6, 1, None, 4, 3, 2])
    page = therapist_client.post(url(patient, "pseq"), data).content.decode()
    assert "Item 7 is missing: choose an answer." in field_error(page, "item_7")
    assert 'href="#id_item_7"' in page  # the summary links to the question
    assert re.search(r'name="item_5" value="6"[^>]*checked', page)  # input kept
    assert 'aria-describedby="id_item_7_error"' in page
    assert not OutcomeResult.objects.exists()


def test_odi_may_skip_one_section_but_not_two(therapist_client, patient):
    one = items([2, 2, 2, 2, None, 2, 2, 2, 1, 2])
    assert therapist_client.post(url(patient, "odi"), one).status_code == 302
    assert str(OutcomeResult.objects.get().score) == "37.8"
    two = items([2, None, 2, 2, 2, 2, None, 2, 2, 2])
    page = therapist_client.post(url(patient, "odi"), two).content.decode()
    for field, name in (
        ("item_2", "Section 2 (personal care)"),
        ("item_7", "Section 7 (sleeping)"),
    ):
        assert f"{name} is missing: choose an answer. Only 1 section may be left empty." in (
            field_error(page, field)
        )
    assert field_error(page, "item_1") == ""


@pytest.mark.parametrize(
    ("key", "data", "field", "message"),
    [
        ("nprs", items([11]), "item_1", "choose one of the answers shown"),
        ("fabq", items([7] + [0] * 15), "item_1", "choose one of the answers shown"),
        ("rmdq", {"total": "25", "taken_on": "2026-01-01"}, "total", "cannot be above 24"),
        ("rmdq", {"total": "-1", "taken_on": "2026-01-01"}, "total", "cannot be below 0"),
        ("rmdq", {"total": "lots", "taken_on": "2026-01-01"}, "total", "whole number"),
        (
            "psfs",
            {**items([4, 6]), "activity_1": "Golf", "activity_2": "Run"},
            "item_3",
            "rate at least 3",
        ),
        ("psfs", items([4, 6, 5]), "activity_1", "write what the activity is"),
        ("start_back", items([1, 0, 1, 0, 1, 0, 0, 0, 9]), "item_9", "choose one of the answers"),
    ],
)
def test_out_of_range_answers_get_a_clear_message(
    therapist_client, patient, key, data, field, message
):
    page = therapist_client.post(url(patient, key), data).content.decode()
    assert message in field_error(page, field)
    assert not OutcomeResult.objects.exists()


@pytest.mark.parametrize(
    ("taken_on", "message"),
    [
        ((timezone.localdate() + timedelta(days=1)).isoformat(), "in the future"),
        ("1900-01-01", "before the patient was born"),
        ("someday", "Enter a real date"),
    ],
)
def test_the_date_taken_must_be_possible(therapist_client, patient, taken_on, message):
    data = {**items([5]), "taken_on": taken_on}
    assert message in field_error(
        therapist_client.post(url(patient, "nprs"), data).content.decode(), "taken_on"
    )


def test_an_earlier_date_can_be_entered(therapist_client, patient):
    earlier = timezone.localdate() - timedelta(days=20)
    therapist_client.post(url(patient, "nprs"), {**items([5]), "taken_on": earlier.isoformat()})
    assert OutcomeResult.objects.get().taken_on == earlier


def test_the_forms_show_no_licensed_item_wording(therapist_client, patient):
    odi = therapist_client.get(url(patient, "odi")).content.decode()
    assert "Lifting" in odi and "no problem" in odi and "worst" in odi
    assert "Pain prevents me from lifting" not in odi
    rmdq = therapist_client.get(url(patient, "rmdq")).content.decode()
    assert "RMDQ total" in rmdq
    assert "I stay at home most of the time" not in rmdq


def test_start_back_shows_keeles_copyright(therapist_client, patient):
    page = therapist_client.get(url(patient, "start_back")).content.decode()
    assert "copyright © 2007 Keele University" in page


def test_answers_are_big_tappable_rows(therapist_client, patient):
    page = therapist_client.get(url(patient, "fabq")).content.decode()
    assert page.count('class="choice"') == 16 * 7
    assert 'class="choices choices--scale choices--scale-7"' in page
    assert "0 = completely disagree" in page and "6 = completely agree" in page


def test_choose_lists_every_measure_with_what_was_taken(therapist_client, patient):
    make_result(patient, "nprs", 5)
    page = therapist_client.get(
        reverse("patients:outcome-choose", args=[patient.pk])
    ).content.decode()
    assert page.count('class="measure"') == 7
    assert "1 result, last on" in page
