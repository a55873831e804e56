"""Exercises (shared library or a clinic's own), their photos, edit history and favourites."""

import functools
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Length, Upper
from django.templatetags.static import static

from exercises.links import exercise_url
from exercises.pictures import has_pictures
from exercises.text import plain_lines, plain_text
from lbp_clinic.access import ClinicScopedQuerySet

SEARCH_CONFIG = "english"


class Category(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AEROBIC = "aerobic", "Aerobic"
    MOTOR_CONTROL = "motor_control", "Motor control"
    MOBILITY = "mobility", "Mobility"
    NEURAL_MOBILITY = "neural_mobility", "Neural mobility"
    STRETCH = "stretch", "Stretch"


class MovementPattern(models.TextChoices):
    HINGE = "hinge", "Hinge"
    SQUAT = "squat", "Squat"
    PUSH = "push", "Push"
    PULL = "pull", "Pull"
    CARRY = "carry", "Carry"
    ANTI_EXTENSION = "anti_extension", "Anti-extension"
    ANTI_ROTATION = "anti_rotation", "Anti-rotation"
    ANTI_LATERAL_FLEXION = "anti_lateral_flexion", "Anti-lateral-flexion"
    LOCOMOTION = "locomotion", "Locomotion"
    OTHER = "other", "Other"


class Equipment(models.TextChoices):
    NONE = "none", "No equipment"
    BARBELL = "barbell", "Barbell"
    TRAP_BAR = "trap_bar", "Trap bar"
    DUMBBELL = "dumbbell", "Dumbbell"
    KETTLEBELL = "kettlebell", "Kettlebell"
    BAND = "band", "Resistance band"
    BENCH = "bench", "Bench"
    BOX = "box", "Box or step"
    MACHINE = "machine", "Machine"
    REVERSE_HYPER = "reverse_hyper", "Reverse-hyper machine"
    BACK_EXTENSION_BENCH = "back_extension_bench", "45-degree back-extension bench"
    CABLE = "cable", "Cable"
    MAT = "mat", "Mat"
    DOWEL = "dowel", "Dowel or stick"
    BIKE = "bike", "Exercise bike"
    CHAIR = "chair", "Chair"
    STRAP = "strap", "Strap or towel"


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class LoadType(models.TextChoices):
    BODYWEIGHT = "bodyweight", "Bodyweight"
    KG = "kg", "Weight (kg or lb)"
    BAND = "band", "Band"


class EffortType(models.TextChoices):
    RPE = "rpe", "RPE (1-10)"
    RIR = "rir", "Reps in reserve (0-5)"


CATEGORY_LABELS = dict(Category.choices)
PATTERN_LABELS = dict(MovementPattern.choices)
# Equipment that takes a measured weight (a "kg" load type needs one of these).
LOADABLE_EQUIPMENT = {
    "barbell",
    "trap_bar",
    "dumbbell",
    "kettlebell",
    "machine",
    "reverse_hyper",
    "cable",
}

# Author-written text fields, cleaned to plain text on every save (SECURITY 15).
TEXT_FIELDS = ("name", "summary", "starting_position", "what_moves")
SEARCHED_FIELDS = {"name", "movement_pattern", "category", "tags", "summary"}
LIST_FIELDS = ("setup_steps", "movement_steps", "coaching_cues", "common_mistakes", "safety_notes")


def _weighted(text, weight):
    return SearchVector(text, weight=weight, config=SEARCH_CONFIG)


def _label_sql(field_name, choices):
    """SQL that turns a stored choice value into its label, so labels are searchable."""
    return Case(
        *[When(**{field_name: value}, then=Value(label)) for value, label in choices],
        default=Value(""),
        output_field=models.TextField(),
    )


def search_vector_expression():
    """The weighted document an exercise is found by, for any number of rows in one UPDATE.

    Name, movement pattern and category labels weigh most, then tags, then the summary.
    """
    tags = models.Func(
        models.F("tags"), Value(" "), function="array_to_string", output_field=models.TextField()
    )
    return (
        _weighted("name", "A")
        + _weighted(_label_sql("movement_pattern", MovementPattern.choices), "A")
        + _weighted(_label_sql("category", Category.choices), "A")
        + _weighted(tags, "B")
        + _weighted("summary", "C")
    )


def search_vector_of(exercise):
    """The same document for one saved row, with labels and tags known in Python (cheaper SQL)."""
    return (
        _weighted("name", "A")
        + _weighted(Value(exercise.get_movement_pattern_display()), "A")
        + _weighted(Value(exercise.get_category_display()), "A")
        + _weighted(Value(" ".join(exercise.tags)), "B")
        + _weighted("summary", "C")
    )


# Words for the typo vocabulary: letters and digits, at least one letter, 3 to 40 long.
WORD = re.compile(r"[^\W_]+")
MIN_WORD_LENGTH, MAX_WORD_LENGTH = 3, 40
# The same words, for every exercise at once (after bulk loads).
VOCABULARY_SQL = """
    INSERT INTO exercises_searchword (clinic_id, word)
    SELECT DISTINCT exercise.clinic_id, word
    FROM exercises_exercise AS exercise,
        LATERAL regexp_split_to_table(
            lower(exercise.name || ' ' || array_to_string(exercise.tags, ' ') || ' '
                  || exercise.summary),
            '[^[:alnum:]]+'
        ) AS word
    WHERE length(word) BETWEEN 3 AND 40 AND word ~ '[^0-9]'
    ON CONFLICT DO NOTHING
"""


def refresh_search_words():
    """Add the words of every exercise to the vocabulary (one statement; idempotent)."""
    with connection.cursor() as cursor:
        cursor.execute(VOCABULARY_SQL)


@functools.cache
def category_icon_url(category: str) -> str:
    # Resolved once per category: a long result list asks for the same six files.
    return static(f"exercises/icons/{category}.svg")


# The exercise's patient-facing content and its default dosage, as the library files,
# the edit form and the benchmark seed name them.
DOSAGE_FIELDS = (
    "sets",
    "reps_min",
    "reps_max",
    "hold_seconds",
    "duration_minutes",
    "load_type",
    "effort_type",
    "effort_target",
    "rest_seconds",
    "days_per_week",
)
CONTENT_FIELDS = (
    "name",
    "summary",
    "category",
    "movement_pattern",
    "equipment",
    "difficulty",
    "starting_position",
    "setup_steps",
    "movement_steps",
    "coaching_cues",
    "common_mistakes",
    "safety_notes",
    "what_moves",
    "tags",
)


class ExerciseQuerySet(ClinicScopedQuerySet):
    def active(self):
        return self.filter(archived=False)


class Exercise(models.Model):
    """One exercise. `clinic` is empty for the shared library, set for a clinic's own copy.

    Exercises are never deleted: plans will point at them with on_delete=PROTECT, and an
    exercise nobody should pick any more is archived instead.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(
        "lbp_clinic.Clinic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exercises",
        help_text="Empty for the shared library.",
    )
    slug = models.SlugField(max_length=140)
    name = models.CharField(max_length=120)
    summary = models.TextField(help_text="One or two plain sentences: what it is and why.")
    category = models.CharField(max_length=20, choices=Category.choices)
    movement_pattern = models.CharField(max_length=24, choices=MovementPattern.choices)
    equipment = ArrayField(
        models.CharField(max_length=24, choices=Equipment.choices), default=list, blank=True
    )
    difficulty = models.CharField(
        max_length=16, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    starting_position = models.TextField()
    setup_steps = ArrayField(models.TextField(), default=list, blank=True)
    movement_steps = ArrayField(models.TextField(), default=list)
    coaching_cues = ArrayField(models.TextField(), default=list, blank=True)
    common_mistakes = ArrayField(models.TextField(), default=list, blank=True)
    safety_notes = ArrayField(models.TextField(), default=list, blank=True)
    what_moves = models.TextField(
        help_text="In words, from the start to the end position (pictures show only both ends)."
    )
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)

    # Default dosage: what a plan starts from.
    sets = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    reps_min = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(200)])
    reps_max = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(200)])
    hold_seconds = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(600)])
    duration_minutes = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(240)]
    )
    load_type = models.CharField(
        max_length=12, choices=LoadType.choices, default=LoadType.BODYWEIGHT
    )
    effort_type = models.CharField(max_length=4, choices=EffortType.choices, default=EffortType.RPE)
    effort_target = models.PositiveSmallIntegerField(default=6, validators=[MaxValueValidator(10)])
    rest_seconds = models.PositiveSmallIntegerField(default=60, validators=[MaxValueValidator(900)])
    days_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )

    regression = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regression_of",
        help_text="An easier exercise to step back to.",
    )
    progression = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progression_of",
        help_text="A harder exercise to move on to.",
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        help_text="The exercise this one was duplicated from.",
    )

    archived = models.BooleanField(default=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # One slug per clinic, and once in the shared library (NULL clinic counts as one).
            models.UniqueConstraint(
                fields=["clinic", "slug"], name="exercise_unique_slug", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=Q(reps_max__gte=models.F("reps_min")),
                name="exercise_rep_range",
                violation_error_message="The most reps cannot be fewer than the fewest reps.",
            ),
            models.CheckConstraint(
                condition=~Q(regression=models.F("id")) & ~Q(progression=models.F("id")),
                name="exercise_not_its_own_step",
                violation_error_message="An exercise cannot be its own regression or progression.",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="exercise_search_vector"),
            GinIndex(fields=["equipment"], name="exercise_equipment"),
            models.Index(fields=["clinic", "archived", "name"], name="exercise_clinic_list"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        self.clean_text()
        super().save(*args, update_fields=update_fields, **kwargs)
        # Keep the search document and the typo vocabulary in step with what was written.
        if update_fields is None or SEARCHED_FIELDS.intersection(update_fields):
            type(self).objects.filter(pk=self.pk).update(search_vector=search_vector_of(self))
            SearchWord.objects.bulk_create(
                [SearchWord(clinic_id=self.clinic_id, word=word) for word in self.search_words()],
                ignore_conflicts=True,
            )

    def get_absolute_url(self):
        return exercise_url("exercises:detail", self.pk)

    @property
    def favourite_url(self):
        return exercise_url("exercises:favourite", self.pk)

    def search_words(self) -> set[str]:
        """The words a typo can be corrected to (see SearchWord); same rule as VOCABULARY_SQL."""
        text = " ".join([self.name, " ".join(self.tags), self.summary]).lower()
        return {
            word
            for word in WORD.findall(text)
            if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()
        }

    def clean_text(self):
        """Author-written text as plain text, whoever wrote it and however it got here."""
        for field in TEXT_FIELDS:
            setattr(self, field, plain_text(getattr(self, field)))
        for field in (*LIST_FIELDS, "tags"):
            setattr(self, field, plain_lines(getattr(self, field)))

    @property
    def is_shared(self):
        return self.clinic_id is None

    @property
    def reps_text(self):
        if not self.reps_max:
            return ""
        if self.reps_min == self.reps_max:
            return f"{self.reps_max} reps"
        return f"{self.reps_min}-{self.reps_max} reps"

    @property
    def effort_text(self):
        if self.effort_type == EffortType.RIR:
            return f"{self.effort_target} reps in reserve"
        return f"RPE {self.effort_target}"

    @property
    def dosage_text(self):
        """The default dosage in words: "3 sets of 5-8 reps, RPE 7"."""
        sets = f"{self.sets} set{'s' if self.sets != 1 else ''}"
        if self.duration_minutes:
            amount = f"{self.duration_minutes} minutes"
            main = amount if self.sets == 1 else f"{sets} of {amount}"
        elif self.reps_max:
            main = f"{sets} of {self.reps_text}"
            if self.hold_seconds:
                main += f", hold {self.hold_seconds} seconds"
        else:
            main = f"{sets} of {self.hold_seconds} seconds"
        return f"{main}, {self.effort_text}"

    @property
    def rest_text(self):
        if not self.rest_seconds:
            return "No set rest"
        minutes, seconds = divmod(self.rest_seconds, 60)
        if minutes and seconds:
            return f"{minutes} min {seconds} s"
        if minutes:
            return f"{minutes} min"
        return f"{seconds} seconds"

    @property
    def has_drawing(self):
        """The app draws start and end pictures for the reference library's exercises
        (and for a clinic's copy that keeps the same slug)."""
        return has_pictures(self.slug)

    # The photos a list loaded with the exercise, in order (exercises.selectors.library_search);
    # None: ask `images` (prefetched on the other pages that show several exercises).
    listed_photos = None

    @property
    def photos(self):
        """The uploaded photos in order."""
        return self.images.all() if self.listed_photos is None else self.listed_photos

    @property
    def preferred_photo(self):
        """An uploaded photo the clinic prefers to the drawing (uses prefetched images)."""
        return next((image for image in self.photos if image.use_instead_of_drawing), None)

    @property
    def category_label(self):
        # A plain dict lookup: get_category_display() rebuilds its choices dict on every call.
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def pattern_label(self):
        return PATTERN_LABELS.get(self.movement_pattern, self.movement_pattern)

    @property
    def category_icon_url(self):
        """The category's pictogram (static file), shown when there is no photo."""
        return category_icon_url(self.category)

    @property
    def equipment_labels(self):
        labels = dict(Equipment.choices)
        return [labels.get(item, item) for item in self.equipment]


def exercise_image_path(instance, filename):
    """A random name: the uploader's file name says nothing about the stored file."""
    suffix = PurePath(filename).suffix.lower() or ".jpg"
    return f"exercise-images/{uuid.uuid4().hex}{suffix}"


class ExerciseImage(models.Model):
    """An uploaded photo of an exercise (checked, re-encoded and served only through a view)."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=exercise_image_path)
    description = models.CharField(
        max_length=200, help_text="What the photo shows, for people who cannot see it."
    )
    position = models.PositiveSmallIntegerField(default=0)
    use_instead_of_drawing = models.BooleanField(
        default=False,
        help_text="Show this photo on pages and sheets instead of the drawing.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "exercise__clinic"

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.description


class ExerciseRevision(models.Model):
    """One entry of an exercise's edit history: who did what, when, with old and new values."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        DUPLICATED = "duplicated", "Duplicated"
        ARCHIVED = "archived", "Archived"
        RESTORED = "restored", "Restored"
        IMAGE_ADDED = "image_added", "Photo added"
        IMAGE_CHANGED = "image_changed", "Photo changed"
        IMAGE_REMOVED = "image_removed", "Photo removed"
        LIBRARY_UPDATE = "library_update", "Library update"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the history still names a person whose account is gone.
    user_name = models.CharField(max_length=200, blank=True)
    # [{"field": "sets", "label": "Sets", "old": "3", "new": "4"}, ...]
    changes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "exercise__clinic"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.exercise} ({self.created_at:%Y-%m-%d})"


class SearchWord(models.Model):
    """A word used in exercise names, tags and summaries, for the clinic (or the shared library).

    A misspelt search word is corrected to the most similar of these (trigram similarity,
    GIN trigram index): a few hundred short rows instead of a similarity for every exercise.
    Words are only added; a word no exercise uses any more simply finds nothing.
    """

    # No index of its own: the unique constraint's index starts with the clinic.
    clinic = models.ForeignKey(
        "lbp_clinic.Clinic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    word = models.CharField(max_length=MAX_WORD_LENGTH)

    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "word"], name="search_word_once", nulls_distinct=False
            )
        ]
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="search_word_trgm")]

    def __str__(self):
        return self.word


