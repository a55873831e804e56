"""Issue 4 in the app: the drawn start and end pictures on pages, in the builder and in PDFs."""

import pytest
from django.core.management import call_command

from exercises.models import Exercise
from exercises.pictures import EXERCISE_SLUGS
from tests.conftest import client_for
from tests.document_attacks import pdf_text
from tests.exercises.factories import ExerciseFactory, ExerciseImageFactory, image_upload


@pytest.fixture
def deadlift(library):
    return Exercise.objects.get(clinic=None, slug="deadlift")


@pytest.mark.parametrize("phase", ["start", "end", "pair"])
def test_every_staff_role_gets_the_drawing_as_svg(deadlift, request, phase):
    for role in ("therapist", "clinic_admin", "front_desk"):
        response = client_for(request.getfixturevalue(role)).get(
            f"/exercises/{deadlift.pk}/drawing/{phase}.svg"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")
        assert b"<title" in response.content


def test_unknown_phase_and_exercises_without_a_drawing_are_404(deadlift, therapist_client, clinic):
    assert therapist_client.get(f"/exercises/{deadlift.pk}/drawing/middle.svg").status_code == 404
    own = ExerciseFactory(clinic=clinic, name="Sled drag", slug="sled-drag")
    assert therapist_client.get(f"/exercises/{own.pk}/drawing/start.svg").status_code == 404


def test_another_clinics_own_exercise_drawing_is_a_404(outsider_client, clinic):
    own = ExerciseFactory(clinic=clinic, name="Deadlift", slug="deadlift")
    assert outsider_client.get(f"/exercises/{own.pk}/drawing/start.svg").status_code == 404


def test_the_detail_page_shows_the_drawing_and_says_what_moves(deadlift, therapist_client):
    html = therapist_client.get(f"/exercises/{deadlift.pk}/").content.decode()
    assert f'src="/exercises/{deadlift.pk}/drawing/pair.svg"' in html
    assert "start and end positions" in html


def test_a_photo_the_clinic_prefers_replaces_the_drawing(clinic, therapist_client):
    own = ExerciseFactory(clinic=clinic, name="Deadlift", slug="deadlift")
    assert own.has_drawing
    image = ExerciseImageFactory(exercise=own, image=image_upload(), use_instead_of_drawing=True)
    html = therapist_client.get(f"/exercises/{own.pk}/").content.decode()
    assert f"/exercises/images/{image.pk}/" in html
    assert "drawing/pair.svg" not in html


def test_the_gallery_shows_every_reference_exercise(library, desk_client):
    html = desk_client.get("/exercises/gallery/").content.decode()
    for exercise in Exercise.objects.filter(clinic=None):
        assert f"/exercises/{exercise.pk}/drawing/pair.svg" in html
    assert html.count("drawing/pair.svg") == len(EXERCISE_SLUGS) == 46


def test_the_pdf_sheet_carries_the_drawing(deadlift, therapist_client):
    pdf = therapist_client.get(f"/exercises/{deadlift.pk}/sheet.pdf").content
    text = pdf_text(pdf)
    assert "Start" in text and "End" in text  # the labels of the drawn pair
    assert b"/Subtype /Image" not in pdf or b"/Subtype /Form" in pdf  # vector, not only raster


def test_every_reference_exercise_is_drawn(library):
    for exercise in Exercise.objects.filter(clinic=None):
        assert exercise.has_drawing, exercise.slug


def test_the_contact_sheet_command_writes_pngs(tmp_path):
    target = tmp_path / "contact.png"
    call_command("exercise_contact_sheet", str(target), verbosity=0)
    assert target.exists()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
