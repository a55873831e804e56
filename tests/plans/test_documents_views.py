"""The document pages: PDF download and print, preview, saved copies, the Documents card;
who may open them (front desk prints the patient's documents only) and clinic isolation."""

import pytest
from django.urls import reverse

from lbp_clinic.models import AuditEvent
from plans.documents import EXERCISE_SHEET, PACKET, kinds
from plans.models import PlanDocument
from tests.conftest import client_for
from tests.document_attacks import pdf_text

KINDS = list(kinds.BUILDERS)


def pdf_url(plan, kind, query=""):
    return reverse("plans:document-pdf", args=[plan.pk, kind]) + query


def preview_url(plan, kind, query=""):
    return reverse("plans:document-preview", args=[plan.pk, kind]) + query


def test_the_packet_downloads_as_a_pdf_and_prints_inline(therapist_client, documented_plan):
    response = therapist_client.get(pdf_url(documented_plan, PACKET))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="packet-plan-{documented_plan.pk}-v1.pdf"' in response["Content-Disposition"]
    assert "Your plan" in pdf_text(response.content)

    printed = therapist_client.get(pdf_url(documented_plan, PACKET, "?disposition=inline"))
    assert printed["Content-Disposition"].startswith("inline;")
    assert printed.content == response.content  # the stored copy: no second render

    large = therapist_client.get(pdf_url(documented_plan, PACKET, "?size=large"))
    assert "-large-print.pdf" in large["Content-Disposition"]
    assert PlanDocument.objects.filter(plan=documented_plan).count() == 2


def test_a_saved_document_downloads_exactly_as_given(therapist_client, documented_plan):
    given = therapist_client.get(pdf_url(documented_plan, EXERCISE_SHEET)).content
    document = PlanDocument.objects.get(plan=documented_plan)
    response = therapist_client.get(
        reverse("plans:document-saved", args=[documented_plan.pk, document.pk])
    )
    assert response.status_code == 200
    assert response.content == given
    audits = AuditEvent.objects.filter(action=AuditEvent.Action.DOCUMENT, object_id=document.pk)
    assert audits.count() == 2


@pytest.mark.parametrize("kind", KINDS)
def test_the_preview_shows_the_document_with_its_print_stylesheets(
    therapist_client,
    documented_plan,
    kind,
):
    response = therapist_client.get(preview_url(documented_plan, kind))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<main" in html and 'lang="en"' in html
    assert "/static/css/print.css" in html
    assert "/static/plans/document_preview.css" in html
    assert "Download PDF" in html
    assert "Maria Lopez" in html
    for item in documented_plan.exercises.select_related("exercise"):
        assert item.exercise.name in html
    assert 'href="' + pdf_url(documented_plan, kind) + '"' in html
    large = therapist_client.get(preview_url(documented_plan, kind, "?size=large"))
    assert "large-print" in large.content.decode()
    assert not PlanDocument.objects.exists()  # previewing stores nothing
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, detail__what=f"{kind} preview")
    assert views.count() == 2


def test_the_plan_page_has_a_documents_card(therapist_client, documented_plan):
    page = therapist_client.get(documented_plan.get_absolute_url()).content.decode()
    assert "Documents" in page
    for kind in KINDS:
        assert pdf_url(documented_plan, kind) in page
        assert preview_url(documented_plan, kind, "?size=large") in page
        assert pdf_url(documented_plan, kind, "?disposition=inline") in page
    assert "None yet." in page
    therapist_client.get(pdf_url(documented_plan, PACKET))
    page = therapist_client.get(documented_plan.get_absolute_url()).content.decode()
    document = PlanDocument.objects.get()
    assert reverse("plans:document-saved", args=[documented_plan.pk, document.pk]) in page
    assert "Take-home packet</a>" in page


@pytest.mark.parametrize("kind", KINDS)
def test_therapists_and_admins_may_open_every_kind(
    therapist,
    clinic_admin,
    documented_plan,
    kind,
):
    for user in (therapist, clinic_admin):
        client = client_for(user)
        assert client.get(preview_url(documented_plan, kind)).status_code == 200
        assert client.get(pdf_url(documented_plan, kind)).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_front_desk_prints_the_patients_documents_only(desk_client, documented_plan, kind):
    expected = 200 if kind in kinds.PATIENT_KINDS else 403
    assert desk_client.get(pdf_url(documented_plan, kind)).status_code == expected
    assert desk_client.get(preview_url(documented_plan, kind)).status_code == expected


def test_front_desk_is_sent_back_to_the_chart_not_the_builder(desk_client, documented_plan):
    html = desk_client.get(preview_url(documented_plan, PACKET)).content.decode()
    assert f'href="{documented_plan.patient.get_absolute_url()}">Back' in html


def test_unknown_kinds_and_documents_are_not_found(therapist_client, documented_plan):
    assert therapist_client.get(pdf_url(documented_plan, "letter")).status_code == 404
    assert therapist_client.get(preview_url(documented_plan, "letter")).status_code == 404
    saved = reverse("plans:document-saved", args=[documented_plan.pk, 999999])
    assert therapist_client.get(saved).status_code == 404


def test_documents_only_answer_get(therapist_client, documented_plan):
    assert therapist_client.post(pdf_url(documented_plan, PACKET)).status_code == 405
    assert not PlanDocument.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_another_clinic_gets_404_and_nothing_is_stored(
    outsider,
    outsider_admin,
    therapist_client,
    documented_plan,
    kind,
):
    therapist_client.get(pdf_url(documented_plan, kind))
    document = PlanDocument.objects.get()
    saved = reverse("plans:document-saved", args=[documented_plan.pk, document.pk])
    for user in (outsider, outsider_admin):
        client = client_for(user)
        for url in (
            pdf_url(documented_plan, kind),
            pdf_url(documented_plan, kind, "?size=large"),
            preview_url(documented_plan, kind),
            saved,
        ):
            assert client.get(url).status_code == 404, url
    assert PlanDocument.objects.count() == 1
    assert (
        not AuditEvent.objects.filter(actor_id__in=[outsider.pk, outsider_admin.pk])
        .filter(action=AuditEvent.Action.DOCUMENT)
        .exists()
    )
