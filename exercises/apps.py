"""Exercise library: the clinic's catalogue of exercises and their pictures."""

from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
