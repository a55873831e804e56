"""The builder's side reads, written out in SQL (plans.selectors): what they give back for
the data, in the cases where a query could go wrong (other clinics, drafts, order)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from education.services import handout_set_archived
from plans import selectors, services
from plans.documents import selectors as document_selectors
from plans.models import PlanDocument
from tests.education.factories import draft_handout, published_handout
from tests.patients.factories import make_intake, make_result
from tests.plans.test_services import Request

HIGH_RISK = [1, 1, 1, 1, 1, 1, 1, 1, 4]
LOW_RISK = [0, 0, 0, 0, 0, 0, 0, 0, 0]


def suggested_titles(plan, clinic):
    return {
        row["version"].title: row["in_plan"]
        for row in selectors.suggested_handouts(plan, clinic=clinic)
    }


def test_suggestions_offer_the_clinics_own_handout_over_the_shared_one(
    plan, clinic, other_clinic, clinic_admin, outsider_admin
):
    make_result(plan.patient, "start_back", HIGH_RISK)
    published_handout(clinic=None, user=clinic_admin, topic="pain_science", title="Shared pain")
    published_handout(clinic=clinic, user=clinic_admin, topic="pain_science", title="Our pain")
    published_handout(clinic=None, user=clinic_admin, topic="flare_up", title="Shared flare-up")
    published_handout(
        clinic=other_clinic, user=outsider_admin, topic="flare_up", title="Their flare-up"
    )
    draft_handout(clinic=clinic, user=clinic_admin, topic="staying_active", title="Our draft")
    archived = published_handout(
        clinic=clinic, user=clinic_admin, topic="staying_active", title="Our old one"
    )
    handout_set_archived(handout=archived, user=clinic_admin, archived=True)
    titles = suggested_titles(plan, clinic)
    assert titles == {"Our pain": False, "Shared flare-up": False}


def test_a_topic_the_plan_covers_shows_the_plans_handout_as_in_the_plan(
    plan, clinic, clinic_admin, therapist
):
    make_result(plan.patient, "start_back", HIGH_RISK)
    ours = published_handout(clinic=clinic, user=clinic_admin, topic="flare_up", title="Ours")
    published_handout(clinic=clinic, user=clinic_admin, topic="flare_up", title="Another")
    services.plan_add_handout(
        plan=plan,
        revision=plan.revision,
        handout_version=ours.current_version,
        request=Request(therapist),
    )
    plan = selectors.get_plan_for_builder(therapist, plan.pk)
    assert suggested_titles(plan, clinic)["Ours"] is True
    assert "Another" not in suggested_titles(plan, clinic)


def test_the_facts_come_from_the_latest_completed_intake_and_results(plan, therapist):
    patient = plan.patient
    old = timezone.localdate() - timedelta(days=30)
    make_result(patient, "start_back", HIGH_RISK, taken_on=old)
    make_result(patient, "start_back", LOW_RISK)
    make_intake(patient, completed=True, user=therapist, stress_level=5, sleep_quality=1)
    # A draft started later does not count until it is completed.
    make_intake(patient, user=therapist, stress_level=1, sleep_quality=5)
    facts = selectors.intake_facts(patient)
    assert facts.start_back_risk == "low"
    assert facts.high_stress and facts.poor_sleep
    latest = selectors.latest_results_by_measure(patient)
    assert list(latest) == ["start_back"]
    assert latest["start_back"].taken_on == timezone.localdate()
    assert latest["start_back"].score_display == "0"


def test_without_an_intake_or_results_nothing_is_suggested_but_the_flare_up_plan(
    db, clinic, therapist
):
    from plans.services import plan_create
    from tests.patients.factories import PatientFactory

    plan = plan_create(patient=PatientFactory(clinic=clinic), therapist=therapist)
    facts = selectors.intake_facts(plan.patient)
    assert facts.start_back_risk is None and facts.fabq_physical_activity is None
    assert not (facts.imaging_done or facts.poor_sleep or facts.high_stress)


def test_the_visits_table_shows_who_treated_and_the_version_newest_first(
    plan, therapist, therapist_client
):
    therapist.credentials = "DPT"
    therapist.save(update_fields=["credentials"])
    today = timezone.localdate()
    services.visit_record(
        plan=plan, visit_date=today - timedelta(days=7), request=Request(therapist)
    )
    services.visit_record(
        plan=plan, visit_date=today, note="Lifted <10 kg> & smiled", request=Request(therapist)
    )
    visits = selectors.episode_visits(plan)["visits"]
    assert [v.visit_date for v in visits] == [today, today - timedelta(days=7)]
    assert visits[0].therapist == f"{therapist.get_full_name()}, DPT"
    html = therapist_client.get(reverse("plans:builder", args=[plan.pk])).content.decode()
    row = html.split('class="table visits__table"')[1].split("</tr>")[1]
    assert f"<td>{therapist.get_full_name()}, DPT</td>" in row
    assert "<td>Lifted &lt;10 kg&gt; &amp; smiled</td><td>1</td>" in row


def test_the_documents_card_lists_what_was_produced_newest_first(
    plan, therapist, colleague, therapist_client
):
    older = PlanDocument.objects.create(
        plan=plan, kind="plan-of-care", title="Plan of care", created_by=colleague, pdf=b""
    )
    PlanDocument.objects.filter(pk=older.pk).update(created_at=older.created_at - timedelta(1))
    PlanDocument.objects.create(
        plan=plan,
        kind="packet",
        title="Take-home packet",
        page_count=1,
        created_by=therapist,
        pdf=b"",
    )
    documents = document_selectors.plan_documents(plan)
    assert [d.title for d in documents] == ["Take-home packet", "Plan of care"]
    assert documents[0].created_by == therapist.signature_name
    assert documents[1].created_by == colleague.signature_name
    html = therapist_client.get(reverse("plans:builder", args=[plan.pk])).content.decode()
    given = html.split('class="documents-given"')[1].split("</ul>")[0]
    assert f"by {therapist.signature_name} · 1 page</span>" in given
    assert reverse("plans:document-saved", args=[plan.pk, documents[0].pk]) in given
