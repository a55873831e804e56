"""The authentication backend: Django's ModelBackend, reading the user with their clinic."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ClinicUserBackend(ModelBackend):
    """Every logged-in page scopes its data by the user's clinic (lbp_clinic.access), so the
    session's user is read together with the clinic: one query instead of two per request.
    Passwords, permissions and inactive users are ModelBackend's, unchanged."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("clinic")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
