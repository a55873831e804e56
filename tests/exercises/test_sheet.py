"""The printable exercise sheet: one page, what a patient needs, nothing hostile gets in."""

import io

import pytest
from pypdf import PdfReader

from exercises.models import Exercise
from lbp_clinic.models import AuditEvent
from tests.document_attacks import assert_pdf_is_clean, hostile_html, pdf_text
from tests.exercises.factories import ExerciseImageFactory, image_upload
from tests.exercises.test_editing import NEW


def sheet(client, exercise, **params):
    response = client.get(f"/exercises/{exercise.pk}/sheet.pdf", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pages(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def flat(text):
    return " ".join(text.split())


def test_the_sheet_has_what_the_patient_needs(library, clinic, therapist, therapist_client):
    deadlift = Exercise.objects.get(clinic__isnull=True, slug="deadlift")
    pdf = sheet(therapist_client, deadlift)
    text = flat(pdf_text(pdf))
    assert clinic.name in text and "Springfield" in text  # letterhead
    assert "Deadlift" in text
    assert "Your dose: 3 sets of 5-8 reps, RPE 7" in text
    assert "Rest 2 min 30 s between sets" in text
    for line in [*deadlift.movement_steps, *deadlift.coaching_cues, *deadlift.safety_notes]:
        assert flat(line) in text
    assert deadlift.what_moves in text
    assert pages(pdf) == 1
    event = AuditEvent.objects.get(action="document")
    assert event.detail["document"] == "exercise-sheet"
    assert event.object_id == str(deadlift.pk) and event.actor_id == therapist.pk


def test_the_longest_library_exercises_still_fit_one_page(library, therapist_client):
    def length(exercise):
        parts = [exercise.summary, exercise.starting_position, exercise.what_moves]
        for name in (
            "setup_steps",
            "movement_steps",
            "coaching_cues",
            "common_mistakes",
            "safety_notes",
        ):
            parts.extend(getattr(exercise, name))
        return sum(len(part) for part in parts)

    longest = sorted(Exercise.objects.filter(clinic__isnull=True), key=length)[-3:]
    for exercise in longest:
        assert pages(sheet(therapist_client, exercise)) == 1, exercise.slug


def test_large_print(library, therapist_client):
    bird_dog = Exercise.objects.get(clinic__isnull=True, slug="bird-dog")
    regular, large = (
        sheet(therapist_client, bird_dog),
        sheet(therapist_client, bird_dog, size="large"),
    )
    assert pages(large) > pages(regular)
    assert flat(bird_dog.movement_steps[-1]) in flat(pdf_text(large))
    assert AuditEvent.objects.filter(detail__document="exercise-sheet-large").exists()


def test_the_clinic_logo_and_an_uploaded_photo_are_printed(
    clinic, therapist_client, north_exercise
):
    clinic.logo = image_upload("logo.png", size=(200, 60))
    clinic.save()
    ExerciseImageFactory(exercise=north_exercise, image=image_upload("p.png", size=(300, 200)))
    reader = PdfReader(io.BytesIO(sheet(therapist_client, north_exercise)))
    sizes = sorted((image.image.width, image.image.height) for image in reader.pages[0].images)
    assert sizes == [(200, 60), (300, 200)]


def test_hostile_text_typed_by_an_admin_cannot_reach_files_or_the_network(
    admin_client_, therapist_client, listener
):
    """SECURITY 13 and 15: markup is stripped when stored and escaped when printed."""
    hostile = hostile_html(listener.url)
    data = {**NEW, "summary": hostile, "movement_steps": hostile, "what_moves": hostile}
    data["coaching_cues"] = "Push.\n" + hostile.replace("\n", " ")
    admin_client_.post("/exercises/new/", data)
    exercise = Exercise.objects.get(name="Sled push")
    assert "<" not in exercise.summary and "file:" not in exercise.summary
    assert "Before the tricks." in exercise.summary
    pdf = sheet(therapist_client, exercise)
    assert_pdf_is_clean(pdf)
    listener.assert_untouched()
    assert "After the tricks." in pdf_text(pdf)


def test_hostile_text_already_in_the_database_is_printed_as_text(
    therapist_client, north_exercise, listener
):
    """Even text that skipped the cleaning (a raw SQL update) is escaped in the document."""
    hostile = hostile_html(listener.url)
    Exercise.objects.filter(pk=north_exercise.pk).update(
        name=hostile[:120], summary=hostile, movement_steps=[hostile], safety_notes=[hostile]
    )
    pdf = sheet(therapist_client, north_exercise)
    assert_pdf_is_clean(pdf)
    listener.assert_untouched()
    assert '<img src="file:///etc/passwd"' in flat(pdf_text(pdf))  # shown, not fetched


@pytest.mark.parametrize("size", ["", "large", "<script>"])
def test_another_clinics_sheet_is_not_found(outsider_client, north_exercise, size):
    response = outsider_client.get(f"/exercises/{north_exercise.pk}/sheet.pdf", {"size": size})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="document").exists()
