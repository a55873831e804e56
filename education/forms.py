"""Forms: the author's handout form and the library's search and filter."""

import re

from django import forms

from education.markup import MAX_MARKDOWN_CHARS, MAX_SQUARE_BRACKETS
from education.models import Language, Topic
from education.selectors import StatusFilter

MAX_STEPS = 10
MAX_STEP_CHARS = 300
MAX_REFERENCES = 20
MAX_REFERENCE_CHARS = 500
MAX_SUMMARY_CHARS = 1000


def one_line(text: str) -> str:
    """Line breaks and runs of spaces become one space (a title or purpose is one line)."""
    return re.sub(r"\s+", " ", text).strip()


def lines_of(text: str) -> list[str]:
    """Non-empty lines, each trimmed (one action step or reference per line)."""
    return [one_line(line) for line in text.splitlines() if line.strip()]


class HandoutForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the handout a title."}
    )
    topic = forms.ChoiceField(
        choices=Topic.choices, error_messages={"required": "Choose the topic it covers."}
    )
    language = forms.ChoiceField(choices=Language.choices, initial=Language.ENGLISH)
    purpose = forms.CharField(
        max_length=300,
        required=False,
        help_text="One line: what this handout helps the patient with.",
    )
    action_steps = forms.CharField(
        label="What to do (action steps)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One step per line. Start each with a verb: “Walk for 10 minutes a day.”",
    )
    body_markdown = forms.CharField(
        label="Body",
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        required=False,
        max_length=MAX_MARKDOWN_CHARS,
        help_text=(
            "Start each section with “## ” and a short header. "
            "Lists: start lines with “- ”. Bold: **words**."
        ),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MAX_SUMMARY_CHARS,
        help_text="Two or three sentences with the key points.",
    )
    references = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One citation per line.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Give the handout a title.")
        return title

    def clean_purpose(self):
        return one_line(self.cleaned_data["purpose"])

    def clean_action_steps(self):
        steps = lines_of(self.cleaned_data["action_steps"])
        if len(steps) > MAX_STEPS:
            raise forms.ValidationError(
                f"Keep to {MAX_STEPS} steps at most (you have {len(steps)}); "
                "patients act on a few clear steps."
            )
        too_long = [n for n, step in enumerate(steps, 1) if len(step) > MAX_STEP_CHARS]
        if too_long:
            raise forms.ValidationError(
                f"Step {too_long[0]} is longer than {MAX_STEP_CHARS} characters: split it up."
            )
        return steps

    def clean_body_markdown(self):
        body = self.cleaned_data["body_markdown"].replace("\r\n", "\n").strip()
        if body.count("[") > MAX_SQUARE_BRACKETS:
            raise forms.ValidationError(
                f"The body has more than {MAX_SQUARE_BRACKETS} square brackets “[”. "
                "Use fewer links, or round brackets for asides."
            )
        return body + "\n" if body else ""

    def clean_summary(self):
        return self.cleaned_data["summary"].replace("\r\n", "\n").strip()

    def clean_references(self):
        references = lines_of(self.cleaned_data["references"])
        if len(references) > MAX_REFERENCES:
            raise forms.ValidationError(f"Keep to {MAX_REFERENCES} references at most.")
        too_long = [n for n, ref in enumerate(references, 1) if len(ref) > MAX_REFERENCE_CHARS]
        if too_long:
            raise forms.ValidationError(
                f"Reference {too_long[0]} is longer than {MAX_REFERENCE_CHARS} characters."
            )
        return references

    def content(self) -> dict:
        """The cleaned content, in the model's field names (for the services)."""
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "language": data["language"],
            "title": data["title"],
            "purpose": data["purpose"],
            "body_markdown": data["body_markdown"],
            "action_steps": data["action_steps"],
            "summary": data["summary"],
            "references": data["references"],
        }

    @classmethod
    def initial_from(cls, handout) -> dict:
        return {
            "title": handout.title,
            "topic": handout.topic,
            "language": handout.language,
            "purpose": handout.purpose,
            "action_steps": "\n".join(handout.action_steps),
            "body_markdown": handout.body_markdown,
            "summary": handout.summary,
            "references": "\n".join(handout.references),
            "revision": handout.revision,
        }


def preview_content(data) -> dict:
    """What the live preview shows for half-typed form data: never raises, bounded in size."""

    def text(name, limit):
        value = data.get(name, "")
        return value[:limit] if isinstance(value, str) else ""

    language = text("language", 5)
    return {
        "title": one_line(text("title", 200)),
        "topic": text("topic", 30),
        "language": language if language in Language.values else Language.ENGLISH,
        "purpose": one_line(text("purpose", 300)),
        "action_steps": lines_of(text("action_steps", MAX_STEPS * MAX_STEP_CHARS))[:MAX_STEPS],
        "body_markdown": text("body_markdown", MAX_MARKDOWN_CHARS),
        "summary": text("summary", MAX_SUMMARY_CHARS).strip(),
        "references": lines_of(text("references", MAX_REFERENCES * MAX_REFERENCE_CHARS))[
            :MAX_REFERENCES
        ],
    }


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    topic = forms.ChoiceField(
        choices=[("", "All topics"), *Topic.choices], required=False, label="Topic"
    )
    status = forms.ChoiceField(choices=StatusFilter.CHOICES, required=False, label="Status")

    def __init__(self, *args, show_status: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_status:
            del self.fields["status"]

    def filters(self) -> dict:
        """Valid filters only: a bad value in the URL is ignored rather than an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", ""),
            "topic": data.get("topic", ""),
            "status": data.get("status", ""),
        }
