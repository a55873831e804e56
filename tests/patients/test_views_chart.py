"""The chart: demographics, latest intake, red-flag status, outcomes with change, MCID and an
accessible SVG trend with its table, the timeline; audited; clinical parts by role."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lbp_clinic.models import AuditEvent
from tests.patients.factories import all_no, make_intake, make_result


@pytest.fixture
def charted(patient, therapist):
    today = timezone.localdate()
    intake = make_intake(
        patient, completed=True, user=therapist, intake_date=today - timedelta(days=30)
    )
    make_result(patient, "nprs", 7, taken_on=today - timedelta(days=30))
    make_result(patient, "nprs", 4, taken_on=today)
    make_result(patient, "odi", [3] * 10, taken_on=today - timedelta(days=30))
    make_result(patient, "odi", [3] * 9 + [2], taken_on=today)
    make_result(patient, "start_back", [1, 0, 1, 1, 1, 1, 1, 0, 3])
    return intake


def chart_url(patient):
    return reverse("patients:chart", args=[patient.pk])


def test_chart_shows_the_whole_picture(therapist_client, patient, charted):
    page = therapist_client.get(chart_url(patient)).content.decode()
    assert "Maria Alvarez" in page
    assert f"MRN {patient.mrn}" in page
    # latest intake summary
    assert "Chronic (over 12 weeks)" in page
    assert "Below the knee, left" in page
    assert "Heard worrying words" in page
    # outcomes: change, MCID pass and fail, the trend and its table
    assert "Baseline 7" in page and "3 points better (42.9%)" in page
    assert "Meets the MCID (2 points or 30%)" in page
    assert "2 points better (3.3%)" in page  # ODI 60 -> 58
    assert "Below the MCID (10 points)" in page
    assert "This is the baseline" in page  # STarT Back measured once
    assert "Distress subscale (items 5-9)" in page
    # timeline
    assert "Registered" in page and "Intake of" in page


def test_each_trend_chart_is_an_accessible_image_with_a_table(therapist_client, patient, charted):
    page = therapist_client.get(chart_url(patient)).content.decode()
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for element_id in labelled:
            assert f'id="{element_id}"' in svg
        assert "<title" in svg and "<desc" in svg
    nprs = next(svg for svg in svgs if "Numeric Pain Rating Scale trend" in svg)
    assert "from 7 on" in nprs and "to 4 on" in nprs
    assert nprs.count("<circle") == 2
    assert "<polyline" in nprs
    assert "MCID" in nprs
    assert page.count("results</caption>") == 3  # a text table beside each chart


def test_no_inline_styles_or_scripts(therapist_client, patient, charted):
    page = therapist_client.get(chart_url(patient)).content.decode()
    assert "style=" not in page
    assert "<style" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None


def test_a_positive_red_flag_is_a_prominent_alert_with_the_action(therapist_client, patient):
    make_intake(
        patient,
        completed=True,
        red_flags={
            **all_no(),
            "leg_weakness": True,
            "action": "urgent_referral",
            "action_details": "Sent to the ED at City Hospital.",
        },
    )
    page = therapist_client.get(chart_url(patient)).content.decode()
    alert = re.search(
        r'<section class="alert alert--danger red-flag-alert".*?</section>', page, re.S
    )
    assert alert is not None
    assert "Leg weakness that is severe or getting worse" in alert.group(0)
    assert "Cauda equina sign" in alert.group(0)
    assert "Action: Urgent referral (same day)." in alert.group(0)
    assert "Sent to the ED at City Hospital." in alert.group(0)
    assert page.index("red-flag-alert") < page.index("Latest intake")


def test_a_draft_with_an_unsettled_red_flag_is_flagged(therapist_client, patient):
    make_intake(patient, red_flags={"fever": True})
    page = therapist_client.get(chart_url(patient)).content.decode()
    assert "has a positive red flag" in page
    assert "Record the action you took before completing it." in page


def test_every_chart_view_is_audited(desk_client, therapist_client, patient, front_desk, therapist):
    therapist_client.get(chart_url(patient))
    desk_client.get(chart_url(patient))
    views = AuditEvent.objects.filter(action="view", patient_id=patient.pk).order_by("id")
    assert [(e.actor_id, e.detail["what"]) for e in views] == [
        (therapist.pk, "chart"),
        (front_desk.pk, "demographics"),
    ]


def test_front_desk_sees_demographics_but_no_clinical_record(desk_client, patient, charted):
    page = desk_client.get(chart_url(patient)).content.decode()
    assert "Maria Alvarez" in page and "Edit details" in page
    assert "Numeric Pain Rating Scale" not in page
    assert "Latest intake" not in page
    assert "shown to therapists and clinic admins" in page
    assert "Record a measure" not in page


def test_clinic_admin_reads_clinical_but_cannot_record(admin_client_, patient, charted):
    page = admin_client_.get(chart_url(patient)).content.decode()
    assert "Numeric Pain Rating Scale" in page
    assert "Latest intake" in page
    assert "Record a measure" not in page
    assert "Start an intake" not in page
    assert "Record again" not in page


def chart_queries(client, patient):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(chart_url(patient)).status_code == 200
    return len(captured)


def test_chart_query_count_does_not_grow_with_the_record(therapist_client, patient):
    make_intake(patient, completed=True)
    make_result(patient, "nprs", 5)
    few = chart_queries(therapist_client, patient)
    today = timezone.localdate()
    for days in range(1, 15):
        make_intake(patient, completed=True, intake_date=today - timedelta(days=days))
        for key, answer in (("nprs", days % 10), ("pseq", [days % 6] * 10), ("odi", [1] * 10)):
            make_result(patient, key, answer, taken_on=today - timedelta(days=days))
    assert chart_queries(therapist_client, patient) == few


def test_every_page_showing_a_record_is_audited(therapist_client, patient, completed, draft):
    pages = {
        "chart": reverse("patients:chart", args=[patient.pk]),
        "intake": completed.get_absolute_url(),
        "intake amend": reverse("patients:intake-amend", args=[patient.pk, completed.pk]),
        "intake edit": reverse("patients:intake-edit", args=[patient.pk, draft.pk]),
        "demographics form": reverse("patients:edit", args=[patient.pk]),
    }
    for what, url in pages.items():
        assert therapist_client.get(url).status_code == 200
        event = AuditEvent.objects.filter(action="view").order_by("id").last()
        assert (event.detail["what"], event.patient_id) == (what, patient.pk)
