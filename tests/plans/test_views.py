"""The builder and plan pages: what a therapist sees, htmx saves, conflicts, roles, isolation."""

import re

from django.urls import reverse

from lbp_clinic.models import AuditEvent
from plans import services
from plans.models import PlanExercise
from tests.conftest import client_for
from tests.urlwalk import url_parameters


def builder_url(plan):
    return reverse("plans:builder", args=[plan.pk])


def test_the_builder_shows_the_plan_and_the_three_components(therapist_client, plan, intake):
    response = therapist_client.get(builder_url(plan))
    html = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Episode, frequency and classification",
        "Diagnoses",
        "Goals",
        "1. Education",
        "2. Manual therapy",
        "3. Exercise",
    ):
        assert heading in html
    assert "Maria Lopez" in html
    assert 'id="plan-revision" name="revision" value="1"' in html
    assert AuditEvent.objects.filter(
        action="view", object_id=str(plan.pk), patient_id=plan.patient_id
    ).exists()


def test_adding_an_exercise_by_htmx_answers_with_the_section_and_the_new_revision(
    therapist_client, plan, exercises
):
    response = therapist_client.post(
        reverse("plans:row-add", args=[plan.pk, "exercise"]),
        {"exercise": exercises[0].pk, "revision": plan.revision},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="exercises"' in html
    assert "Kettlebell deadlift" in html
    assert "3 sets of 8-12 reps" in html
    assert 'id="plan-revision" name="revision" value="2" hx-swap-oob="true"' in html
    assert "All changes saved" in html


def test_a_stale_save_is_a_409_that_keeps_the_typed_input(
    therapist_client, plan, exercises, therapist
):
    item = services.plan_add_exercise(
        plan=plan, revision=1, exercise=exercises[0], request=_request(therapist)
    )
    prefix = f"exercise-{item.pk}"
    data = {
        f"{prefix}-{k}": v
        for k, v in {
            "sets": 5,
            "reps_min": 7,
            "reps_max": 9,
            "load": "42.5",
            "load_unit": "kg",
            "days_per_week": 2,
            "side": "both",
            "start_week": 1,
            "rule": "none",
            "effort_type": "",
            "home": "on",
        }.items()
    }
    response = therapist_client.post(
        reverse("plans:row-update", args=[plan.pk, "exercise", item.pk]),
        {**data, "revision": 1},  # the page was loaded before the exercise was added
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this plan while you were editing" in html
    assert 'value="42.5"' in html
    assert PlanExercise.objects.get(pk=item.pk).sets == 3


def test_bad_dose_gets_a_message_next_to_the_field(therapist_client, plan, exercises, therapist):
    item = services.plan_add_exercise(
        plan=plan, revision=1, exercise=exercises[0], request=_request(therapist)
    )
    prefix = f"exercise-{item.pk}"
    data = {
        f"{prefix}-{k}": v
        for k, v in {
            "sets": 3,
            "reps_min": 12,
            "reps_max": 8,
            "load": "20",
            "load_unit": "kg",
            "days_per_week": 2,
            "side": "both",
            "start_week": 1,
            "rule": "none",
        }.items()
    }
    response = therapist_client.post(
        reverse("plans:row-update", args=[plan.pk, "exercise", item.pk]),
        {**data, "revision": 2},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Reps (from) must not be more than Reps (to)." in response.content.decode()


def test_without_javascript_a_bad_dose_opens_only_its_own_row(
    therapist, therapist_client, plan, exercises
):
    from datetime import date

    from plans.models import PlanGoal, PlanManualTherapy

    item = services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=_request(therapist)
    )
    # A goal and a manual therapy row whose ids are the same number as the exercise row's.
    goal = PlanGoal.objects.create(
        pk=item.pk, plan=plan, term="long", activity="Lift a box", due_date=date(2027, 3, 1)
    )
    manual = PlanManualTherapy.objects.create(
        pk=item.pk, plan=plan, technique="soft_tissue_mobilization", region="Lumbar"
    )
    plan.refresh_from_db()
    prefix = f"exercise-{item.pk}"
    response = therapist_client.post(
        reverse("plans:row-update", args=[plan.pk, "exercise", item.pk]),
        {f"{prefix}-sets": "many", "revision": plan.revision},
    )
    html = response.content.decode()
    assert response.status_code == 422
    # The dose form comes back, with what was typed, in the exercise's row and only there.
    assert html.count(f'name="{prefix}-sets"') == 1
    assert 'value="many"' in html
    assert html.count('class="grid-form row-form"') == 1
    assert f'action="{builder_url(plan)}exercise/{item.pk}/" hx-post' in html
    # The goal and the manual therapy row keep closed editors that load their own forms.
    for kind, row in (("goal", goal), ("manual", manual)):
        assert f'<a href="{builder_url(plan)}{kind}/{row.pk}/">Open the form</a>' in html


def test_front_desk_cannot_open_or_change_plans(desk_client, plan, exercises):
    assert desk_client.get(builder_url(plan)).status_code == 403
    response = desk_client.post(
        reverse("plans:row-add", args=[plan.pk, "exercise"]),
        {"exercise": exercises[0].pk, "revision": 1},
    )
    assert response.status_code == 403
    assert not plan.exercises.exists()


def test_clinic_admin_reads_but_cannot_edit(admin_client_, plan, exercises):
    html = admin_client_.get(builder_url(plan)).content.decode()
    assert "Add exercises" not in html
    response = admin_client_.post(
        reverse("plans:row-add", args=[plan.pk, "exercise"]),
        {"exercise": exercises[0].pk, "revision": 1},
    )
    assert response.status_code == 403


def plan_urls(plan, therapist, exercises):
    """A concrete URL for every plans: URL, built with this plan's real ids."""
    item = services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=_request(therapist)
    )
    from plans.documents.services import produce

    document = produce(_request(therapist), plan, "packet", large_print=False)
    values = {
        "plan_id": plan.pk,
        "patient_id": plan.patient_id,
        "kind": "exercise",
        "row_id": item.pk,
        "document_id": document.pk,
    }
    urls = []
    for name, params in url_parameters().items():
        if not name.startswith("plans:"):
            continue
        if name.startswith("plans:document-") and "kind" in params:
            # One URL per document kind.
            from plans.documents.kinds import BUILDERS

            for kind in BUILDERS:
                kwargs = {p: values[p] for p in params} | {"kind": kind}
                urls.append((f"{name} {kind}", reverse(name, kwargs=kwargs)))
            continue
        urls.append((name, reverse(name, kwargs={p: values[p] for p in params})))
    return urls


def test_another_clinic_gets_404_on_every_plan_url(outsider_client, plan, therapist, exercises):
    urls = [
        (name, url) for name, url in plan_urls(plan, therapist, exercises) if name != "plans:list"
    ]
    assert len(urls) >= 23
    revision = plan.revision
    documents = plan.documents.count()
    for name, url in urls:
        got = outsider_client.get(url).status_code
        posted = outsider_client.post(
            url, {"revision": revision, "exercise": 1, "reason": "x", "name": "x"}
        ).status_code
        # The method the view takes is a 404; the other one may be "method not allowed".
        assert {got, posted} <= {404, 405} and 404 in {got, posted}, (name, got, posted)
    plan.refresh_from_db()
    assert plan.revision == revision  # nothing was written
    assert plan.documents.count() == documents


def test_the_plan_list_shows_only_the_clinics_plans(therapist_client, outsider_client, plan):
    assert "Maria Lopez" in therapist_client.get(reverse("plans:list")).content.decode()
    assert "Maria Lopez" not in outsider_client.get(reverse("plans:list")).content.decode()


def test_builder_query_count_is_the_same_for_1_and_30_exercises(
    therapist, plan, exercises, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.exercises.factories import ExerciseFactory

    client = client_for(therapist)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(builder_url(plan)).status_code == 200
        return len(captured)

    services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=_request(therapist)
    )
    one = count()
    # 1-2 the session, the user with their clinic (the session is not written);
    # 3 the plan (with its patient); 4-8 its diagnoses, goals, handouts
    # (with their versions), manual therapy and exercises (with the library exercise);
    # 9 the audit row of the chart view; 10 the latest outcome results (suggestions and
    # goal progress); 11 the latest intake; 12 the suggested handouts;
    # 13 the documents produced from this version (Documents card);
    # 14 the patient's plan versions, each with its latest progress report (an aggregate);
    # 15 the episode's visits (the Visits card, its counts and the progress report due).
    assert one == 15
    for _ in range(29):
        services.plan_add_exercise(
            plan=plan,
            revision=plan.revision,
            exercise=ExerciseFactory(),
            request=_request(therapist),
        )
    assert plan.exercises.count() == 30
    assert count() == one


def test_signing_from_the_page(therapist_client, plan, therapist, exercises, handouts):
    from tests.plans.test_services import complete_plan

    complete_plan(plan, therapist, exercises, handouts)
    plan.refresh_from_db()
    response = therapist_client.post(
        reverse("plans:sign", args=[plan.pk]), {"revision": plan.revision}, follow=True
    )
    html = response.content.decode()
    assert "It is now read-only" in html
    assert re.search(r"Signed by .+, DPT \(NPI 1234567893\)", html)
    assert "Amend: start version 2" in html


def test_suggestions_follow_the_intake(therapist_client, plan, handouts, start_back_high):
    html = therapist_client.get(builder_url(plan)).content.decode()
    suggestions = html.split("Suggested from the intake")[1]
    for title in (
        "Hurt is not harm",
        "Stay active",
        "What your scan shows",
        "Sleep and back pain",
        "Your flare-up plan",
    ):
        assert title in suggestions
    assert "because STarT Back high risk" in suggestions


def _request(user):
    from tests.plans.test_services import Request

    return Request(user)


def test_each_row_has_one_controls_form_whose_remove_button_posts_to_remove(
    therapist, therapist_client, plan, exercises
):
    item = services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=_request(therapist)
    )
    html = therapist_client.get(builder_url(plan)).content.decode()
    row_url = f"{builder_url(plan)}exercise/{item.pk}/"
    controls = html.split(f'action="{row_url}move/"', 1)[1].split("</form>", 1)[0]
    assert f'formaction="{row_url}remove/"' in controls
    assert f'hx-post="{row_url}remove/"' in controls
    assert "Move Kettlebell deadlift up" in controls
    assert html.count(f"{row_url}remove/") == 2  # the button's two addresses, no second form
    # Without JavaScript the Remove button sends the form's fields to its own address.
    revision = re.search(r'name="revision" value="(\d+)"', controls).group(1)
    response = therapist_client.post(f"{row_url}remove/", {"revision": revision})
    assert response.status_code == 302
    assert PlanExercise.objects.get(pk=item.pk).removed