class SearchEntry(models.Model):
    """One exercise as the library search reads it: only the columns a search filters and
    ranks by, so ranking thousands of matches reads a table a fifth the size of the
    exercises (measured: about twice as fast at 10,000 exercises; bench/bench_exercises.py).

    Written only by the database: a trigger on exercises_exercise (migration 0003) copies
    these columns on every insert and update, in the same transaction, whatever wrote the
    exercise (save, bulk_create, bulk_update, update). Deleting the exercise deletes it.
    """

    exercise = models.OneToOneField(
        Exercise, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The exercise's own foreign key already checks the clinic.
    clinic = models.ForeignKey(
        "lbp_clinic.Clinic",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    archived = models.BooleanField()
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=20)
    movement_pattern = models.CharField(max_length=24)
    equipment = ArrayField(models.CharField(max_length=24))
    search_vector = SearchVectorField(null=True)
    # The name's length in characters, a tie-break of the ranking: stored (PostgreSQL works
    # it out on every write), so a broad search does not count the characters of thousands
    # of matching names each time (bench/bench_exercises.py).
    name_length = models.GeneratedField(
        expression=Length("name"), output_field=models.IntegerField(), db_persist=True
    )

    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            GinIndex(fields=["search_vector"], name="search_entry_vector"),
            # The names that start with what was typed (upper(name) LIKE 'PHRASE%'): the
            # only rows that can get the name bonus of the library's ranking, found without
            # upper-casing every matching name (exercises.selectors.library_search).
            models.Index(
                OpClass(Upper("name"), name="text_pattern_ops"), name="search_entry_name_prefix"
            ),
            # The list without a search: the first names, read in order.
            models.Index(fields=["name", "exercise"], name="search_entry_name_order"),
        ]

    def __str__(self):
        return self.name


class FavouriteExercise(models.Model):
    """A therapist's own shortlist: one row per (user, exercise)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_exercises"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="favourites")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "user__clinic"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "exercise"], name="favourite_once_per_user")
        ]

    def __str__(self):
        return f"{self.user} ♥ {self.exercise}"
