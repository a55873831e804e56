"""Plan documents: what each document shows, built from one plan version.

Each kind of document lives in its own module here and exposes
`build(plan, *, large_print=False) -> DocumentSpec`: the template, its context and the
inputs the PDF depends on. Rendering (through `lbp_clinic.documents`), caching by a hash
of `inputs`, and recording the document on the chart and in the audit log happen in one
place (`plans.documents.services`), the same for every kind.
"""

from dataclasses import dataclass, field

PACKET = "packet"
EXERCISE_SHEET = "exercise-sheet"
PLAN_OF_CARE = "plan-of-care"
PROGRESS_REPORT = "progress-report"


@dataclass(frozen=True)
class Part:
    """One part of a long document rendered in parts (lbp_clinic.documents
    .render_pdf_in_parts): what it changes in the document's context, and its page count
    when that is known by design (None when it varies)."""

    context: dict
    pages: int | None


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    # What the chart and the file name call it: "Take-home packet (large print)".
    title: str
    template: str
    context: dict
    # Everything the PDF depends on besides the template files themselves: plan id and
    # version, handout version ids, print size, outcome result ids... JSON-serialisable;
    # hashed (with the template sources) for the cache and stored on the chart record.
    inputs: dict
    # Patient-facing documents never show ICD codes or other frightening clinical detail.
    patient_facing: bool
    large_print: bool = False
    stylesheets: tuple[str, ...] = field(default=("css/print.css",))
    # A long document's parts, rendered side by side; empty: rendered in one go.
    parts: tuple[Part, ...] = ()
