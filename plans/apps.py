"""Plans of care: the therapist's builder, signing and amendments."""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
