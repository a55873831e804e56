"""Writes to the exercise library: create, edit, duplicate, archive, photos, favourites.

Every change to an exercise leaves an ExerciseRevision (who, when, which fields, old and
new values). Exercises are never deleted; archiving hides them from the library.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from exercises.models import (
    Category,
    Difficulty,
    EffortType,
    Equipment,
    Exercise,
    ExerciseImage,
    ExerciseRevision,
    FavouriteExercise,
    LoadType,
    MovementPattern,
)

# Fields an editor can change, with the label the edit history shows.
TRACKED_FIELDS = {
    "name": "Name",
    "summary": "Summary",
    "category": "Category",
    "movement_pattern": "Movement pattern",
    "equipment": "Equipment",
    "difficulty": "Difficulty",
    "starting_position": "Starting position",
    "setup_steps": "Setup steps",
    "movement_steps": "Movement steps",
    "coaching_cues": "Coaching cues",
    "common_mistakes": "Common mistakes",
    "safety_notes": "Safety notes",
    "what_moves": "What moves",
    "tags": "Tags",
    "sets": "Sets",
    "reps_min": "Fewest reps",
    "reps_max": "Most reps",
    "hold_seconds": "Hold (seconds)",
    "duration_minutes": "Duration (minutes)",
    "load_type": "Load",
    "effort_type": "Effort scale",
    "effort_target": "Effort target",
    "rest_seconds": "Rest (seconds)",
    "days_per_week": "Days per week",
    "regression": "Easier regression",
    "progression": "Harder progression",
    "archived": "Archived",
}
CHOICE_LABELS = {
    "category": dict(Category.choices),
    "movement_pattern": dict(MovementPattern.choices),
    "difficulty": dict(Difficulty.choices),
    "load_type": dict(LoadType.choices),
    "effort_type": dict(EffortType.choices),
}
EQUIPMENT_LABELS = dict(Equipment.choices)
LINK_FIELDS = ("regression", "progression")
COPIED_FIELDS = [name for name in TRACKED_FIELDS if name != "archived"]


def _as_text(exercise, name) -> str:
    if name in LINK_FIELDS:
        related = getattr(exercise, name)
        return related.name if related is not None else "(none)"
    value = getattr(exercise, name)
    if name == "equipment":
        return ", ".join(EQUIPMENT_LABELS.get(item, item) for item in value)
    if name == "tags":
        return ", ".join(value)
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in CHOICE_LABELS:
        return CHOICE_LABELS[name].get(value, value)
    return str(value)


def snapshot(exercise) -> dict[str, tuple[object, str]]:
    """{field: (raw value, text for the history)} of every tracked field."""
    return {
        name: (
            getattr(exercise, f"{name}_id" if name in LINK_FIELDS else name),
            _as_text(exercise, name),
        )
        for name in TRACKED_FIELDS
    }


def changes_between(before: dict, after: dict) -> list[dict]:
    return [
        {
            "field": name,
            "label": TRACKED_FIELDS[name],
            "old": before[name][1],
            "new": after[name][1],
        }
        for name in TRACKED_FIELDS
        if before[name][0] != after[name][0]
    ]


def _author_name(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else "Library"


def _record(exercise, action, user, changes=()):
    return ExerciseRevision.objects.create(
        exercise=exercise,
        action=action,
        user=user,
        user_name=_author_name(user),
        changes=list(changes),
    )


def unique_slug(*, clinic, name: str) -> str:
    base = slugify(name)[:120] or "exercise"
    taken = set(
        Exercise.objects.filter(clinic=clinic, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(exercise, fields: dict) -> None:
    for name, value in fields.items():
        if name not in TRACKED_FIELDS:
            raise ValueError(f"{name} is not an exercise field an editor may set")
        setattr(exercise, name, value)


@transaction.atomic
def exercise_create(*, clinic, user, fields: dict, photo=None, photo_description="") -> Exercise:
    exercise = Exercise(clinic=clinic, slug=unique_slug(clinic=clinic, name=fields["name"]))
    _apply(exercise, fields)
    exercise.clean_text()
    exercise.full_clean(exclude=["search_vector"])
    exercise.save()
    _record(exercise, ExerciseRevision.Action.CREATED, user)
    if photo is not None:
        exercise_image_add(
            exercise=exercise, user=user, image_file=photo, description=photo_description
        )
    return exercise


@transaction.atomic
def exercise_update(*, exercise, user, fields: dict) -> list[dict]:
    """Save the changed fields; returns the changes recorded (empty when nothing changed)."""
    current = (
        Exercise.objects.select_for_update(of=("self",))
        .select_related("regression", "progression")
        .get(pk=exercise.pk)
    )
    before = snapshot(current)
    _apply(current, fields)
    current.clean_text()
    current.full_clean(exclude=["search_vector"])
    current.save()
    changes = changes_between(before, snapshot(current))
    if changes:
        _record(current, ExerciseRevision.Action.EDITED, user, changes)
    return changes


@transaction.atomic
def exercise_duplicate(*, exercise, clinic, user) -> Exercise:
    """A clinic's own copy of `exercise` (shared or its own), photos included."""
    copy = Exercise(
        clinic=clinic,
        slug=unique_slug(clinic=clinic, name=exercise.name),
        based_on=exercise,
    )
    for name in COPIED_FIELDS:
        setattr(copy, name, getattr(exercise, name))
    copy.save()
    _record(
        copy,
        ExerciseRevision.Action.DUPLICATED,
        user,
        [{"field": "based_on", "label": "Copied from", "old": "", "new": exercise.name}],
    )
    for image in exercise.images.all():
        with image.image.open("rb") as source:
            content = ContentFile(source.read(), name=image.image.name.rsplit("/", 1)[-1])
        ExerciseImage.objects.create(
            exercise=copy,
            image=content,
            description=image.description,
            position=image.position,
            use_instead_of_drawing=image.use_instead_of_drawing,
            uploaded_by=user,
        )
    return copy


