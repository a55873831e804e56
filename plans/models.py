"""Plans of care: the plan, its diagnoses, goals and three components, versions and templates.

A plan row is one version. Amending a signed plan copies it into a new row (version + 1)
and marks the old one "amended"; the old row and its children never change again.
`revision` counts saves of a draft: every edit is a conditional update on it, so two
therapists editing the same draft never overwrite each other silently (SECURITY 17).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lbp_clinic.access import ClinicScopedQuerySet
from lbp_clinic.addresses import object_url
from plans import icd10, rules


def validate_icd10(value):
    try:
        icd10.validate_code(value)
    except ValueError as error:
        raise ValidationError(str(error)) from error


class PlanOfCare(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"
        AMENDED = "amended", "Amended (replaced by a newer version)"
        DISCHARGED = "discharged", "Discharged"

    class Prognosis(models.TextChoices):
        GOOD = "good", "Good"
        FAIR = "fair", "Fair"
        POOR = "poor", "Poor"

    class RehabPotential(models.TextChoices):
        EXCELLENT = "excellent", "Excellent"
        GOOD = "good", "Good"
        FAIR = "fair", "Fair"
        POOR = "poor", "Poor"

    class SymptomDuration(models.TextChoices):
        ACUTE = "acute", "Acute (under 6 weeks)"
        SUBACUTE = "subacute", "Subacute (6-12 weeks)"
        CHRONIC = "chronic", "Chronic (over 12 weeks)"

    class LegPain(models.TextChoices):
        NONE = "none", "No leg pain"
        ABOVE_KNEE = "above_knee", "Leg pain above the knee"
        BELOW_KNEE = "below_knee", "Leg pain below the knee"

    clinic = models.ForeignKey("lbp_clinic.Clinic", on_delete=models.PROTECT, related_name="plans")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="plans")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(max_length=120, default="Plan of care")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    revision = models.PositiveIntegerField(
        default=1, help_text="Counts saves; guards concurrent edits."
    )

    episode_start = models.DateField()
    episode_end = models.DateField(null=True, blank=True)
    visits_per_week = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    duration_weeks = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    certification_start = models.DateField()
    certification_end = models.DateField()
    prognosis = models.CharField(max_length=10, choices=Prognosis.choices, default=Prognosis.GOOD)
    rehab_potential = models.CharField(
        max_length=10, choices=RehabPotential.choices, default=RehabPotential.GOOD
    )

    # Classification, copied from the latest intake and STarT Back result when the plan starts.
    symptom_duration_class = models.CharField(
        max_length=10, choices=SymptomDuration.choices, blank=True
    )
    leg_pain = models.CharField(max_length=12, choices=LegPain.choices, blank=True)
    start_back_risk = models.CharField(max_length=10, blank=True)

    aerobic_type = models.CharField(max_length=80, blank=True)
    aerobic_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    aerobic_days_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    aerobic_intensity = models.CharField(max_length=120, blank=True)

    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_plans",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=200, blank=True)
    signed_credentials = models.CharField(max_length=10, blank=True)
    signed_npi = models.CharField(max_length=10, blank=True)

    physician_name = models.CharField(max_length=200, blank=True)
    physician_npi = models.CharField(max_length=10, blank=True)
    physician_signed_on = models.DateField(null=True, blank=True)

    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_reason = models.TextField(blank=True)
    discharge_outcomes = models.JSONField(default=dict, blank=True)

    amendment_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-episode_start", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(certification_end__gte=models.F("certification_start")),
                name="plan_certification_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_at__isnull=False),
                name="plan_signed_unless_draft",
            ),
        ]
        indexes = [
            models.Index(fields=["clinic", "status"]),
            models.Index(fields=["patient", "-version"]),
        ]

    def __str__(self):
        return f"{self.title} v{self.version} for {self.patient}"

    def get_absolute_url(self):
        return object_url("plans:builder", self.pk)

    @property
    def audit_patient(self):
        return self.patient

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    @property
    def certification_status(self):
        return rules.certification_status(
            signed_on=timezone.localdate(self.signed_at) if self.signed_at else None,
            physician_signed_on=self.physician_signed_on,
            period_end=self.certification_end,
            today=timezone.localdate(),
        )


class PlanChild(models.Model):
    """Rows that belong to one plan version and are ordered within it."""

    plan = models.ForeignKey(PlanOfCare, on_delete=models.CASCADE)
    position = models.PositiveIntegerField(default=0)

    clinic_lookup = "plan__clinic"
    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    @property
    def audit_patient(self):
        return self.plan.patient


class PlanDiagnosis(PlanChild):
    code = models.CharField(max_length=10, validators=[validate_icd10])

    class Meta(PlanChild.Meta):
        default_related_name = "diagnoses"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_diagnosis_once")]

    def __str__(self):
        return self.code

    @property
    def title(self):
        entry = icd10.get_code(self.code)
        return entry.title if entry else ""


class PlanGoal(PlanChild):
    class Term(models.TextChoices):
        SHORT = "short", "Short-term"
        LONG = "long", "Long-term"

    term = models.CharField(max_length=5, choices=Term.choices, default=Term.SHORT)
    activity = models.CharField(max_length=200, help_text="What the patient will be able to do.")
    baseline = models.CharField(max_length=120, blank=True)
    target = models.CharField(max_length=120, blank=True)
    due_date = models.DateField()
    instrument = models.CharField(
        max_length=20, blank=True, help_text="Outcome measure that tracks it."
    )
    baseline_score = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    target_score = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)

    class Meta(PlanChild.Meta):
        default_related_name = "goals"

    def __str__(self):
        return self.activity


class PlanHandout(PlanChild):
    handout_version = models.ForeignKey(
        "education.HandoutVersion", on_delete=models.PROTECT, related_name="plan_uses"
    )
    given_on = models.DateField(null=True, blank=True)
    removed = models.BooleanField(default=False)

    class Meta(PlanChild.Meta):
        default_related_name = "handouts"

    def __str__(self):
        return str(self.handout_version)


class PlanManualTherapy(PlanChild):
    class Technique(models.TextChoices):
        THRUST = rules.THRUST, "Thrust manipulation"
        NON_THRUST = rules.NON_THRUST, "Non-thrust mobilization"
        SOFT_TISSUE = rules.SOFT_TISSUE, "Soft tissue mobilization"
        DRY_NEEDLING = rules.DRY_NEEDLING, "Dry needling"
        NEURAL = rules.NEURAL, "Neural mobilization"

    technique = models.CharField(max_length=30, choices=Technique.choices)
    grade = models.CharField(
        max_length=3, blank=True, choices=[(g, f"Grade {g}") for g in rules.MOBILIZATION_GRADES]
    )
    region = models.CharField(max_length=120)
    dose = models.CharField(max_length=120, blank=True)
    muscles = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Dry needling only."
    )
    notes = models.TextField(blank=True)
    removed = models.BooleanField(default=False)

    class Meta(PlanChild.Meta):
        default_related_name = "manual_therapy"

    def __str__(self):
        return f"{self.get_technique_display()} ({self.region})"

    @property
    def cpt(self):
        return rules.cpt_for_manual_therapy(self.technique, self.muscles)


class PlanExercise(PlanChild):
    class LoadUnit(models.TextChoices):
        KG = "kg", "kg"
        LB = "lb", "lb"
        BAND = "band", "band"
        BODYWEIGHT = "bodyweight", "bodyweight"

    class EffortType(models.TextChoices):
        RPE = "RPE", "RPE (1-10)"
        RIR = "RIR", "Reps in reserve"

    class Side(models.TextChoices):
        BOTH = "both", "Both sides"
        LEFT = "left", "Left"
        RIGHT = "right", "Right"
        EACH = "each", "Each side"

    class Rule(models.TextChoices):
        NONE = "none", "None"
        DOUBLE = "double_progression", "Double progression"
        FIXED = "fixed_increment", "Fixed weekly increment"
        RPE = "rpe_guided", "RPE-guided"

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="plan_uses"
    )
    home = models.BooleanField(default=True, help_text="Part of the home programme.")
    sets = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps_min = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    reps_max = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    load = models.DecimalField(
        max_digits=6, decimal_places=1, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    load_unit = models.CharField(
        max_length=10, choices=LoadUnit.choices, default=LoadUnit.BODYWEIGHT
    )
    band_colour = models.CharField(max_length=10, blank=True)
    effort_type = models.CharField(max_length=3, choices=EffortType.choices, blank=True)
    effort_target = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    tempo = models.CharField(max_length=20, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(900)]
    )
    days_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    side = models.CharField(max_length=5, choices=Side.choices, default=Side.BOTH)
    start_week = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    cues = models.TextField(blank=True, help_text="Cues for this patient.")
    rule = models.CharField(max_length=20, choices=Rule.choices, default=Rule.NONE)
    increment = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    increment_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    start_rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    end_rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    removed = models.BooleanField(default=False)

    # What a dose is made of: the builder's form edits these, templates copy them.
    DOSE_FIELDS = (
        "sets",
        "reps_min",
        "reps_max",
        "hold_seconds",
        "load",
        "load_unit",
        "band_colour",
        "effort_type",
        "effort_target",
        "tempo",
        "rest_seconds",
        "days_per_week",
        "side",
        "start_week",
        "rule",
        "increment",
        "increment_percent",
        "start_rpe",
        "end_rpe",
        "home",
        "cues",
    )

    class Meta(PlanChild.Meta):
        default_related_name = "exercises"

    def __str__(self):
        return str(self.exercise)


class PlanTemplate(models.Model):
    """A plan to start from: the shared starter templates (no clinic) or a clinic's own."""

    clinic = models.ForeignKey(
        "lbp_clinic.Clinic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_templates",
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True)
    content = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "slug"], name="plan_template_slug_per_clinic"
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(clinic__isnull=True), name="plan_template_shared_slug"
            ),
        ]

    def __str__(self):
        return self.name


