"""The session's user is read with their clinic, in one query (lbp_clinic.auth)."""

from lbp_clinic.auth import ClinicUserBackend
from tests.conftest import client_for


def test_the_session_user_comes_with_their_clinic_in_one_query(
    therapist, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = ClinicUserBackend().get_user(therapist.pk)
        assert user.clinic.name == therapist.clinic.name
    assert user == therapist


def test_an_inactive_or_unknown_user_has_no_session(therapist):
    therapist.is_active = False
    therapist.save(update_fields=["is_active"])
    assert ClinicUserBackend().get_user(therapist.pk) is None
    assert ClinicUserBackend().get_user(10**9) is None


def test_a_logged_in_page_reads_the_clinic_with_the_user(therapist):
    response = client_for(therapist).get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user.__class__.clinic.is_cached(response.wsgi_request.user)
