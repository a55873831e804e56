"""Clinic admins create, edit, copy, archive and restore; bad input never loses what was typed."""

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import Exercise, ExerciseRevision
from lbp_clinic.models import AuditEvent
from tests.conftest import client_for
from tests.exercises.factories import image_upload

NEW = {
    "name": "Sled push",
    "summary": "You push a loaded sled across the floor. It builds strong legs and hips.",
    "category": "strength",
    "movement_pattern": "locomotion",
    "difficulty": "intermediate",
    "equipment": ["machine"],
    "tags": "legs, Conditioning, legs",
    "starting_position": "Stand behind the sled with your hands on the poles.",
    "setup_steps": "Load the sled.\n\nLean in with straight arms.",
    "movement_steps": "Drive with your legs.\nTake short, quick steps.\nStop at the line.",
    "what_moves": "You go from standing behind the sled to the far end of the lane.",
    "coaching_cues": "Low and steady.\nPush the floor back.",
    "common_mistakes": "Standing too tall.",
    "safety_notes": "Stop if pain spreads down your leg.",
    "sets": "4",
    "reps_min": "0",
    "reps_max": "0",
    "hold_seconds": "20",
    "duration_minutes": "0",
    "load_type": "kg",
    "effort_type": "rpe",
    "effort_target": "7",
    "rest_seconds": "90",
    "days_per_week": "2",
    "regression": "",
    "progression": "",
}


def test_an_admin_adds_an_exercise_to_the_clinic(clinic, clinic_admin, admin_client_):
    response = admin_client_.post("/exercises/new/", NEW)
    exercise = Exercise.objects.get(name="Sled push")
    assert response.status_code == 302 and response["Location"] == exercise.get_absolute_url()
    assert exercise.clinic == clinic and exercise.slug == "sled-push"
    assert exercise.setup_steps == ["Load the sled.", "Lean in with straight arms."]
    assert exercise.tags == ["legs", "conditioning"]
    assert exercise.dosage_text == "4 sets of 20 seconds, RPE 7"
    assert exercise.revisions.get().action == "created"
    assert AuditEvent.objects.filter(action="create", object_type="exercises.Exercise").exists()
    html = admin_client_.get(exercise.get_absolute_url()).content.decode()
    assert "was added to your clinic" in html


def test_a_new_exercise_can_come_with_its_first_photo(clinic_admin, admin_client_):
    upload = image_upload("sled.jpg", fmt="JPEG", size=(120, 80))
    data = {**NEW, "photo": upload, "photo_description": "Pushing the sled"}
    assert admin_client_.post("/exercises/new/", data).status_code == 302
    image = Exercise.objects.get(name="Sled push").images.get()
    assert image.description == "Pushing the sled"
    assert image.image.name.startswith("exercise-images/") and image.image.name.endswith(".jpg")
    assert "sled" not in image.image.name


