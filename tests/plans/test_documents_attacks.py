"""SECURITY 13 for every kind of plan document: hostile HTML wherever people type (patient
name, the patient's cues, a handout body, the clinic's name and address, a goal) reads no
file, reaches no network and embeds nothing; the preview page shows it inert."""

import pytest

from education.models import HandoutVersion
from patients.models import Patient
from plans.documents import kinds, services
from plans.models import PlanGoal
from tests.conftest import client_for
from tests.document_attacks import SECRET_FILE, assert_pdf_is_clean, hostile_html, pdf_text
from tests.plans.test_services import Request


def make_hostile(plan, listener_url, handouts):
    short = f'<img src="file://{SECRET_FILE}"><img src="{listener_url}/n.png">'
    Patient.objects.filter(pk=plan.patient_id).update(first_name=short[:100])
    clinic = plan.clinic
    clinic.name = f'<img src="{listener_url}/c.png">North'[:120]
    clinic.address = hostile_html(listener_url)
    clinic.save()
    item = plan.exercises.first()
    item.cues = hostile_html(listener_url)
    item.save(update_fields=["cues"])
    PlanGoal.objects.filter(plan=plan).update(activity=short[:200])
    source = handouts["pain_science"]
    version = HandoutVersion.objects.create(
        handout=source,
        number=99,
        topic=source.topic,
        language="en",
        title="Hostile handout",
        purpose="Tricks.",
        body_markdown=hostile_html(listener_url),
        action_steps=[f'<img src="file://{SECRET_FILE}">'],
        summary="After the tricks.",
        references=[],
    )
    plan.handouts.filter(handout_version=source.current_version).update(handout_version=version)
    plan.refresh_from_db()
    plan.patient.refresh_from_db()
    return plan


@pytest.mark.parametrize("kind", list(kinds.BUILDERS))
def test_hostile_content_is_inert_in_every_document(
    documented_plan,
    therapist,
    handouts,
    listener,
    kind,
):
    plan = make_hostile(documented_plan, listener.url, handouts)
    for large_print in (False, True):
        document = services.produce(Request(therapist), plan, kind, large_print=large_print)
        pdf = bytes(document.pdf)
        assert_pdf_is_clean(pdf)
        assert "Page 1" in pdf_text(pdf)
    listener.assert_untouched()


@pytest.mark.parametrize("kind", list(kinds.BUILDERS))
def test_the_preview_shows_hostile_content_as_text(
    documented_plan,
    therapist,
    handouts,
    listener,
    kind,
):
    plan = make_hostile(documented_plan, listener.url, handouts)
    from django.urls import reverse

    response = client_for(therapist).get(reverse("plans:document-preview", args=[plan.pk, kind]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="file://' not in html
    assert f'src="{listener.url}' not in html
    assert "<style" not in html.lower()
    assert 'rel="attachment"' not in html
    assert "style=" not in html
