"""Education: the library of psychologically informed handouts."""

from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
