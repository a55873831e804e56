"""Producing documents: the cache (same inputs, same stored PDF, no second render), a
packet already given never changes, the chart record and the audit rows."""

import pytest

from education.models import HandoutVersion
from lbp_clinic.models import AuditEvent
from patients.selectors import chart_timeline
from plans import services as plan_services
from plans.documents import PACKET, kinds, services
from plans.models import PlanDocument
from tests.education.factories import republish
from tests.plans.test_services import Request


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders while letting them happen."""
    calls = []
    real = services.render_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(services, "render_pdf", counting)
    return calls


@pytest.mark.parametrize("kind", list(kinds.BUILDERS))
def test_the_same_inputs_give_the_stored_document_without_a_second_render(
    documented_plan,
    therapist,
    renders,
    kind,
):
    first = services.produce(Request(therapist), documented_plan, kind, large_print=False)
    second = services.produce(Request(therapist), documented_plan, kind, large_print=False)
    assert second.pk == first.pk
    assert len(renders) == 1
    assert bytes(second.pdf) == bytes(first.pdf)
    assert first.page_count >= 1
    large = services.produce(Request(therapist), documented_plan, kind, large_print=True)
    assert large.pk != first.pk and large.large_print
    assert len(renders) == 2


def test_a_change_to_the_plan_or_a_template_makes_a_new_document(
    documented_plan,
    therapist,
    renders,
    monkeypatch,
):
    first = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    item = documented_plan.exercises.first()
    item.sets = 4
    item.save()
    plan_services.PlanOfCare.objects.filter(pk=documented_plan.pk).update(revision=99)
    documented_plan.refresh_from_db()
    second = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    assert second.pk != first.pk
    assert second.input_hash != first.input_hash

    # A template edit invalidates too: the hash covers the sources it includes.
    sources = services.template_sources(
        services.build_spec(documented_plan, PACKET, large_print=False)
    )
    assert "plans/documents/_exercise_card.html" in sources
    assert "exercises/_picture.html" in sources
    assert "education/includes/sheet.html" in sources
    real = services.template_sources

    def edited(spec):
        found = real(spec)
        found["plans/documents/_exercise_card.html"] += "<!-- edited -->"
        return found

    monkeypatch.setattr(services, "template_sources", edited)
    third = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    assert third.pk != second.pk
    assert len(renders) == 3


def test_a_packet_already_given_never_changes_when_a_handout_is_revised(
    documented_plan,
    therapist,
    clinic_admin,
    handouts,
):
    given = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    given_pdf = bytes(given.pdf)
    old_version = handouts["staying_active"].current_version
    _handout, new_version = republish(
        handouts["staying_active"], user=clinic_admin, title="Stay active every day"
    )
    assert new_version.pk != old_version.pk

    # The plan still holds the version it gave: the same packet, byte for byte.
    again = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    assert again.pk == given.pk
    assert old_version.pk in [h["id"] for h in again.inputs["handouts"]]

    # The therapist gives the new version: a new packet with a new hash; the old one stays.
    request = Request(therapist)
    row = documented_plan.handouts.get(handout_version=old_version)
    plan_services.plan_set_removed(
        plan=documented_plan,
        revision=documented_plan.revision,
        item=row,
        removed=True,
        request=request,
    )
    plan_services.plan_add_handout(
        plan=documented_plan,
        revision=documented_plan.revision,
        handout_version=new_version,
        request=request,
    )
    documented_plan.refresh_from_db()
    new = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    assert new.input_hash != given.input_hash
    assert new_version.pk in [h["id"] for h in new.inputs["handouts"]]
    from tests.document_attacks import pdf_text

    assert "Stay active every day" in pdf_text(bytes(new.pdf))
    given.refresh_from_db()
    assert bytes(given.pdf) == given_pdf
    assert HandoutVersion.objects.filter(pk=old_version.pk).exists()


def test_producing_records_on_the_chart_and_every_download_is_audited(
    documented_plan,
    therapist,
    colleague,
):
    document = services.produce(Request(therapist), documented_plan, PACKET, large_print=True)
    services.produce(Request(colleague), documented_plan, PACKET, large_print=True)
    assert PlanDocument.objects.count() == 1

    events = [e for e in chart_timeline(documented_plan.patient) if e.kind == "document"]
    assert len(events) == 1
    assert events[0].title == "Take-home packet (large print) produced"
    assert "plan version 1" in events[0].detail
    assert "Stay active (v1)" in events[0].detail
    assert therapist.signature_name in events[0].detail
    assert events[0].url.endswith(f"/documents/saved/{document.pk}/")

    rows = list(AuditEvent.objects.filter(action=AuditEvent.Action.DOCUMENT).order_by("id"))
    assert [row.actor_id for row in rows] == [therapist.pk, colleague.pk]
    assert all(row.patient_id == documented_plan.patient_id for row in rows)
    assert [row.detail["versions"]["produced"] for row in rows] == [True, False]
    assert rows[0].detail["document"] == PACKET
    assert rows[0].detail["versions"]["document"] == document.pk
    assert len(rows[0].detail["versions"]["handouts"]) == 2  # the flare-up plan is its own
    assert rows[0].detail["versions"]["flare_up"]["title"] == "Your flare-up plan"