def test_a_photo_needs_a_description_and_must_be_an_image(admin_client_):
    data = {**NEW, "photo": image_upload(), "photo_description": ""}
    html = admin_client_.post("/exercises/new/", data).content.decode()
    assert "Say in a few words what the photo shows." in html
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.png", b"<?php echo 1; ?>", content_type="image/png")
    html = admin_client_.post(
        "/exercises/new/", {**NEW, "photo": fake, "photo_description": "x"}
    ).content.decode()
    assert "This file is not an image we can read." in html
    assert not Exercise.objects.filter(name="Sled push").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"reps_min": "12", "reps_max": "8"},
            "reps_max",
            "The most reps cannot be fewer than the fewest reps.",
        ),
        ({"reps_min": "0", "reps_max": "8"}, "reps_min", "Give both rep numbers, or 0 for both."),
        (
            {"hold_seconds": "0"},
            "reps_max",
            "Give a number of reps, a hold time or a duration in minutes.",
        ),
        ({"effort_target": "11"}, "effort_target", "RPE is a number from 1 to 10."),
        (
            {"effort_type": "rir", "effort_target": "7"},
            "effort_target",
            "Reps in reserve is a number from 0 to 5.",
        ),
        (
            {"load_type": "band"},
            "load_type",
            "A band load needs “Resistance band” in the equipment.",
        ),
        (
            {"equipment": ["mat"]},
            "load_type",
            "A weight load needs a barbell, dumbbell, kettlebell, cable or machine.",
        ),
        (
            {"equipment": ["none", "mat"]},
            "equipment",
            "“No equipment” cannot be ticked together with equipment.",
        ),
        (
            {"category": "aerobic"},
            "duration_minutes",
            "Aerobic exercise needs a duration in minutes.",
        ),
        ({"movement_steps": "<b></b>\n  "}, "movement_steps", "Write at least one line."),
        ({"name": "<script>alert(1)</script>"}, "name", "This field is required."),
        ({"sets": "0"}, "sets", "Ensure this value is greater than or equal to 1."),
        (
            {"coaching_cues": "a\nb\nc\nd\ne\nf\ng"},
            "coaching_cues",
            "Use at most 6 lines (you wrote 7).",
        ),
        ({"tags": ",".join(f"t{i}" for i in range(13))}, "tags", "Use at most 12 tags."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_lost(
    admin_client_, changes, field, message
):
    response = admin_client_.post("/exercises/new/", {**NEW, **changes})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html or f"id_{field}" in html
    assert "Please check the form" in html
    # What was typed comes back, the bad value included.
    typed = {**NEW, **changes}
    for name in ("name", "summary", "movement_steps", "coaching_cues", "tags"):
        assert escape(typed[name]) in html, name
    assert not Exercise.objects.filter(clinic__isnull=False).exists()


def test_markup_typed_into_the_form_is_removed_before_it_is_stored(admin_client_):
    data = {
        **NEW,
        "name": "Sled <b>push</b>",
        "movement_steps": '<img src="file:///etc/passwd">Drive with your legs.\n<script>x</script>',
    }
    admin_client_.post("/exercises/new/", data)
    exercise = Exercise.objects.get(name="Sled push")
    assert exercise.movement_steps == ["Drive with your legs."]


def test_editing_records_old_and_new_values(clinic_admin, admin_client_, north_exercise):
    data = {**NEW, "name": north_exercise.name, "sets": "5"}
    response = admin_client_.post(f"/exercises/{north_exercise.pk}/edit/", data)
    assert response.status_code == 302
    north_exercise.refresh_from_db()
    assert north_exercise.sets == 5
    revision = north_exercise.revisions.get(action="edited")
    assert revision.user == clinic_admin
    changes = {change["field"]: change for change in revision.changes}
    assert changes["sets"]["old"] == "3" and changes["sets"]["new"] == "5"
    assert changes["movement_pattern"]["old"] == "Hinge"
    assert changes["movement_pattern"]["new"] == "Locomotion"
    assert "name" not in changes
    assert AuditEvent.objects.filter(action="update", object_id=str(north_exercise.pk)).exists()


def test_saving_without_changes_records_nothing(admin_client_, north_exercise):
    form = admin_client_.get(f"/exercises/{north_exercise.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}  # what the browser would send
    data = {name: "" if value is None else value for name, value in data.items()}
    response = admin_client_.post(f"/exercises/{north_exercise.pk}/edit/", data, follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert not north_exercise.revisions.exists()


def test_the_link_choices_are_the_shared_library_and_the_clinics_own(
    admin_client_, shared_exercise, north_exercise, south_exercise
):
    form = admin_client_.get(f"/exercises/{north_exercise.pk}/edit/").context["form"]
    choices = set(form.fields["regression"].queryset)
    assert choices == {shared_exercise}  # not itself, not another clinic's
    data = {**NEW, "regression": str(south_exercise.pk)}
    html = admin_client_.post(f"/exercises/{north_exercise.pk}/edit/", data).content.decode()
    assert "Select a valid choice." in html
    data = {**NEW, "regression": str(shared_exercise.pk), "progression": str(shared_exercise.pk)}
    html = admin_client_.post(f"/exercises/{north_exercise.pk}/edit/", data).content.decode()
    assert "The regression and progression must be different." in html


def test_shared_exercises_cannot_be_edited_or_archived(admin_client_, shared_exercise):
    for action in ("edit", "archive", "restore", "images"):
        url = f"/exercises/{shared_exercise.pk}/{action}/"
        assert admin_client_.get(url).status_code == 404
        assert admin_client_.post(url, NEW).status_code == 404
    shared_exercise.refresh_from_db()
    assert shared_exercise.name == "Shared hinge drill" and not shared_exercise.archived


def test_a_shared_exercise_is_copied_into_the_clinic(clinic, clinic_admin, admin_client_, library):
    deadlift = Exercise.objects.get(clinic__isnull=True, slug="deadlift")
    page = admin_client_.get(f"/exercises/{deadlift.pk}/duplicate/").content.decode()
    assert "Make a copy" in page
    response = admin_client_.post(f"/exercises/{deadlift.pk}/duplicate/")
    copy = Exercise.objects.get(clinic=clinic, slug="deadlift")
    assert response["Location"] == copy.get_absolute_url()
    assert copy.based_on == deadlift and copy.regression == deadlift.regression
    assert copy.movement_steps == deadlift.movement_steps and copy.sets == deadlift.sets
    assert copy.revisions.get().action == "duplicated"
    admin_client_.post(f"/exercises/{deadlift.pk}/duplicate/")
    assert Exercise.objects.filter(clinic=clinic, slug="deadlift-2").exists()
    html = admin_client_.get(copy.get_absolute_url()).content.decode()
    assert f'<a href="{deadlift.get_absolute_url()}">Deadlift</a>' in html  # copied from


def test_archive_and_restore(clinic_admin, admin_client_, north_exercise):
    url = f"/exercises/{north_exercise.pk}/archive/"
    assert (
        "Archived exercises are hidden from the library" in admin_client_.get(url).content.decode()
    )
    north_exercise.refresh_from_db()
    assert not north_exercise.archived  # a GET changes nothing
    page = admin_client_.post(url, follow=True).content.decode()
    assert "is archived. You can restore it any time." in page
    assert "This exercise is archived" in page
    north_exercise.refresh_from_db()
    assert north_exercise.archived
    assert north_exercise.name not in admin_client_.get("/exercises/").content.decode()
    admin_client_.post(f"/exercises/{north_exercise.pk}/restore/")
    north_exercise.refresh_from_db()
    assert not north_exercise.archived
    assert [r.action for r in north_exercise.revisions.order_by("id")] == ["archived", "restored"]


def test_there_is_no_way_to_delete_an_exercise():
    from tests.urlwalk import iter_urls

    names = [name for name, _, _ in iter_urls() if name.startswith("exercises:")]
    assert names and not [name for name in names if "delete" in name]


@pytest.mark.parametrize("role", ["therapist", "front_desk"])
def test_only_admins_edit(request, role, north_exercise):
    client = client_for(request.getfixturevalue(role))
    for url in ("/exercises/new/", f"/exercises/{north_exercise.pk}/edit/"):
        assert client.get(url).status_code == 403
        assert client.post(url, NEW).status_code == 403
    assert not Exercise.objects.filter(name="Sled push").exists()
    assert not ExerciseRevision.objects.exists()


text = st.text(max_size=300).map(lambda value: value.replace("\x00", ""))
number = st.one_of(st.integers(-10, 100_000).map(str), text)
FUZZED = st.fixed_dictionaries(
    {
        "name": text,
        "summary": text,
        "category": st.one_of(st.sampled_from(["strength", "aerobic"]), text),
        "movement_pattern": st.one_of(st.just("hinge"), text),
        "equipment": st.lists(
            st.one_of(st.sampled_from(["none", "band", "barbell"]), text), max_size=3
        ),
        "starting_position": text,
        "movement_steps": text,
        "coaching_cues": text,
        "tags": text,
        "sets": number,
        "reps_min": number,
        "reps_max": number,
        "hold_seconds": number,
        "effort_target": number,
        "effort_type": st.one_of(st.sampled_from(["rpe", "rir"]), text),
        "regression": number,
    }
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=FUZZED)
def test_the_exercise_form_never_fails_with_a_500(admin_client_, north_exercise, changes):
    for url in ("/exercises/new/", f"/exercises/{north_exercise.pk}/edit/"):
        response = admin_client_.post(url, {**NEW, **changes})
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            html = response.content.decode()
            assert "Please check the form" in html
            # What was typed comes back, so nothing is lost.
            for name in ("name", "summary", "movement_steps"):
                assert escape(changes[name].replace("\r\n", "\n")) in html.replace("\r\n", "\n"), (
                    name
                )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(text, text, max_size=4))
def test_the_confirmation_forms_never_fail_with_a_500(
    admin_client_, north_exercise, shared_exercise, data
):
    for url in (
        f"/exercises/{north_exercise.pk}/archive/",
        f"/exercises/{north_exercise.pk}/restore/",
        f"/exercises/{shared_exercise.pk}/duplicate/",
    ):
        assert admin_client_.post(url, data).status_code == 302
