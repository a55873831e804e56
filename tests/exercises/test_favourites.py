"""Therapists keep their own favourites (htmx toggle, works without JavaScript too)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import FavouriteExercise
from tests.conftest import client_for


def test_a_therapist_marks_and_unmarks_a_favourite_with_htmx(
    therapist, therapist_client, shared_exercise
):
    url = f"/exercises/{shared_exercise.pk}/favourite/"
    response = therapist_client.post(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<form id="favourite-{shared_exercise.pk}"')
    assert 'aria-pressed="true"' in html
    assert FavouriteExercise.objects.filter(user=therapist, exercise=shared_exercise).exists()
    html = therapist_client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert 'aria-pressed="false"' in html
    assert not FavouriteExercise.objects.exists()


def test_without_javascript_the_form_returns_to_the_list(therapist_client, shared_exercise):
    url = f"/exercises/{shared_exercise.pk}/favourite/"
    response = therapist_client.post(url, {"next": "/exercises/?q=hinge"})
    assert response.status_code == 302 and response["Location"] == "/exercises/?q=hinge"
    response = therapist_client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == shared_exercise.get_absolute_url()
    assert therapist_client.get(url).status_code == 302  # a GET changes nothing
    assert FavouriteExercise.objects.count() == 0


def test_favourites_belong_to_one_person(therapist, colleague, therapist_client, shared_exercise):
    therapist_client.post(f"/exercises/{shared_exercise.pk}/favourite/")
    html = client_for(colleague).get("/exercises/").content.decode()
    assert 'aria-pressed="true"' not in html
    assert 'aria-pressed="true"' in therapist_client.get("/exercises/").content.decode()


def test_only_therapists_keep_favourites(clinic_admin, front_desk, shared_exercise):
    for user in (clinic_admin, front_desk):
        assert (
            client_for(user).post(f"/exercises/{shared_exercise.pk}/favourite/").status_code == 403
        )
    assert not FavouriteExercise.objects.exists()


def test_another_clinics_exercise_cannot_be_a_favourite(outsider_client, north_exercise):
    assert outsider_client.post(f"/exercises/{north_exercise.pk}/favourite/").status_code == 404
    assert not FavouriteExercise.objects.exists()


text = st.text(max_size=300).map(lambda value: value.replace("\x00", ""))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(next_url=text, htmx=st.booleans())
def test_the_favourite_form_never_fails_with_a_500(
    therapist_client, shared_exercise, next_url, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    response = therapist_client.post(
        f"/exercises/{shared_exercise.pk}/favourite/", {"next": next_url}, headers=headers
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//")
