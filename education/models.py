"""Patient handouts: the editable working copy (`Handout`) and its published, frozen versions.

A `Handout` is shared (clinic is null: the library that ships with the app) or one clinic's
own. Its title, purpose, body and so on are the working copy an admin edits. Publishing
copies the working copy into a new `HandoutVersion`, numbered 1, 2, 3..., which never
changes afterwards: the model refuses to save or delete one, and so does the database
(a trigger, migration 0002). A plan of care points at the `HandoutVersion` a patient was
given (on_delete=PROTECT), so what the patient took home can always be shown again.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from education.markup import render_markdown
from education.readability import handout_grade
from lbp_clinic.access import ClinicScopedQuerySet


class Topic(models.TextChoices):
    PAIN_SCIENCE = "pain_science", "Pain science: hurt is not harm"
    STAYING_ACTIVE = "staying_active", "Staying active"
    IMAGING = "imaging", "Imaging findings"
    LIFESTYLE_SLEEP = "lifestyle_sleep", "Lifestyle: sleep"
    LIFESTYLE_DIET = "lifestyle_diet", "Lifestyle: diet"
    LIFESTYLE_STRESS = "lifestyle_stress", "Lifestyle: stress"
    LIFESTYLE_SOCIAL = "lifestyle_social", "Lifestyle: social connection"
    FLARE_UP = "flare_up", "Flare-up plan"
    PACING = "pacing", "Pacing and graded activity"
    MANUAL_THERAPY = "manual_therapy", "What to expect from manual therapy"
    STRENGTH_TRAINING = "strength_training", "Why strength training"
    URGENT_CARE = "urgent_care", "When to seek urgent care"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


class VersionFrozenError(Exception):
    """A published handout version was about to change. Publish a new version instead."""


class HandoutQuerySet(ClinicScopedQuerySet):
    def with_current_version(self):
        """One query for the list, however long: the current version comes along by join."""
        return self.select_related("current_version", "clinic")

    def published(self):
        return self.filter(status=Handout.Status.PUBLISHED)


class Handout(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    clinic = models.ForeignKey(
        "lbp_clinic.Clinic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handouts",
        help_text="Empty for the shared library that ships with LBP Clinic.",
    )
    slug = models.SlugField(max_length=80)
    topic = models.CharField(max_length=30, choices=Topic.choices)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)

    # The working copy (what the editor shows); patients get `current_version`.
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300, blank=True)
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    action_steps = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True)
    references = models.JSONField(default=list, blank=True)
    readability_grade = models.FloatField(null=True, blank=True, editable=False)

    current_version = models.ForeignKey(
        "HandoutVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The latest published version: what a patient is given now.",
    )
    has_unpublished_changes = models.BooleanField(default=False)
    duplicated_from = models.ForeignKey(
        "HandoutVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    # Bumped on every save of the working copy: two admins editing at once cannot
    # silently overwrite each other (the second sees a conflict, input kept).
    revision = models.PositiveIntegerField(default=1)
    # sha256 of the TOML file a shared handout was loaded from (idempotent loading).
    library_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("purpose", "summary", weight="B", config="english")
            + SearchVector("body_markdown", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = HandoutQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "slug"], nulls_distinct=False, name="handout_unique_slug"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(current_version__isnull=False),
                name="handout_published_has_version",
            ),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="handout_search_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitised HTML and the reading grade always match the Markdown they came from.
        self.body_html = render_markdown(self.body_markdown)
        self.readability_grade = handout_grade(
            purpose=self.purpose,
            action_steps=self.action_steps,
            body_markdown=self.body_markdown,
            summary=self.summary,
            language=self.language,
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body_markdown" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "readability_grade"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("education:detail", kwargs={"handout_id": self.pk})

    @property
    def is_shared(self):
        return self.clinic_id is None

    @property
    def published_version(self):
        """The version patients get now; None for a draft or an archived handout."""
        return self.current_version if self.status == self.Status.PUBLISHED else None

    @property
    def shown_version(self):
        """What the library shows: the current version, else the working copy (a draft)."""
        return self.current_version or self


class HandoutVersion(models.Model):
    """One published text of a handout, frozen: what a patient was given."""

    handout = models.ForeignKey(Handout, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    topic = models.CharField(max_length=30, choices=Topic.choices)
    language = models.CharField(max_length=5, choices=Language.choices)
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300)
    body_markdown = models.TextField()
    body_html = models.TextField()
    action_steps = models.JSONField(default=list)
    summary = models.TextField()
    references = models.JSONField(default=list)
    readability_grade = models.FloatField(null=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for versions shipped with the shared library.",
    )

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "handout__clinic"

    class Meta:
        ordering = ["handout_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["handout", "number"], name="handout_version_number"),
        ]

    def __str__(self):
        return f"{self.title} (version {self.number})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise VersionFrozenError(
                f"Version {self.number} of “{self.title}” is published and cannot change."
            )
        self.body_html = render_markdown(self.body_markdown)
        self.readability_grade = handout_grade(
            purpose=self.purpose,
            action_steps=self.action_steps,
            body_markdown=self.body_markdown,
            summary=self.summary,
            language=self.language,
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "education:version", kwargs={"handout_id": self.handout_id, "number": self.number}
        )

    def delete(self, *args, **kwargs):
        raise VersionFrozenError(f"Version {self.number} of “{self.title}” cannot be deleted.")

    @property
    def is_shared(self):
        return self.handout.clinic_id is None
