"""Load the shared exercise library from exercises/content/library/*.toml. Idempotent.

Shared rows are matched by slug (rows with no clinic only; a clinic's own exercises are
never touched). A row is written only when a value differs, so a second run changes
nothing. Regression and progression are linked in a second pass, once every slug exists.
A shared exercise whose file is gone is archived, never deleted (plans may use it).
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from exercises.models import (
    CONTENT_FIELDS,
    DOSAGE_FIELDS,
    Exercise,
    ExerciseRevision,
    refresh_search_words,
    search_vector_expression,
)
from exercises.services import changes_between, snapshot

LIBRARY_DIR = Path(__file__).resolve().parent / "content" / "library"


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self):
        return bool(self.created or self.updated or self.archived)


def read_library(directory: Path = LIBRARY_DIR) -> dict[str, dict]:
    """{slug: entry} for every file; the values are the fields of the Exercise model."""
    entries = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        values = {name: raw[name] for name in CONTENT_FIELDS}
        values.update({name: raw["dosage"][name] for name in DOSAGE_FIELDS})
        entries[raw["slug"]] = {
            "values": values,
            "regression": raw.get("regression", ""),
            "progression": raw.get("progression", ""),
        }
    return entries


@transaction.atomic
def load_shared_library(directory: Path = LIBRARY_DIR) -> LoadResult:
    """Create, update or archive shared exercises to match the files, in a few bulk queries."""
    entries = read_library(directory)
    result = LoadResult()
    existing = {
        exercise.slug: exercise
        for exercise in Exercise.objects.filter(clinic__isnull=True).select_related(
            "regression", "progression"
        )
    }

    # Pass 1: a row for every new slug, so that pass 2 can link to it.
    new_rows = [
        Exercise(slug=slug, **entries[slug]["values"]) for slug in entries if slug not in existing
    ]
    for exercise in new_rows:
        exercise.clean_text()
    Exercise.objects.bulk_create(new_rows)
    existing.update({exercise.slug: exercise for exercise in new_rows})
    result.created = [exercise.slug for exercise in new_rows]
    revisions = [
        ExerciseRevision(
            exercise=exercise, action=ExerciseRevision.Action.CREATED, user_name="Library"
        )
        for exercise in new_rows
    ]

    # Pass 2: content and links; only rows with a difference are written.
    changed, changed_fields = [], set()
    for slug, exercise in existing.items():
        before = snapshot(exercise)
        if slug in entries:
            entry = entries[slug]
            wanted = {
                **entry["values"],
                "archived": False,
                "regression": existing.get(entry["regression"]),
                "progression": existing.get(entry["progression"]),
            }
        else:  # the file is gone: archive, never delete (plans may use it)
            wanted = {"archived": True}
        for name, value in wanted.items():
            setattr(exercise, name, value)
        exercise.clean_text()
        changes = changes_between(before, snapshot(exercise))
        if not changes:
            result.unchanged += slug not in result.created
            continue
        changed.append(exercise)
        changed_fields.update(change["field"] for change in changes)
        if slug in result.created:
            continue  # a new row getting its first links is part of its creation
        if slug in entries:
            action = ExerciseRevision.Action.LIBRARY_UPDATE
            result.updated.append(slug)
        else:
            action = ExerciseRevision.Action.ARCHIVED
            result.archived.append(slug)
        revisions.append(
            ExerciseRevision(exercise=exercise, action=action, user_name="Library", changes=changes)
        )

    now = timezone.now()
    for exercise in changed:
        exercise.updated_at = now
    if changed:
        Exercise.objects.bulk_update(changed, fields=[*sorted(changed_fields), "updated_at"])
    written = [exercise.pk for exercise in [*new_rows, *changed]]
    if written:
        Exercise.objects.filter(pk__in=written).update(search_vector=search_vector_expression())
        refresh_search_words()
    ExerciseRevision.objects.bulk_create(revisions)
    return result
