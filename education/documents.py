"""A handout as the patient sees it: the on-screen sheet and the printed PDF.

`sheet_of` turns a published version, a working copy or live-preview data into one shape
for the templates; `handout_pdf` prints it on the clinic's letterhead through the
project's single renderer (lbp_clinic.documents), in normal or large print.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string

from education.markup import render_markdown, sanitize_html
from education.models import Handout, HandoutVersion, Topic
from education.readability import handout_grade
from lbp_clinic.documents import render_pdf

PRINT_STYLESHEETS = ("css/print.css", "education/handout_print.css")


@dataclass
class Sheet:
    title: str
    purpose: str
    action_steps: list[str]
    body_html: str
    summary: str
    references: list[str]
    topic_label: str
    language: str
    readability_grade: float | None
    version_number: int | None = None
    published_at: datetime | None = None
    is_draft: bool = False
    checks: list = field(default_factory=list)


def _topic_label(topic: str) -> str:
    return Topic(topic).label if topic in Topic.values else ""


def sheet_of(source: HandoutVersion | Handout) -> Sheet:
    """The sheet of a version, or of a handout's working copy (marked as a draft)."""
    is_version = isinstance(source, HandoutVersion)
    return Sheet(
        title=source.title,
        purpose=source.purpose,
        action_steps=list(source.action_steps),
        # Sanitised when stored; sanitised again here, whatever put the row there.
        body_html=sanitize_html(source.body_html),
        summary=source.summary,
        references=list(source.references),
        topic_label=_topic_label(source.topic),
        language=source.language,
        readability_grade=source.readability_grade,
        version_number=source.number if is_version else None,
        published_at=source.published_at if is_version else None,
        is_draft=not is_version,
    )


def sheet_from_content(content: dict) -> Sheet:
    """The live preview of unsaved form content."""
    grade = handout_grade(
        purpose=content["purpose"],
        action_steps=content["action_steps"],
        body_markdown=content["body_markdown"],
        summary=content["summary"],
        language=content["language"],
    )
    return Sheet(
        title=content["title"],
        purpose=content["purpose"],
        action_steps=content["action_steps"],
        body_html=render_markdown(content["body_markdown"]),
        summary=content["summary"],
        references=content["references"],
        topic_label=_topic_label(content["topic"]),
        language=content["language"],
        readability_grade=grade,
        is_draft=True,
    )


def handout_pdf(*, sheet: Sheet, clinic, large_print: bool = False) -> bytes:
    """The handout on the clinic's letterhead, ready to print and hand over."""
    logo_url = clinic.logo.url if clinic.logo else ""
    html = render_to_string(
        "education/handout_pdf.html",
        {"sheet": sheet, "clinic": clinic, "logo_url": logo_url, "large_print": large_print},
    )
    return render_pdf(html, stylesheets=PRINT_STYLESHEETS)
