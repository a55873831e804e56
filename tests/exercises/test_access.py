"""SECURITY 1-3 for the library: each URL × each role, and another clinic's exercise is a 404.

The matrix is built from the URLconf, so a new URL without an entry here fails the suite.
"""

import pytest
from django.urls import reverse

from exercises.models import Exercise, ExerciseImage, ExerciseRevision, FavouriteExercise
from lbp_clinic.models import AuditEvent
from tests.conftest import client_for
from tests.exercises.factories import ExerciseImageFactory
from tests.urlwalk import private_urls

ADMIN, THERAPIST, DESK = "clinic_admin", "therapist", "front_desk"
EVERYONE = (ADMIN, THERAPIST, DESK)
# URL name -> (roles that may open it, status of an allowed GET)
MATRIX = {
    "exercises:list": (EVERYONE, 200),
    "exercises:detail": (EVERYONE, 200),
    "exercises:sheet": (EVERYONE, 200),
    "exercises:image": (EVERYONE, 200),
    "exercises:favourite": ((THERAPIST,), 302),
    "exercises:create": ((ADMIN,), 200),
    "exercises:edit": ((ADMIN,), 200),
    "exercises:duplicate": ((ADMIN,), 200),
    "exercises:archive": ((ADMIN,), 200),
    "exercises:restore": ((ADMIN,), 200),
    "exercises:images": ((ADMIN,), 200),
    "exercises:image-edit": ((ADMIN,), 302),
    "exercises:image-remove": ((ADMIN,), 200),
    "exercises:image-move": ((ADMIN,), 302),
    "exercises:gallery": (EVERYONE, 200),
    # North's sled drag has no drawing: 404 for every role (tests/exercises/test_drawings.py
    # covers the drawings that exist).
    "exercises:drawing": (EVERYONE, 404),
}
WITHOUT_OBJECT = {"exercises:list", "exercises:create", "exercises:gallery"}


def url_for(name, exercise, image):
    if name in WITHOUT_OBJECT:
        return reverse(name)
    if name == "exercises:drawing":
        return reverse(name, kwargs={"pk": exercise.pk, "phase": "pair"})
    if name.startswith("exercises:image") and name != "exercises:images":
        return reverse(name, kwargs={"image_id": image.pk})
    return reverse(name, kwargs={"pk": exercise.pk})


@pytest.fixture
def north_image(north_exercise):
    return ExerciseImageFactory(exercise=north_exercise)


def test_the_matrix_covers_every_exercise_url():
    names = {name for name, _, _ in private_urls() if name.startswith("exercises:")}
    assert names == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_gets_what_it_may_open(request, name, role, north_exercise, north_image):
    client = client_for(request.getfixturevalue(role))
    allowed, status = MATRIX[name]
    response = client.get(url_for(name, north_exercise, north_image))
    assert response.status_code == (status if role in allowed else 403), (name, role)


def _state():
    return (
        list(Exercise.objects.order_by("pk").values_list("pk", "name", "archived", "updated_at")),
        list(ExerciseImage.objects.order_by("pk").values_list("pk", "description", "position")),
        ExerciseRevision.objects.count(),
        FavouriteExercise.objects.count(),
        AuditEvent.objects.exclude(action__in=["login", "logout"]).count(),
    )


@pytest.mark.parametrize("outsider_fixture", ["outsider_admin", "outsider"])
def test_another_clinics_exercise_is_not_found(
    request, outsider_fixture, north_exercise, north_image
):
    """GET, POST and htmx on every object URL of North's own exercise: 404 (or 403 for the
    role), never a 200, and nothing is written."""
    outsider = request.getfixturevalue(outsider_fixture)
    client = client_for(outsider)
    before = _state()
    for name, (allowed, _status) in MATRIX.items():
        if name in WITHOUT_OBJECT:
            continue
        url = url_for(name, north_exercise, north_image)
        expected = 404 if outsider.role in allowed else 403
        data = {"description": "x", "direction": "earlier", "name": "Taken over"}
        for response in (
            client.get(url),
            client.get(url, headers={"HX-Request": "true"}),
            client.post(url, data),
            client.post(url, data, headers={"HX-Request": "true"}),
        ):
            assert response.status_code == expected, (name, response.request["REQUEST_METHOD"])
    assert _state() == before


def test_the_south_admin_cannot_find_norths_exercise_in_the_library(outsider_admin, north_exercise):
    html = (
        client_for(outsider_admin).get("/exercises/", {"q": north_exercise.name}).content.decode()
    )
    assert north_exercise.get_absolute_url() not in html
    assert f">{north_exercise.name}</a>" not in html
    assert "No exercises found" in html
