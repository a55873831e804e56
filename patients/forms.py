"""Forms: patient details (with the duplicate warning), intake and red flags, amendments,
and the outcome-measure entry forms a patient can fill on a tablet.

Rules live elsewhere (classification, scoring, Intake.completion_problems); these forms
turn typed text into values and put each rule's message next to the field it is about.
"""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from patients import classification, questionnaires, scoring
from patients.models import Intake, Patient, RedFlagScreen
from patients.search_terms import DATE_FORMATS_HELP, parse_date
from patients.selectors import likely_duplicates

YES_NO = ((True, "Yes"), (False, "No"))
MRN_FORMAT = RegexValidator(r"^[A-Z0-9-]+$", "Use letters, digits and dashes only.")


class FlexibleDateField(forms.DateField):
    """A date typed as 1961-04-12, 04/12/1961 or 12 Apr 1961 (patients.search_terms)."""

    widget = forms.TextInput
    default_error_messages = {"invalid": f"Enter a real date. {DATE_FORMATS_HELP}"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_date(str(value)[:40])
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def add_service_errors(error: ValidationError, *forms_in_page) -> None:
    """Put a service's ValidationError next to the fields it names, on whichever form has them."""
    if not hasattr(error, "error_dict"):
        forms_in_page[0].add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        owner = next((f for f in forms_in_page if field in f.fields), None)
        if owner is None:
            forms_in_page[0].add_error(None, messages)
        elif field not in owner.errors:
            owner.add_error(field, messages)


class TappableRadioSelect(forms.RadioSelect):
    """Radio buttons drawn as big tappable rows (at least 44px), side by side when `inline`,
    or as a row of numbered boxes when `scale` (patients/widgets/tappable_radio.html)."""

    template_name = "patients/widgets/tappable_radio.html"

    def __init__(self, *args, scale=False, inline=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        self.inline = inline

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["scale"] = self.scale
        context["widget"]["inline"] = self.inline
        choices = [(value, label) for value, label in self.choices if value not in ("", None)]
        context["widget"]["choice_count"] = len(choices)
        # Scale answers with words (the ends, "unsure"), shown once beneath the row.
        context["widget"]["anchors"] = [(value, label) for value, label in choices if label]
        return context

    def optgroups(self, name, value, attrs=None):
        # No "---------" radio button: an unanswered question is simply left unchecked.
        groups = super().optgroups(name, value, attrs)
        return [
            (group, [o for o in options if o["value"] not in ("", None)], index)
            for group, options, index in groups
        ]


def error_links(*forms_in_page) -> list[dict]:
    """Every error on the page as {"href": "#field-id", "text": "Label: message"}, in page
    order, for the error summary at the top (each message also sits next to its field)."""
    links = []
    for form in forms_in_page:
        if form is None or not form.is_bound:
            continue
        links.extend({"href": "", "text": message} for message in form.non_field_errors())
        for field in form:
            for message in field.errors:
                label = str(field.label).rstrip(":")
                # "Section 3 (lifting) is missing" already says which question it is.
                text = message if label.lower() in message.lower() else f"{label}: {message}"
                links.append({"href": f"#{field.auto_id}", "text": text})
    return links


# Patients


class PatientForm(forms.ModelForm):
    date_of_birth = FlexibleDateField(
        help_text=DATE_FORMATS_HELP, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    mrn = forms.CharField(
        label="Medical record number (MRN)",
        max_length=30,
        required=False,
        help_text="Leave empty and we create one.",
    )

    class Meta:
        model = Patient
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "address",
            "preferred_language",
            "mrn",
            "referring_provider",
            "payer",
            "emergency_contact_name",
            "emergency_contact_phone",
        ]
        widgets = {
            "sex": TappableRadioSelect(inline=True),
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.label_suffix = ""
        self.duplicates = []

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        problem = classification.check_birth_date(born, today=timezone.localdate())
        if problem:
            raise ValidationError(problem)
        return born

    def clean_mrn(self):
        mrn = "".join(self.cleaned_data["mrn"].split()).upper()
        if not mrn:
            return ""
        MRN_FORMAT(mrn)
        others = Patient.objects.for_clinic(self.clinic).filter(mrn=mrn)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                "Another patient of this clinic already has this medical record number."
            )
        return mrn

    def save(self, commit=True):
        patient = super().save(commit=False)
        patient.clinic = self.clinic
        if commit:
            patient.save()
        return patient


class PatientCreateForm(PatientForm):
    confirm_duplicate = forms.BooleanField(
        required=False,
        label="This is a different person: create a new record anyway",
    )

    def clean(self):
        cleaned = super().clean()
        first, last, born = (cleaned.get(k) for k in ("first_name", "last_name", "date_of_birth"))
        if first and last and born:
            self.duplicates = likely_duplicates(
                clinic=self.clinic, first_name=first, last_name=last, date_of_birth=born
            )
            if self.duplicates and not cleaned.get("confirm_duplicate"):
                self.add_error(
                    "confirm_duplicate",
                    "A patient with this name and date of birth is already registered. "
                    "Open their record, or tick this box if this is someone else.",
                )
        return cleaned


class PatientEditForm(PatientForm):
    class Meta(PatientForm.Meta):
        fields = [*PatientForm.Meta.fields, "archived"]
        labels = {"archived": "Archived"}


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, date of birth or MRN",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "aria-describedby": "id_q_helptext"}
        ),
    )
    archived = forms.BooleanField(label="Include archived patients", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""


# Intake


def _radio(**options):
    return TappableRadioSelect(**options)


class IntakeForm(forms.ModelForm):
    intake_date = FlexibleDateField(label="Intake date", help_text=DATE_FORMATS_HELP)
    onset_date = FlexibleDateField(
        label="When the pain started",
        required=False,
        help_text=f"A best guess is fine. {DATE_FORMATS_HELP}",
    )
    imaging_done = forms.NullBooleanField(
        label="Has the patient had a scan or X-ray for this pain?",
        required=False,
        widget=TappableRadioSelect(choices=YES_NO, inline=True),
    )

    SECTIONS = (
        (
            "The pain",
            (
                "intake_date",
                "chief_complaint",
                "onset_date",
                "mechanism",
                "mechanism_details",
                "leg_pain",
                "leg_pain_side",
                "aggravating_factors",
                "easing_factors",
                "pattern_24_hour",
                "prior_episodes",
                "prior_episodes_details",
            ),
        ),
        ("Imaging", ("imaging_done", "imaging_findings_told", "imaging_scary_words")),
        ("Work and activity", ("work_status", "work_details", "activity_level")),
        (
            "Lifestyle",
            ("sleep_hours", "sleep_quality", "stress_level", "diet_quality", "social_connection"),
        ),
        ("In the patient's words", ("patient_goals", "pain_beliefs_and_fears")),
    )
    IMPRESSION = ("clinical_impression",)

    class Meta:
        model = Intake
        fields = [
            "intake_date",
            "chief_complaint",
            "onset_date",
            "mechanism",
            "mechanism_details",
            "leg_pain",
            "leg_pain_side",
            "aggravating_factors",
            "easing_factors",
            "pattern_24_hour",
            "prior_episodes",
            "prior_episodes_details",
            "imaging_done",
            "imaging_findings_told",
            "imaging_scary_words",
            "work_status",
            "work_details",
            "activity_level",
            "sleep_hours",
            "sleep_quality",
            "stress_level",
            "diet_quality",
            "social_connection",
            "patient_goals",
            "pain_beliefs_and_fears",
            "clinical_impression",
        ]
        widgets = {
            "mechanism": _radio(),
            "leg_pain": _radio(),
            "leg_pain_side": _radio(inline=True),
            "prior_episodes": _radio(),
            "work_status": _radio(),
            "activity_level": _radio(),
            "sleep_quality": _radio(inline=True),
            "stress_level": _radio(inline=True),
            "diet_quality": _radio(inline=True),
            "social_connection": _radio(inline=True),
            "sleep_hours": forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        }
        help_texts = {
            "pattern_24_hour": "How it changes through the day and night.",
            "sleep_quality": "1 is very poor and 5 very good.",
            "stress_level": "1 is very low and 5 very high.",
            "diet_quality": "1 is very poor and 5 very good.",
            "social_connection": (
                "Time with friends, family or groups. 1 is very poor and 5 very good."
            ),
        }

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.label_suffix = ""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
            if name in Intake.REQUIRED_TO_COMPLETE:
                field.widget.attrs["aria-required"] = "true"

    def sections(self):
        """[(title, [bound fields])] in the order the page shows them."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def impression_fields(self):
        return [self[name] for name in self.IMPRESSION]

    def clean(self):
        cleaned = super().clean()
        problems = classification.check_intake_dates(
            date_of_birth=self.patient.date_of_birth,
            onset_date=cleaned.get("onset_date"),
            intake_date=cleaned.get("intake_date"),
            today=timezone.localdate(),
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        if cleaned.get("leg_pain") == Intake.LegPain.NONE:
            cleaned["leg_pain_side"] = ""
        return cleaned


class RedFlagForm(forms.ModelForm):
    class Meta:
        model = RedFlagScreen
        fields = [flag.key for flag in classification.RED_FLAGS] + ["action", "action_details"]
        widgets = {
            "action": TappableRadioSelect,
            "action_details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        for flag in classification.RED_FLAGS:
            self.fields[flag.key] = forms.NullBooleanField(
                label=flag.question,
                required=False,
                widget=TappableRadioSelect(choices=YES_NO, inline=True),
            )
        self.fields["action"].choices = list(classification.RED_FLAG_ACTIONS)

    def groups(self):
        """[(group name, [(RedFlag, bound field)])] for the page."""
        return [
            (
                group,
                [
                    (flag, self[flag.key])
                    for flag in classification.RED_FLAGS
                    if flag.group == group
                ],
            )
            for group in classification.RED_FLAG_GROUPS
        ]

    def decision(self):
        """The red-flag decision for what is on the page now (submitted or stored)."""
        if self.is_bound:
            answers = {
                flag.key: self.fields[flag.key].to_python(self.data.get(flag.key))
                for flag in classification.RED_FLAGS
            }
            return classification.red_flag_decision(
                answers,
                action=str(self.data.get("action", "")),
                action_details=str(self.data.get("action_details", "")),
            )
        return self.instance.decision


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the amendment",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the intake's history, with the values before and after.",
        error_messages={"required": "Say why you are changing a completed intake."},
    )


# Outcome measures


class OutcomeForm(forms.Form):
    """One questionnaire of patients.questionnaires, scored by patients.scoring on clean().

    Field names: item_<n> for item n (1-based); PSFS also activity_<n> for the activity's
    name; RMDQ a single `total`. After is_valid(): .responses, .item_labels, .result.
    """

    taken_on = FlexibleDateField(label="Date filled in", help_text=DATE_FORMATS_HELP)

    def __init__(self, *args, instrument_key, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.instrument = scoring.get_instrument(instrument_key)
        self.questionnaire = questionnaires.QUESTIONNAIRES[instrument_key]
        self.patient = patient
        self.fields["taken_on"].initial = timezone.localdate()
        self.responses = None
        self.item_labels = []
        self.result = None
        instrument = self.instrument
        if instrument.key == scoring.RMDQ:
            self.fields["total"] = forms.IntegerField(
                label="RMDQ total (statements ticked)",
                min_value=0,
                max_value=24,
                help_text="A whole number from 0 to 24.",
                error_messages={
                    "required": "Enter the total, 0 to 24.",
                    "invalid": "Enter the total as a whole number, 0 to 24.",
                    "min_value": "The total cannot be below 0.",
                    "max_value": "The total cannot be above 24: there are 24 statements.",
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            return
        may_skip = bool(instrument.max_skipped or instrument.min_items)
        for question in self.questionnaire.questions:
            if instrument.key == scoring.PSFS:
                optional = question.number > (instrument.min_items or 0)
                self.fields[f"activity_{question.number}"] = forms.CharField(
                    label=f"Activity {question.number}{' (optional)' if optional else ''}",
                    required=False,
                    max_length=120,
                    help_text=(
                        "For example: lifting my grandchild, gardening, sitting at work."
                        if question.number == 1
                        else ""
                    ),
                )
            label = self.item_name(question.number)
            self.fields[f"item_{question.number}"] = forms.TypedChoiceField(
                label=question.text
                if instrument.key != scoring.PSFS
                else "How well can you do it?",
                choices=question.choices,
                coerce=int,
                empty_value=None,
                required=not may_skip,
                widget=TappableRadioSelect(scale=question.scale, inline=len(question.choices) <= 2),
                error_messages={
                    "required": f"{label} is missing: choose an answer.",
                    "invalid_choice": f"{label}: choose one of the answers shown.",
                },
            )

    def item_name(self, number):
        """ "Section 3 (lifting)", "Item 4": how messages name an item."""
        name = f"{self.instrument.item_label} {number}"
        if self.instrument.key == scoring.ODI:
            name += f" ({scoring.ODI_SECTION_TOPICS[number - 1]})"
        return name

    def questions(self):
        """[(number, activity name field or None, answer field)] for the template."""
        rows = []
        for question in self.questionnaire.questions:
            activity = (
                self[f"activity_{question.number}"] if self.instrument.key == scoring.PSFS else None
            )
            rows.append((question.number, activity, self[f"item_{question.number}"]))
        return rows

    def clean_taken_on(self):
        taken_on = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise ValidationError("This date is in the future. Use today or an earlier day.")
        if taken_on < self.patient.date_of_birth:
            raise ValidationError("This date is before the patient was born.")
        return taken_on

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if self.instrument.key == scoring.RMDQ:
            responses = cleaned["total"]
        else:
            numbers = [q.number for q in self.questionnaire.questions]
            responses = [cleaned.get(f"item_{n}") for n in numbers]
            if not self._few_enough_skipped(numbers, responses):
                return cleaned
            if self.instrument.key == scoring.PSFS and not self._psfs_names_match(numbers):
                return cleaned
            if self.instrument.key == scoring.NPRS:
                responses = responses[0]
        try:
            self.result = scoring.score(self.instrument.key, responses)
        except scoring.ScoringError as error:
            field = f"item_{error.item}" if error.item else None
            self.add_error(field if field in self.fields else None, str(error))
            return cleaned
        self.responses = responses
        return cleaned

    def _few_enough_skipped(self, numbers, responses):
        """With more empty sections than the ODI allows, name each one next to it (the
        scoring error would only name the first)."""
        allowed = self.instrument.max_skipped
        missing = [n for n, value in zip(numbers, responses, strict=True) if value is None]
        if not allowed or len(missing) <= allowed:
            return True
        for n in missing:
            self.add_error(
                f"item_{n}",
                f"{self.item_name(n)} is missing: choose an answer. "
                f"Only {allowed} {self.instrument.item_label.lower()} may be left empty.",
            )
        return False

    def _psfs_names_match(self, numbers):
        """Each rated PSFS activity needs a name, and each named one a rating."""
        ok = True
        for n in numbers:
            name = self.cleaned_data.get(f"activity_{n}", "")
            rating = self.cleaned_data.get(f"item_{n}")
            if rating is not None and not name:
                self.add_error(f"activity_{n}", f"Activity {n}: write what the activity is.")
                ok = False
            elif name and rating is None:
                self.add_error(f"item_{n}", f"Activity {n} is missing a rating: choose 0 to 10.")
                ok = False
        self.item_labels = [self.cleaned_data.get(f"activity_{n}", "") for n in numbers]
        return ok