class PlanDocument(models.Model):
    """A document produced from a plan: what, which versions, by whom, when.

    The PDF is kept so the same inputs give back the very same file (the cache), and a
    packet already given stays exactly as it was when a handout is later revised.
    """

    plan = models.ForeignKey(PlanOfCare, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    large_print = models.BooleanField(default=False)
    input_hash = models.CharField(max_length=64)
    inputs = models.JSONField(default=dict)
    pdf = models.BinaryField()
    page_count = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    clinic_lookup = "plan__clinic"
    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same inputs give the same document: one stored PDF per plan, kind and hash.
            models.UniqueConstraint(
                fields=["plan", "kind", "input_hash"], name="plan_document_once_per_inputs"
            ),
        ]
        indexes = [models.Index(fields=["plan", "-created_at"])]

    def __str__(self):
        return f"{self.title} ({self.created_at:%Y-%m-%d})"

    @property
    def audit_patient(self):
        return self.plan.patient


class PlanVisit(models.Model):
    """One treatment visit in an episode of care.

    A visit belongs to the episode (the plan's first version, `episode`), not to one
    version: amending a plan makes a new version row, and the visits still count towards
    the progress report due every 10 visits. `plan` is the version in force that day.
    """

    episode = models.ForeignKey(PlanOfCare, on_delete=models.PROTECT, related_name="episode_visits")
    plan = models.ForeignKey(PlanOfCare, on_delete=models.PROTECT, related_name="visits")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="plan_visits"
    )
    visit_date = models.DateField()
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    clinic_lookup = "patient__clinic"
    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        ordering = ["visit_date", "id"]
        indexes = [models.Index(fields=["episode", "visit_date"])]

    def __str__(self):
        return f"Visit on {self.visit_date:%b %-d, %Y}"

    @property
    def audit_patient(self):
        return self.patient


# The bulk reprint job lives in its own module; importing it here registers it with the app.
from plans.reprint.models import BulkPrint  # noqa: E402, F401
