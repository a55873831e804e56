"""The authentication backend: Django's ModelBackend, reading the user with their clinic."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ClinicUserBackend(ModelBackend):
    """Every logged-in page scopes its data by the user's clinic (lbp_clinic.access), so the
    session's user is read together with the clinic: one query instead of two per request.
    Passwords, permissions and inactive users are ModelBackend's, unchanged."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("clinic")
        # get(), not filter().first(): first() orders by id, which costs every page the
        # compiling of an ORDER BY (about a third of this query's Python time).
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
