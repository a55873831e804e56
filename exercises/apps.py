"""Exercise library: the clinic's catalogue of exercises and their pictures."""

from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercise library"

    def load_library(self, stdout):
        """Load or update the shared library from content/library/*.toml (idempotent)."""
        from exercises.library import load_shared_library

        result = load_shared_library()
        stdout.write(
            f"Exercise library: {len(result.created)} added, {len(result.updated)} updated, "
            f"{len(result.archived)} archived, {result.unchanged} unchanged."
        )

    def load_demo(self, clinics, users):
        """North Clinic's own exercise and a therapist's favourites (idempotent)."""
        from exercises.demo import load_demo_exercises

        load_demo_exercises(clinics=clinics, users=users)
