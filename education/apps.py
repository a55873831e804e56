"""Education: the library of psychologically informed handouts."""

from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = "Education handouts"

    def load_library(self, stdout):
        from education.library import load_shared_handouts

        result = load_shared_handouts()
        stdout.write(
            f"Handouts: {result.created} added, {result.updated} given a new version, "
            f"{result.unchanged} unchanged."
        )

    def load_demo(self, clinics, users):
        from education.demo import load_demo_handouts

        load_demo_handouts(clinics, users)