@transaction.atomic
def exercise_set_archived(*, exercise, user, archived: bool) -> bool:
    """Archive or restore; returns False when the exercise already was in that state."""
    current = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if current.archived == archived:
        return False
    before = snapshot(current)
    current.archived = archived
    current.save(update_fields=["archived", "updated_at"])
    action = ExerciseRevision.Action.ARCHIVED if archived else ExerciseRevision.Action.RESTORED
    _record(current, action, user, changes_between(before, snapshot(current)))
    exercise.archived = archived
    return True


@transaction.atomic
def exercise_image_add(
    *, exercise, user, image_file, description: str, use_instead_of_drawing=False
) -> ExerciseImage:
    """Store an already checked and re-encoded image (lbp_clinic.images.clean_uploaded_image)."""
    last = exercise.images.order_by("-position").values_list("position", flat=True).first()
    image = ExerciseImage.objects.create(
        exercise=exercise,
        image=image_file,
        description=description,
        position=0 if last is None else last + 1,
        use_instead_of_drawing=use_instead_of_drawing,
        uploaded_by=user,
    )
    _record(
        exercise,
        ExerciseRevision.Action.IMAGE_ADDED,
        user,
        [{"field": "images", "label": "Photo", "old": "", "new": description}],
    )
    return image


@transaction.atomic
def exercise_image_update(*, image, user, description: str, use_instead_of_drawing: bool):
    changes = []
    if image.description != description:
        changes.append(
            {"field": "images", "label": "Photo", "old": image.description, "new": description}
        )
    if image.use_instead_of_drawing != use_instead_of_drawing:
        changes.append(
            {
                "field": "images",
                "label": f"Use “{description}” instead of the drawing",
                "old": "Yes" if image.use_instead_of_drawing else "No",
                "new": "Yes" if use_instead_of_drawing else "No",
            }
        )
    if not changes:
        return False
    image.description = description
    image.use_instead_of_drawing = use_instead_of_drawing
    image.save(update_fields=["description", "use_instead_of_drawing"])
    _record(image.exercise, ExerciseRevision.Action.IMAGE_CHANGED, user, changes)
    return True


@transaction.atomic
def exercise_image_remove(*, image, user) -> None:
    exercise, name, storage = image.exercise, image.image.name, image.image.storage
    image.delete()
    _record(
        exercise,
        ExerciseRevision.Action.IMAGE_REMOVED,
        user,
        [{"field": "images", "label": "Photo", "old": image.description, "new": ""}],
    )
    # The file goes only once the database agrees the photo is gone.
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def exercise_image_move(*, image, user, earlier: bool) -> bool:
    """Swap the photo with its neighbour; returns False at either end of the list."""
    images = list(
        ExerciseImage.objects.select_for_update()
        .filter(exercise_id=image.exercise_id)
        .order_by("position", "id")
    )
    index = next(i for i, other in enumerate(images) if other.pk == image.pk)
    neighbour = index - 1 if earlier else index + 1
    if not 0 <= neighbour < len(images):
        return False
    images[index], images[neighbour] = images[neighbour], images[index]
    for position, other in enumerate(images):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    _record(
        image.exercise,
        ExerciseRevision.Action.IMAGE_CHANGED,
        user,
        [
            {
                "field": "images",
                "label": "Photo order",
                "old": "",
                "new": f"“{image.description}” moved {'earlier' if earlier else 'later'}",
            }
        ],
    )
    return True


@transaction.atomic
def favourite_toggle(*, user, exercise) -> bool:
    """Mark or unmark `exercise` as one of the user's favourites; returns the new state."""
    deleted, _ = FavouriteExercise.objects.filter(user=user, exercise=exercise).delete()
    if deleted:
        return False
    FavouriteExercise.objects.get_or_create(user=user, exercise=exercise)
    return True
