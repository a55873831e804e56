"""Producing documents: the cache (same inputs, same stored PDF, no second render), a
packet already given never changes, the chart record and the audit rows."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from education.models import HandoutVersion
from exercises import services as exercise_services
from lbp_clinic.models import AuditEvent
from patients.selectors import chart_timeline
from plans import services as plan_services
from plans.documents import PACKET, common, kinds, packet, services
from plans.forms import ExerciseDoseForm
from plans.models import PlanDocument, PlanExercise
from tests.education.factories import republish
from tests.exercises.factories import ExerciseImageFactory
from tests.plans.test_services import Request


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders while letting them happen."""
    calls = []
    real = services.render_spec

    def counting(spec):
        calls.append(spec)
        return real(spec)

    monkeypatch.setattr(services, "render_spec", counting)
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
    sources = services.template_sources(packet.TEMPLATE)
    assert "plans/documents/_exercise_card.html" in sources
    assert "exercises/_picture.html" in sources
    assert "education/includes/sheet.html" in sources
    real = services.template_sources

    def edited(template):
        found = real(template)
        found["plans/documents/_exercise_card.html"] += "<!-- edited -->"
        return found

    monkeypatch.setattr(services, "template_sources", edited)
    # The fingerprint is computed once per process: a new process (a deploy) reads the edit.
    services._cached_files_fingerprint.cache_clear()
    third = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    assert third.pk != second.pk
    assert len(renders) == 3
    services._cached_files_fingerprint.cache_clear()


@pytest.mark.parametrize("kind", list(kinds.BUILDERS))
@pytest.mark.parametrize("large_print", [False, True])
def test_the_key_read_without_building_is_the_key_of_the_built_document(
    documented_plan, kind, large_print
):
    spec = services.build_spec(documented_plan, kind, large_print=large_print)
    key = services.document_key(documented_plan, kind, large_print=large_print)
    assert key == services.input_hash(spec)
    assert kinds.INPUTS[kind](documented_plan, large_print=large_print) == spec.inputs


def test_a_stored_document_is_found_without_building_it(
    documented_plan, therapist, monkeypatch, django_assert_max_num_queries
):
    services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    documented_plan = plan_services.PlanOfCare.objects.select_related(
        "patient", "therapist", "signed_by"
    ).get(pk=documented_plan.pk)

    def no_build(*args, **kwargs):
        raise AssertionError("built the document again")

    monkeypatch.setattr(services, "build_spec", no_build)
    # Exercises, their photos, the handouts, the flare-up plan, the clinic, the stored
    # document, the audit row (and its savepoint).
    with django_assert_max_num_queries(9):
        again = services.produce(Request(therapist), documented_plan, PACKET, large_print=False)
    assert again.page_count >= 1


def _key(plan, kind=PACKET, large_print=False):
    plan = plan_services.PlanOfCare.objects.get(pk=plan.pk)
    return services.document_key(plan, kind, large_print=large_print)


@pytest.mark.parametrize("kind", sorted(kinds.PATIENT_KINDS))
def test_every_input_of_a_patient_document_changes_its_key(
    documented_plan, therapist, kind, monkeypatch
):
    keys = [_key(documented_plan, kind)]
    assert _key(documented_plan, kind) == keys[0]  # the same inputs, the same key

    keys.append(_key(documented_plan, kind, large_print=True))

    # A dose edit through the builder (it takes the next revision of the draft).
    item = documented_plan.exercises.order_by("position").first()
    form = ExerciseDoseForm(
        {**model_to_dict(item, fields=PlanExercise.DOSE_FIELDS), "sets": 5},
        instance=item,
        duration_weeks=documented_plan.duration_weeks,
    )
    assert form.is_valid(), form.errors
    plan_services.plan_update(
        plan=documented_plan,
        revision=documented_plan.revision,
        form=form,
        request=Request(therapist),
    )
    keys.append(_key(documented_plan, kind))

    # The exercise's own text edited in the library.
    exercise_services.exercise_update(
        exercise=item.exercise, user=therapist, fields={"what_moves": "Your hips and knees"}
    )
    keys.append(_key(documented_plan, kind))

    # A photo added, then chosen instead of the drawing.
    image = ExerciseImageFactory(exercise=item.exercise, description="Start position")
    keys.append(_key(documented_plan, kind))
    exercise_services.exercise_image_update(
        image=image, user=therapist, description="Start position", use_instead_of_drawing=True
    )
    keys.append(_key(documented_plan, kind))

    # A new plan week (the dose of this week is printed).
    later = timezone.localdate() + timedelta(weeks=2)
    monkeypatch.setattr(common.timezone, "localdate", lambda: later)
    keys.append(_key(documented_plan, kind))

    assert len(set(keys)) == len(keys)


def test_a_new_version_of_the_library_flare_up_plan_changes_the_packet_key(
    documented_plan, therapist, clinic_admin, handouts
):
    """The packet uses the clinic's current flare-up plan when the plan gives none."""
    request = Request(therapist)
    row = documented_plan.handouts.get(handout_version__topic="flare_up")
    plan_services.plan_set_removed(
        plan=documented_plan,
        revision=documented_plan.revision,
        item=row,
        removed=True,
        request=request,
    )
    before = _key(documented_plan)
    republish(handouts["flare_up"], user=clinic_admin, title="Your bad-day plan")
    assert _key(documented_plan) != before


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


@pytest.mark.parametrize(
    "drawn", ["css/list-bullet.svg", "education/checkbox.svg", "plans/tick-week.svg"]
)
def test_editing_a_drawing_a_stylesheet_or_template_uses_makes_a_new_document(
    drawn, tmp_path, monkeypatch
):
    before = services._files_fingerprint(packet.TEMPLATE, packet.STYLESHEETS)
    real = services.resolve_local_file
    edited = tmp_path / "edited.svg"
    edited.write_bytes(real("/static/" + drawn).read_bytes() + b"<!-- edited -->")
    monkeypatch.setattr(
        services,
        "resolve_local_file",
        lambda path: edited if path == "/static/" + drawn else real(path),
    )
    assert services._files_fingerprint(packet.TEMPLATE, packet.STYLESHEETS) != before
