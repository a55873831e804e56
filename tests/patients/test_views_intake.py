"""Intake pages: drafts, completing (with the red-flag rules), the live red-flag alert,
the lock on completed intakes, and amendments with their history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lbp_clinic.models import AuditEvent
from patients.classification import RED_FLAGS
from patients.models import Intake, IntakeAmendment
from tests.patients.factories import completed_intake_values


def form_data(submit="complete", red_flags=None, **overrides):
    """What the browser posts for an intake: every field, red flags all "No" by default."""
    data = {
        name: ("True" if value is True else "False" if value is False else str(value))
        for name, value in completed_intake_values(**overrides).items()
    }
    data.update({flag.key: "False" for flag in RED_FLAGS})
    data.update(red_flags or {})
    data["submit"] = submit
    return data


def create_url(patient):
    return reverse("patients:intake-create", args=[patient.pk])


def test_the_form_shows_every_section_and_the_red_flag_screen(therapist_client, patient):
    page = therapist_client.get(create_url(patient)).content.decode()
    for heading in ("The pain", "Imaging", "Work and activity", "Lifestyle", "Red-flag screen"):
        assert heading in page
    for flag in RED_FLAGS:
        assert flag.question in page
    assert "Save draft" in page and "Complete intake" in page


def test_save_a_draft_with_little_filled_in(therapist_client, patient, therapist):
    today = timezone.localdate().isoformat()
    response = therapist_client.post(
        create_url(patient), {"submit": "draft", "intake_date": today, "chief_complaint": "Sore"}
    )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.status == "draft" and intake.created_by == therapist
    assert intake.red_flags.decision.unanswered  # not yet asked
    assert AuditEvent.objects.filter(object_type="patients.Intake", action="create").exists()


def test_completing_names_what_is_missing_and_keeps_the_input(therapist_client, patient):
    data = form_data(chief_complaint="Pain when sitting", patient_goals="", sleep_quality="")
    del data["fever"]
    page = therapist_client.post(create_url(patient), data).content.decode()
    assert "Please check the form" in page
    assert "Write the patient&#x27;s own goals." in page
    assert "Rate sleep quality." in page
    assert "Answer yes or no." in page
    assert "Pain when sitting" in page  # kept
    assert 'href="#id_fever"' in page  # the summary links to the question
    assert not Intake.objects.exists()


def test_complete_with_all_no_locks_the_intake(therapist_client, patient, therapist):
    response = therapist_client.post(create_url(patient), form_data())
    intake = Intake.objects.get()
    assert response["Location"] == intake.get_absolute_url()
    assert intake.is_locked and intake.completed_by == therapist
    assert intake.symptom_duration_class == "chronic"
    assert intake.imaging_scary_words is True


def test_a_red_flag_without_an_action_cannot_be_completed(therapist_client, patient):
    page = therapist_client.post(
        create_url(patient), form_data(red_flags={"night_pain": "True"})
    ).content.decode()
    assert "Red flag positive" in page
    assert "Pain at night that no position eases" in page
    assert "A red flag is positive: choose the action you took." in page
    assert not Intake.objects.exists()


def test_a_red_flag_with_a_documented_referral_completes(therapist_client, patient):
    data = form_data(
        red_flags={
            "cancer_history": "True",
            "action": "non_urgent_referral",
            "action_details": "Letter to Dr. Lin to review; seen within 2 weeks.",
        }
    )
    assert therapist_client.post(create_url(patient), data).status_code == 302
    screen = Intake.objects.get().red_flags
    assert screen.decision.positive == ("cancer_history",)
    assert screen.action == "non_urgent_referral"


@pytest.mark.parametrize("action", ["non_urgent_referral", "monitor"])
def test_cauda_equina_demands_an_urgent_referral(therapist_client, patient, action):
    data = form_data(
        red_flags={"saddle_anaesthesia": "True", "action": action, "action_details": "Noted."}
    )
    page = therapist_client.post(create_url(patient), data).content.decode()
    assert "A cauda equina sign is positive: this needs an urgent, same-day referral." in page
    assert "Refer urgently, today." in page
    assert not Intake.objects.exists()


def test_the_live_red_flag_alert_is_an_htmx_partial_that_saves_nothing(therapist_client, patient):
    headers = {"HX-Request": "true", "HX-Target": "red-flag-status"}
    response = therapist_client.post(
        create_url(patient), {"bladder_dysfunction": "True"}, headers=headers
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="red-flag-status">')
    assert "New trouble passing urine" in html
    assert "Refer urgently, today." in html
    quiet = therapist_client.post(create_url(patient), {"fever": "False"}, headers=headers)
    assert "Red flag" not in quiet.content.decode()
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"onset_date": "2999-01-01"}, "The pain cannot start in the future"),
        ({"onset_date": "1900-01-01"}, "The pain cannot start before the patient was born"),
        ({"intake_date": "2999-01-01"}, "The intake date is in the future"),
        ({"onset_date": "13/45/2020"}, "Enter a real date"),
    ],
)
def test_impossible_dates_are_explained_and_kept(therapist_client, patient, overrides, message):
    for submit in ("draft", "complete"):
        page = therapist_client.post(
            create_url(patient), form_data(submit=submit, **overrides)
        ).content.decode()
        assert message in page
        typed = next(iter(overrides.values()))
        assert f'value="{typed}"' in page
    assert not Intake.objects.exists()


def test_start_intake_with_an_open_draft_goes_to_the_draft(therapist_client, patient, draft):
    response = therapist_client.get(create_url(patient))
    assert response["Location"] == reverse("patients:intake-edit", args=[patient.pk, draft.pk])


def test_a_draft_is_edited_then_completed(therapist_client, patient, draft):
    url = reverse("patients:intake-edit", args=[patient.pk, draft.pk])
    assert "Intake (draft)" in therapist_client.get(url).content.decode()
    assert (
        therapist_client.post(url, form_data(submit="draft", chief_complaint="Better")).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.chief_complaint == "Better" and draft.status == "draft"
    assert therapist_client.post(url, form_data()).status_code == 302
    draft.refresh_from_db()
    assert draft.is_locked
    updates = AuditEvent.objects.filter(object_type="patients.Intake", action="update")
    assert updates.count() == 2
    assert "status" in updates.order_by("id").last().detail["fields"]


def test_a_completed_intake_is_locked_against_editing(therapist_client, patient, completed):
    url = reverse("patients:intake-edit", args=[patient.pk, completed.pk])
    assert therapist_client.get(url)["Location"] == completed.get_absolute_url()
    therapist_client.post(url, form_data(chief_complaint="Rewritten"))
    completed.refresh_from_db()
    assert completed.chief_complaint != "Rewritten"


def test_amending_needs_a_reason_and_keeps_history(therapist_client, patient, completed):
    url = reverse("patients:intake-amend", args=[patient.pk, completed.pk])
    page = therapist_client.get(url).content.decode()
    assert "Amend the intake of" in page and "Reason for the amendment" in page
    data = form_data(submit="amend", leg_pain="above_knee", intake_date=completed.intake_date)
    page = therapist_client.post(url, data).content.decode()
    assert "Say why you are changing a completed intake." in page
    assert not IntakeAmendment.objects.exists()

    response = therapist_client.post(url, {**data, "reason": "Patient clarified: thigh only."})
    assert response["Location"] == completed.get_absolute_url()
    amendment = IntakeAmendment.objects.get()
    assert amendment.old_values == {"leg_pain": "below_knee"}
    assert amendment.new_values == {"leg_pain": "above_knee"}
    detail = therapist_client.get(completed.get_absolute_url()).content.decode()
    assert "Patient clarified: thigh only." in detail
    assert "Below the knee" in detail and "Above the knee" in detail


def test_amending_without_changes_says_so(therapist_client, patient, completed):
    url = reverse("patients:intake-amend", args=[patient.pk, completed.pk])
    data = form_data(submit="amend", intake_date=completed.intake_date, reason="Checking")
    page = therapist_client.post(url, data).content.decode()
    assert "Nothing was changed, so there is nothing to amend." in page


def test_intake_detail_is_audited_and_readable_by_the_admin(admin_client_, patient, completed):
    page = admin_client_.get(completed.get_absolute_url()).content.decode()
    assert "Red-flag screen: all answers “no”." in page
    assert "Amend" not in page  # admins read, therapists write
    assert AuditEvent.objects.filter(action="view", detail__what="intake").count() == 1


def test_a_draft_can_be_saved_with_a_stale_onset(therapist_client, patient):
    past = (timezone.localdate() - timedelta(days=3000)).isoformat()
    data = {"submit": "draft", "intake_date": timezone.localdate().isoformat(), "onset_date": past}
    assert therapist_client.post(create_url(patient), data).status_code == 302
