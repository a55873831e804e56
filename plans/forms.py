"""Forms of the plan builder: one small form per editable row, each validated on its own."""

from django import forms
from django.core.exceptions import ValidationError

from lbp_clinic.validators import validate_npi
from plans import progression
from plans.models import PlanExercise, PlanGoal, PlanManualTherapy, PlanOfCare


class RevisionForm(forms.Form):
    """The plan revision the editor saw (every builder POST carries it)."""

    revision = forms.IntegerField(min_value=1)


class PlanDetailsForm(forms.ModelForm):
    class Meta:
        model = PlanOfCare
        fields = [
            "title",
            "episode_start",
            "visits_per_week",
            "duration_weeks",
            "certification_start",
            "certification_end",
            "prognosis",
            "rehab_potential",
            "symptom_duration_class",
            "leg_pain",
            "aerobic_type",
            "aerobic_minutes",
            "aerobic_days_per_week",
            "aerobic_intensity",
        ]
        widgets = {
            "episode_start": forms.DateInput(attrs={"type": "date"}),
            "certification_start": forms.DateInput(attrs={"type": "date"}),
            "certification_end": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {
            "visits_per_week": "Visits per week",
            "duration_weeks": "Duration (weeks)",
            "aerobic_type": "Aerobic exercise",
            "aerobic_minutes": "Minutes per session",
            "aerobic_days_per_week": "Days per week",
            "aerobic_intensity": "Intensity",
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("certification_start"), cleaned.get("certification_end")
        if start and end:
            if end < start:
                self.add_error(
                    "certification_end", "The certification period ends before it starts."
                )
            elif (end - start).days + 1 > 90:
                self.add_error("certification_end", "A certification period is at most 90 days.")
        return cleaned


class ExerciseDoseForm(forms.ModelForm):
    class Meta:
        model = PlanExercise
        fields = list(PlanExercise.DOSE_FIELDS)
        widgets = {
            "band_colour": forms.Select(
                choices=[("", "—")] + [(c, c.title()) for c in progression.BAND_COLOURS]
            ),
            "cues": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "reps_min": "Reps (from)",
            "reps_max": "Reps (to)",
            "hold_seconds": "Hold (s)",
            "rest_seconds": "Rest (s)",
            "days_per_week": "Days/week",
            "start_week": "Start week",
            "rule": "Progression",
            "increment": "Increment",
            "increment_percent": "Increment %",
            "start_rpe": "Start RPE",
            "end_rpe": "End RPE",
            "home": "Home exercise",
            "effort_type": "Effort",
            "effort_target": "Target",
            "band_colour": "Band",
            "load_unit": "Unit",
            "cues": "Cues for this patient",
        }

    def __init__(self, *args, duration_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.duration_weeks = duration_weeks

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = PlanExercise(**{k: v for k, v in cleaned.items() if k in self.Meta.fields})
        from plans.selectors import prescription_of, rule_of

        try:
            progression.build_schedule(
                prescription_of(candidate), rule_of(candidate), self.duration_weeks
            )
        except progression.PrescriptionError as error:
            field = error.field if error.field in self.fields else None
            if error.field == "kind":
                field = "rule"
            raise_on = field if field else None
            self.add_error(raise_on, _plain(str(error)))
        return cleaned


def _plain(message: str) -> str:
    """The engine names fields like reps_min; say it the way the form labels do."""
    words = {
        "reps_min": "Reps (from)",
        "reps_max": "Reps (to)",
        "hold_seconds": "Hold",
        "effort_target": "Target",
        "effort_type": "Effort",
        "band_colour": "Band",
        "load_unit": "Unit",
        "start_week": "Start week",
        "increment_percent": "Increment %",
        "start_rpe": "Start RPE",
        "end_rpe": "End RPE",
        "duration_weeks": "The plan's duration",
    }
    for name, label in words.items():
        message = message.replace(name, label)
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


class GoalForm(forms.ModelForm):
    class Meta:
        model = PlanGoal
        fields = [
            "term",
            "activity",
            "baseline",
            "target",
            "due_date",
            "instrument",
            "baseline_score",
            "target_score",
        ]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "instrument": "Linked outcome measure",
            "baseline_score": "Baseline score",
            "target_score": "Target score",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from patients.scoring import INSTRUMENTS

        self.fields["instrument"].widget = forms.Select(
            choices=[("", "None")] + [(key, i.name) for key, i in INSTRUMENTS.items()]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("instrument") and (cleaned.get("baseline_score") is None) != (
            cleaned.get("target_score") is None
        ):
            self.add_error("target_score", "Give both a baseline and a target score, or neither.")
        return cleaned


class ManualTherapyForm(forms.ModelForm):
    class Meta:
        model = PlanManualTherapy
        fields = ["technique", "grade", "region", "dose", "muscles", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        technique = cleaned.get("technique")
        if technique == PlanManualTherapy.Technique.NON_THRUST and not cleaned.get("grade"):
            self.add_error("grade", "Give the mobilization grade (I-V).")
        if technique != PlanManualTherapy.Technique.NON_THRUST and cleaned.get("grade"):
            self.add_error("grade", "Grades are for non-thrust mobilization only.")
        if technique == PlanManualTherapy.Technique.DRY_NEEDLING and not cleaned.get("muscles"):
            self.add_error("muscles", "How many muscles? It decides the CPT code (20560 or 20561).")
        return cleaned


class DiagnosisForm(forms.Form):
    code = forms.CharField(max_length=12, label="ICD-10-CM code")

    def clean_code(self):
        from plans import icd10

        try:
            return icd10.validate_code(self.cleaned_data["code"]).code
        except ValueError as error:
            raise ValidationError(str(error)) from error


class CertificationForm(forms.Form):
    physician_name = forms.CharField(max_length=200, label="Physician's name")
    physician_npi = forms.CharField(
        max_length=10, label="Physician's NPI", validators=[validate_npi]
    )
    physician_signed_on = forms.DateField(
        label="Date the physician signed", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_physician_signed_on(self):
        from django.utils import timezone

        signed_on = self.cleaned_data["physician_signed_on"]
        if signed_on > timezone.localdate():
            raise ValidationError("The date cannot be in the future.")
        if self.plan.signed_at and signed_on < timezone.localdate(self.plan.signed_at):
            raise ValidationError("The physician cannot certify before the therapist signed.")
        return signed_on


class AmendForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, label="Why amend the plan?"
    )


class DischargeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label="Reason for discharge"
    )


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=120, label="Template name")


class VisitForm(forms.Form):
    """A treatment visit of the plan's episode: the day and an optional short note."""

    visit_date = forms.DateField(label="Visit date", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        max_length=300,
        required=False,
        label="Note (optional)",
        help_text="A few words, e.g. what changed today. Up to 300 characters.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_visit_date(self):
        from django.utils import timezone

        visit_date = self.cleaned_data["visit_date"]
        if visit_date > timezone.localdate():
            raise ValidationError("The visit date cannot be in the future.")
        if visit_date < self.plan.episode_start:
            raise ValidationError(
                f"The episode started on {self.plan.episode_start:%b %-d, %Y}: "
                "a visit cannot be before that."
            )
        return visit_date
