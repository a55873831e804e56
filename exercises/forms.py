"""Forms of the exercise library: search filters, the exercise editor and photo uploads."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from exercises.models import (
    CONTENT_FIELDS,
    DOSAGE_FIELDS,
    LOADABLE_EQUIPMENT,
    Category,
    EffortType,
    Equipment,
    Exercise,
    LoadType,
    MovementPattern,
)
from exercises.text import plain_lines, plain_text
from lbp_clinic.access import ClinicScopedFormMixin
from lbp_clinic.images import clean_uploaded_image


class PlainTextField(forms.CharField):
    """Text with any markup removed before it is checked and stored (SECURITY 15)."""

    def to_python(self, value):
        return plain_text(super().to_python(value))


class LinesField(forms.CharField):
    """A list of short texts typed one per line in a text box."""

    def __init__(self, *, max_lines=12, max_line_length=400, rows=5, **kwargs):
        self.max_lines = max_lines
        self.max_line_length = max_line_length
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs.setdefault("max_length", max_lines * (max_line_length + 2))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return plain_lines((super().to_python(value) or "").splitlines())

    def validate(self, value):
        if self.required and not value:
            raise ValidationError("Write at least one line.", code="required")

    def run_validators(self, value):
        if len(value) > self.max_lines:
            raise ValidationError(f"Use at most {self.max_lines} lines (you wrote {len(value)}).")
        for number, line in enumerate(value, start=1):
            if len(line) > self.max_line_length:
                raise ValidationError(
                    f"Line {number} is too long: keep each line under "
                    f"{self.max_line_length} characters."
                )

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


class TagsField(forms.CharField):
    """Comma-separated tags, stored lower-case without repeats."""

    max_tags = 12
    max_tag_length = 40

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        tags = plain_lines((super().to_python(value) or "").split(","))
        return list(dict.fromkeys(tag.lower() for tag in tags))

    def validate(self, value):
        if len(value) > self.max_tags:
            raise ValidationError(f"Use at most {self.max_tags} tags.")
        for tag in value:
            if len(tag) > self.max_tag_length:
                raise ValidationError(
                    f"The tag “{tag[:20]}…” is too long (at most {self.max_tag_length} characters)."
                )

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


class ExerciseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.clinic_id is None else f"{obj.name} (clinic copy)"


class ExerciseForm(ClinicScopedFormMixin, forms.ModelForm):
    """Create or edit one of the clinic's own exercises (plain text, default dosage, links)."""

    shared_choice_fields = ("regression", "progression")

    name = PlainTextField(max_length=120)
    summary = PlainTextField(
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two short sentences for the patient: what it is and why it helps.",
    )
    equipment = forms.MultipleChoiceField(
        choices=Equipment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick “No equipment” alone, or everything the exercise needs.",
    )
    starting_position = PlainTextField(max_length=600, widget=forms.Textarea(attrs={"rows": 2}))
    setup_steps = LinesField(label="Setup steps", required=False, help_text="One step per line.")
    movement_steps = LinesField(label="Movement steps", help_text="One step per line.")
    coaching_cues = LinesField(
        label="Coaching cues", required=False, max_lines=6, rows=3, help_text="One cue per line."
    )
    common_mistakes = LinesField(
        label="Common mistakes", required=False, rows=3, help_text="One per line."
    )
    safety_notes = LinesField(
        label="Safety notes and precautions", required=False, rows=3, help_text="One per line."
    )
    what_moves = PlainTextField(
        label="What moves",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In words, from the start to the end position.",
    )
    tags = TagsField(required=False, max_length=600, help_text="Separate tags with commas.")

    class Meta:
        model = Exercise
        fields = [*CONTENT_FIELDS, *DOSAGE_FIELDS, "regression", "progression"]
        field_classes = {"regression": ExerciseChoiceField, "progression": ExerciseChoiceField}
        labels = {
            "movement_pattern": "Movement pattern",
            "reps_min": "Fewest reps",
            "reps_max": "Most reps",
            "hold_seconds": "Hold (seconds)",
            "duration_minutes": "Duration (minutes)",
            "load_type": "Load",
            "effort_type": "Effort scale",
            "effort_target": "Effort target",
            "rest_seconds": "Rest between sets (seconds)",
            "days_per_week": "Days per week",
            "regression": "Easier regression",
            "progression": "Harder progression",
        }
        help_texts = {
            "reps_min": "0 when the exercise is a hold or timed.",
            "reps_max": "The same as the fewest reps for a fixed number.",
            "hold_seconds": "Per rep, or the whole set for a hold. 0 for none.",
            "duration_minutes": "For walking, cycling and other aerobic work.",
            "effort_target": "RPE 1-10, or 0-5 reps in reserve.",
        }

    FIELDSETS = [
        (
            "About the exercise",
            ["name", "summary", "category", "movement_pattern", "difficulty", "equipment", "tags"],
        ),
        (
            "How to do it",
            [
                "starting_position",
                "setup_steps",
                "movement_steps",
                "what_moves",
                "coaching_cues",
                "common_mistakes",
                "safety_notes",
            ],
        ),
        (
            "Default dosage",
            [
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
            ],
        ),
        ("Easier and harder", ["regression", "progression"]),
    ]

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, clinic=clinic, **kwargs)
        for name in ("regression", "progression"):
            field = self.fields[name]
            current = getattr(self.instance, f"{name}_id", None)
            choices = field.queryset.filter(archived=False)
            if current:
                choices = field.queryset.filter(archived=False) | field.queryset.filter(pk=current)
            if self.instance.pk:
                choices = choices.exclude(pk=self.instance.pk)
            field.queryset = choices.order_by("name", "id")
            field.empty_label = "(none)"
        for name in ("sets", "reps_min", "reps_max", "hold_seconds", "duration_minutes"):
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")

    def clean_equipment(self):
        equipment = self.cleaned_data["equipment"]
        if Equipment.NONE in equipment and len(equipment) > 1:
            raise ValidationError("“No equipment” cannot be ticked together with equipment.")
        return equipment

    def clean(self):
        cleaned = super().clean()
        reps_min, reps_max = cleaned.get("reps_min"), cleaned.get("reps_max")
        hold, minutes = cleaned.get("hold_seconds"), cleaned.get("duration_minutes")
        if reps_min is not None and reps_max is not None:
            if reps_max < reps_min:
                self.add_error("reps_max", "The most reps cannot be fewer than the fewest reps.")
            elif (reps_min == 0) != (reps_max == 0):
                self.add_error("reps_min", "Give both rep numbers, or 0 for both.")
            elif reps_max == 0 and hold == 0 and minutes == 0:
                self.add_error(
                    "reps_max", "Give a number of reps, a hold time or a duration in minutes."
                )
        if cleaned.get("category") == Category.AEROBIC and minutes == 0:
            self.add_error("duration_minutes", "Aerobic exercise needs a duration in minutes.")
        effort_type, target = cleaned.get("effort_type"), cleaned.get("effort_target")
        if effort_type == EffortType.RPE and target is not None and not 1 <= target <= 10:
            self.add_error("effort_target", "RPE is a number from 1 to 10.")
        if effort_type == EffortType.RIR and target is not None and not 0 <= target <= 5:
            self.add_error("effort_target", "Reps in reserve is a number from 0 to 5.")
        equipment = set(cleaned.get("equipment") or [])
        load_type = cleaned.get("load_type")
        if load_type == LoadType.BAND and Equipment.BAND not in equipment:
            self.add_error("load_type", "A band load needs “Resistance band” in the equipment.")
        if (
            load_type == LoadType.KG
            and "equipment" in cleaned
            and not equipment & LOADABLE_EQUIPMENT
        ):
            self.add_error(
                "load_type",
                "A weight load needs a barbell, dumbbell, kettlebell, cable or machine.",
            )
        regression, progression = cleaned.get("regression"), cleaned.get("progression")
        if regression is not None and regression == progression:
            self.add_error("progression", "The regression and progression must be different.")
        return cleaned

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def exercise_fields(self) -> dict:
        """The cleaned values the services store."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NewExerciseForm(ExerciseForm):
    """Creating an exercise may come with its first photo."""

    FIELDSETS = [*ExerciseForm.FIELDSETS, ("Photo", ["photo", "photo_description"])]

    photo = forms.FileField(
        required=False,
        label="Photo (optional)",
        help_text="JPEG, PNG, WebP or GIF, at most 5 MB. Choose it again if the form shows errors.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    photo_description = PlainTextField(
        required=False,
        max_length=200,
        label="What the photo shows",
        help_text="For people who cannot see it, e.g. “Standing tall with the bar at the hips”.",
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_uploaded_image(photo) if photo else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not cleaned.get("photo_description"):
            self.add_error("photo_description", "Say in a few words what the photo shows.")
        return cleaned


class ImageUploadForm(forms.Form):
    image = forms.FileField(
        label="Photo",
        help_text="JPEG, PNG, WebP or GIF, at most 5 MB and 25 megapixels.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    description = PlainTextField(
        max_length=200,
        label="What the photo shows",
        help_text="For people who cannot see it, e.g. “Lying face down, pushing up on the hands”.",
    )
    use_instead_of_drawing = forms.BooleanField(
        required=False, label="Use this photo instead of the drawing"
    )

    def clean_image(self):
        return clean_uploaded_image(self.cleaned_data["image"])


class ImageDetailsForm(forms.Form):
    description = PlainTextField(max_length=200, label="What the photo shows")
    use_instead_of_drawing = forms.BooleanField(
        required=False, label="Use this photo instead of the drawing"
    )


class ExerciseFilterForm(forms.Form):
    """The library's search box and filters (GET). Invalid values are simply not applied."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search exercises",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(required=False, choices=[("", "Any category"), *Category.choices])
    pattern = forms.ChoiceField(
        required=False,
        label="Movement pattern",
        choices=[("", "Any pattern"), *MovementPattern.choices],
    )
    equipment = forms.ChoiceField(
        required=False, choices=[("", "Any equipment"), *Equipment.choices]
    )
    favourites = forms.BooleanField(required=False, label="Favourites only")
    archived = forms.BooleanField(required=False, label="Include archived")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Search as you type: the box asks for the results partial, with the filters.
        self.fields["q"].widget.attrs.update(
            {
                "hx-get": reverse("exercises:list"),
                "hx-trigger": "input changed delay:250ms, search",
                "hx-target": "#results",
                "hx-swap": "outerHTML",
                "hx-include": "closest form",
                "hx-push-url": "true",
                "hx-sync": "closest form:replace",
            }
        )
        if not user.is_therapist:
            del self.fields["favourites"]
        if not user.is_clinic_admin:
            del self.fields["archived"]

    def filters(self) -> dict:
        """Keyword arguments for selectors.exercise_search (valid fields only)."""
        data = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that are valid
            data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "category": data.get("category") or "",
            "pattern": data.get("pattern") or "",
            "equipment": data.get("equipment") or "",
            "favourites_only": bool(data.get("favourites")),
            "include_archived": bool(data.get("archived")),
        }
