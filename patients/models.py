"""Patients, intake evaluations with their red-flag screen and amendments, outcome results.

Fields other apps read (see also selectors.py):
- Intake.symptom_duration_class ("acute" / "subacute" / "chronic", "" when no onset date),
  Intake.leg_pain ("none" / "above_knee" / "below_knee") and leg_pain_side,
  Intake.imaging_done, Intake.imaging_scary_words (the patient heard worrying words such
  as "degeneration" about their scan), Intake.sleep_hours, sleep_quality, stress_level,
  diet_quality, social_connection (1-5 scales, see the choices).
- RedFlagScreen via Intake.red_flags: .decision (classification.RedFlagDecision), .action.
- OutcomeResult: instrument_key (patients.scoring keys), score, subscales, interpretation.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lbp_clinic.access import ClinicScopedQuerySet
from patients import classification, scoring


def format_date(day):
    """ "Apr 12, 1961", without the platform-specific %-d."""
    return f"{day:%b} {day.day}, {day.year}"


class Patient(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INTERSEX = "intersex", "Intersex"
        NOT_SAID = "not_said", "Prefers not to say"

    clinic = models.ForeignKey(
        "lbp_clinic.Clinic", on_delete=models.PROTECT, related_name="patients"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="The name the patient likes to be called."
    )
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    address = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=60, default="English")
    mrn = models.CharField(
        "medical record number",
        max_length=30,
        validators=[RegexValidator(r"^[A-Z0-9-]+$", "Use letters, digits and dashes only.")],
    )
    referring_provider = models.CharField(max_length=150, blank=True)
    payer = models.CharField("insurance or payer", max_length=150, blank=True)
    emergency_contact_name = models.CharField(max_length=150, blank=True)
    emergency_contact_phone = models.CharField(max_length=40, blank=True)
    archived = models.BooleanField(
        default=False, help_text="Archived patients are hidden from the list unless you ask."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicScopedQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "mrn"], name="patient_mrn_unique_in_clinic"),
            models.CheckConstraint(condition=~Q(mrn=""), name="patient_mrn_not_blank"),
        ]
        indexes = [
            # Typo-tolerant name search (pg_trgm `%` and ILIKE use these).
            GinIndex(OpClass("last_name", name="gin_trgm_ops"), name="patient_last_name_trgm"),
            GinIndex(OpClass("first_name", name="gin_trgm_ops"), name="patient_first_name_trgm"),
            GinIndex(
                OpClass("preferred_name", name="gin_trgm_ops"), name="patient_preferred_name_trgm"
            ),
            models.Index(fields=["clinic", "date_of_birth"], name="patient_clinic_dob"),
            models.Index(fields=["clinic", "last_name", "first_name", "id"], name="patient_list"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("patients:chart", kwargs={"patient_id": self.pk})

    @property
    def audit_patient(self):
        return self

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self):
        """ "Maria Alvarez (Mia)" when a preferred name differs from the first name."""
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.full_name} ({self.preferred_name})"
        return self.full_name

    @property
    def age(self):
        return classification.age_on(self.date_of_birth, timezone.localdate())


def today():
    return timezone.localdate()


class Intake(models.Model):
    """The first evaluation of an episode. A draft can change; a completed one is locked and
    only amended with a reason (IntakeAmendment keeps the old values)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"

    class DurationClass(models.TextChoices):
        ACUTE = classification.ACUTE, "Acute (under 6 weeks)"
        SUBACUTE = classification.SUBACUTE, "Subacute (6 to 12 weeks)"
        CHRONIC = classification.CHRONIC, "Chronic (over 12 weeks)"

    class Mechanism(models.TextChoices):
        GRADUAL = "gradual", "Came on slowly, no clear cause"
        MOVEMENT = "movement", "A bend, lift or twist"
        ACTIVITY = "activity", "After sport, exercise or unusual work"
        TRAUMA = "trauma", "A fall or accident"
        UNKNOWN = "unknown", "Not sure"

    class LegPain(models.TextChoices):
        NONE = "none", "No leg pain"
        ABOVE_KNEE = "above_knee", "Above the knee"
        BELOW_KNEE = "below_knee", "Below the knee"

    class Side(models.TextChoices):
        LEFT = "left", "Left"
        RIGHT = "right", "Right"
        BOTH = "both", "Both legs"

    class PriorEpisodes(models.TextChoices):
        NONE = "none", "First time"
        FEW = "few", "1 or 2 times before"
        MANY = "many", "3 or more times before"

    class WorkStatus(models.TextChoices):
        USUAL = "usual", "Working, usual duties"
        LIGHTER = "lighter", "Working, lighter duties"
        OFF = "off", "Off work because of back pain"
        NOT_WORKING = "not_working", "Not in paid work (retired, student, at home)"

    class ActivityLevel(models.TextChoices):
        SEDENTARY = "sedentary", "Mostly sitting, little exercise"
        LIGHT = "light", "Light activity most days, such as walking"
        MODERATE = "moderate", "Exercise 2 or 3 times a week"
        HIGH = "high", "Hard exercise or heavy physical work most days"

    class Quality(models.IntegerChoices):
        """Sleep quality, diet and social connection: higher is better."""

        VERY_POOR = 1, "1 = very poor"
        POOR = 2, "2 = poor"
        FAIR = 3, "3 = fair"
        GOOD = 4, "4 = good"
        VERY_GOOD = 5, "5 = very good"

    class Stress(models.IntegerChoices):
        """Stress: higher is worse."""

        VERY_LOW = 1, "1 = very low"
        LOW = 2, "2 = low"
        MODERATE = 3, "3 = moderate"
        HIGH = 4, "4 = high"
        VERY_HIGH = 5, "5 = very high"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="intakes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    intake_date = models.DateField(default=today)

    chief_complaint = models.TextField("main problem, in the patient's words", blank=True)
    onset_date = models.DateField("when the pain started", null=True, blank=True)
    symptom_duration_class = models.CharField(
        max_length=10, choices=DurationClass.choices, blank=True, editable=False
    )
    mechanism = models.CharField(
        "how it started", max_length=10, choices=Mechanism.choices, blank=True
    )
    mechanism_details = models.TextField("more about how it started", blank=True)
    leg_pain = models.CharField(max_length=12, choices=LegPain.choices, blank=True)
    leg_pain_side = models.CharField(
        "side of leg pain", max_length=5, choices=Side.choices, blank=True
    )
    aggravating_factors = models.TextField("what makes it worse", blank=True)
    easing_factors = models.TextField("what makes it better", blank=True)
    pattern_24_hour = models.TextField("24-hour pattern", blank=True)
    prior_episodes = models.CharField(
        "back pain before", max_length=5, choices=PriorEpisodes.choices, blank=True
    )
    prior_episodes_details = models.TextField("more about earlier episodes", blank=True)

    imaging_done = models.BooleanField("imaging done", null=True, blank=True)
    imaging_findings_told = models.TextField("what the patient was told about the scan", blank=True)
    imaging_scary_words = models.BooleanField(
        "heard worrying words about the scan",
        default=False,
        help_text='For example "degeneration", "wear and tear", "slipped disc" or "bone on bone".',
    )

    work_status = models.CharField(max_length=12, choices=WorkStatus.choices, blank=True)
    work_details = models.TextField("work and daily demands", blank=True)
    activity_level = models.CharField(max_length=10, choices=ActivityLevel.choices, blank=True)

    sleep_hours = models.DecimalField(
        "sleep, hours a night",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    sleep_quality = models.PositiveSmallIntegerField(choices=Quality.choices, null=True, blank=True)
    stress_level = models.PositiveSmallIntegerField(choices=Stress.choices, null=True, blank=True)
    diet_quality = models.PositiveSmallIntegerField(choices=Quality.choices, null=True, blank=True)
    social_connection = models.PositiveSmallIntegerField(
        "social connection", choices=Quality.choices, null=True, blank=True
    )

    patient_goals = models.TextField("the patient's own goals", blank=True)
    pain_beliefs_and_fears = models.TextField("beliefs and fears about the pain", blank=True)
    clinical_impression = models.TextField("clinician's impression", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "patient__clinic"

    class Meta:
        ordering = ["-intake_date", "-id"]
        indexes = [models.Index(fields=["patient", "status", "intake_date"], name="intake_latest")]

    def __str__(self):
        return f"Intake {format_date(self.intake_date)} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs):
        duration = self.symptom_duration
        self.symptom_duration_class = duration.duration_class if duration else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "symptom_duration_class"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "patients:intake-detail", kwargs={"patient_id": self.patient_id, "intake_id": self.pk}
        )

    @property
    def audit_patient(self):
        return self.patient

    @property
    def is_locked(self):
        return self.status == self.Status.COMPLETED

    # Needed before an intake can be completed: {field: message}.
    REQUIRED_TO_COMPLETE = {
        "chief_complaint": "Write the main problem.",
        "onset_date": "Give the date the pain started. A best guess is fine.",
        "mechanism": "Choose how the pain started.",
        "leg_pain": "Choose where any leg pain goes.",
        "prior_episodes": "Say whether the patient has had back pain before.",
        "imaging_done": "Say whether the patient has had a scan or X-ray.",
        "work_status": "Choose the patient's work status.",
        "activity_level": "Choose the patient's activity level.",
        "sleep_hours": "Give the usual hours of sleep a night.",
        "sleep_quality": "Rate sleep quality.",
        "stress_level": "Rate stress.",
        "diet_quality": "Rate diet.",
        "social_connection": "Rate social connection.",
        "patient_goals": "Write the patient's own goals.",
        "clinical_impression": "Write your impression.",
    }

    def completion_problems(self):
        """What is missing or impossible before this intake can be completed, {field: message}."""
        problems = {
            name: message
            for name, message in self.REQUIRED_TO_COMPLETE.items()
            if getattr(self, name) in (None, "")
        }
        if (
            self.leg_pain in (self.LegPain.ABOVE_KNEE, self.LegPain.BELOW_KNEE)
            and not self.leg_pain_side
        ):
            problems["leg_pain_side"] = "Choose which leg."
        if self.imaging_done and not self.imaging_findings_told.strip():
            problems["imaging_findings_told"] = "Write what the patient was told about the scan."
        dates = classification.check_intake_dates(
            date_of_birth=self.patient.date_of_birth,
            onset_date=self.onset_date,
            intake_date=self.intake_date,
            today=timezone.localdate(),
        )
        return {**problems, **dates}

    @property
    def symptom_duration(self):
        """classification.SymptomDuration on the intake date, or None without a sane onset."""
        if (
            self.onset_date is None
            or self.intake_date is None
            or self.onset_date > self.intake_date
        ):
            return None
        return classification.symptom_duration(self.onset_date, self.intake_date)


def _red_flag_field(flag):
    return models.BooleanField(flag.question, null=True, blank=True)


class RedFlagScreen(models.Model):
    """Yes/no answers to the red-flag questions of classification.RED_FLAGS (None = not yet
    asked) and the action documented when any answer is yes."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="red_flags")
    saddle_anaesthesia = _red_flag_field(classification.RED_FLAGS_BY_KEY["saddle_anaesthesia"])
    bladder_dysfunction = _red_flag_field(classification.RED_FLAGS_BY_KEY["bladder_dysfunction"])
    faecal_incontinence = _red_flag_field(classification.RED_FLAGS_BY_KEY["faecal_incontinence"])
    leg_weakness = _red_flag_field(classification.RED_FLAGS_BY_KEY["leg_weakness"])
    age_risk = _red_flag_field(classification.RED_FLAGS_BY_KEY["age_risk"])
    cancer_history = _red_flag_field(classification.RED_FLAGS_BY_KEY["cancer_history"])
    weight_loss = _red_flag_field(classification.RED_FLAGS_BY_KEY["weight_loss"])
    fever = _red_flag_field(classification.RED_FLAGS_BY_KEY["fever"])
    recent_infection = _red_flag_field(classification.RED_FLAGS_BY_KEY["recent_infection"])
    iv_drug_use = _red_flag_field(classification.RED_FLAGS_BY_KEY["iv_drug_use"])
    immunosuppression = _red_flag_field(classification.RED_FLAGS_BY_KEY["immunosuppression"])
    night_pain = _red_flag_field(classification.RED_FLAGS_BY_KEY["night_pain"])
    no_improvement = _red_flag_field(classification.RED_FLAGS_BY_KEY["no_improvement"])
    major_trauma = _red_flag_field(classification.RED_FLAGS_BY_KEY["major_trauma"])
    minor_trauma_osteoporosis = _red_flag_field(
        classification.RED_FLAGS_BY_KEY["minor_trauma_osteoporosis"]
    )
    long_term_steroids = _red_flag_field(classification.RED_FLAGS_BY_KEY["long_term_steroids"])
    pulsating_abdominal_mass = _red_flag_field(
        classification.RED_FLAGS_BY_KEY["pulsating_abdominal_mass"]
    )
    action = models.CharField(
        "action taken", max_length=20, choices=classification.RED_FLAG_ACTIONS, blank=True
    )
    action_details = models.TextField(
        "details of the action",
        blank=True,
        help_text="Who you referred the patient to and how, or why it is safe to monitor.",
    )

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "intake__patient__clinic"

    def __str__(self):
        return f"Red-flag screen of {self.intake}"

    @property
    def audit_patient(self):
        return self.intake.patient

    @property
    def answers(self):
        return {flag.key: getattr(self, flag.key) for flag in classification.RED_FLAGS}

    @property
    def decision(self):
        return classification.red_flag_decision(
            self.answers, action=self.action, action_details=self.action_details
        )

    @property
    def positive_flags(self):
        return self.decision.positive_flags


class IntakeAmendment(models.Model):
    """One change to a completed intake: why, by whom, and the values before and after."""

    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField()
    old_values = models.JSONField(encoder=DjangoJSONEncoder)
    new_values = models.JSONField(encoder=DjangoJSONEncoder)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    amended_at = models.DateTimeField(default=timezone.now)

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "intake__patient__clinic"

    class Meta:
        ordering = ["amended_at", "id"]

    def __str__(self):
        return f"Amendment of {self.intake} on {format_date(timezone.localdate(self.amended_at))}"

    @property
    def audit_patient(self):
        return self.intake.patient

    def changes(self):
        """[(field label, value before, value after)] in words, for the history."""
        return [
            (
                _field_label(name),
                _value_in_words(name, self.old_values.get(name)),
                _value_in_words(name, value),
            )
            for name, value in self.new_values.items()
        ]


def _amended_field(name):
    for model in (Intake, RedFlagScreen):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _field_label(name):
    field = _amended_field(name)
    return str(field.verbose_name).capitalize() if field else name.replace("_", " ").capitalize()


def _value_in_words(name, value):
    """A stored JSON value as the page shows it: choice labels, Yes/No, dates."""
    if value is None or value == "":
        return "—"
    field = _amended_field(name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


INSTRUMENT_CHOICES = [(key, instrument.name) for key, instrument in scoring.INSTRUMENTS.items()]


class OutcomeResult(models.Model):
    """One completed questionnaire, scored by patients.scoring when it was entered."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="outcome_results")
    instrument_key = models.CharField(max_length=20, choices=INSTRUMENT_CHOICES)
    instrument_version = models.CharField(max_length=40)
    # Exactly what patients.scoring.score() was given: a list of item answers (None for a
    # skipped ODI section or an unused PSFS slot), or the total for the RMDQ.
    responses = models.JSONField()
    # PSFS: the activities the patient named, in item order. Empty for other measures.
    item_labels = models.JSONField(default=list, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=1)
    subscales = models.JSONField(default=dict, blank=True)
    interpretation = models.CharField(max_length=80, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicScopedQuerySet.as_manager()
    clinic_lookup = "patient__clinic"

    class Meta:
        ordering = ["taken_at", "id"]
        indexes = [
            models.Index(
                fields=["patient", "instrument_key", "taken_at"], name="outcome_by_patient"
            ),
        ]

    def __str__(self):
        return f"{self.instrument.name} {self.score_display} on {format_date(self.taken_on)}"

    @property
    def audit_patient(self):
        return self.patient

    @property
    def instrument(self):
        return scoring.INSTRUMENTS[self.instrument_key]

    @property
    def taken_on(self) -> date:
        return timezone.localdate(self.taken_at)

    @property
    def taken_on_text(self) -> str:
        """ "Apr 12, 2026", as |date:"M j, Y" prints taken_on (the chart prints it several
        times a result, where the filter's formatting costs several times this)."""
        return format_date(self.taken_on)

    @property
    def score_display(self):
        """7 rather than 7.0; 37.8 as it is."""
        score = Decimal(str(self.score))
        if score == score.to_integral():
            return f"{score.to_integral():f}"
        return str(score)
