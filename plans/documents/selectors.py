"""Reads of produced documents: the plan page's list and the patient's chart timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.urls import reverse

from lbp_clinic.addresses import object_url
from lbp_clinic.models import signature_name
from plans.documents import kinds
from plans.models import PlanDocument, PlanOfCare
from plans.selectors import sql_rows

# The documents produced from one plan version, newest first, with who produced them:
# what the Documents card lists, without the PDF bytes or the inputs.
PLAN_DOCUMENTS_SQL = """
    SELECT document.id, document.title, document.page_count, document.created_at,
        author.first_name, author.last_name, author.credentials
    FROM plans_plandocument document
    JOIN lbp_clinic_user author ON author.id = document.created_by_id
    WHERE document.plan_id = %(plan)s
    ORDER BY document.created_at DESC, document.id DESC
    LIMIT %(limit)s
"""


@dataclass(frozen=True)
class SavedDocument:
    pk: int
    title: str
    page_count: int
    created_at: datetime
    created_by: str  # as signed: "Jo Park, DPT"


def plan_documents(plan: PlanOfCare, limit: int = 20) -> list[SavedDocument]:
    """The documents produced from this plan version, newest first (one query, written out
    in SQL like the builder's other side reads: plans.selectors)."""
    rows = sql_rows(PLAN_DOCUMENTS_SQL, {"plan": plan.pk, "limit": limit})
    return [
        SavedDocument(pk, title, page_count, created_at, signature_name(first, last, credentials))
        for pk, title, page_count, created_at, first, last, credentials in rows
    ]


def versions_text(inputs: dict) -> str:
    """Which versions went into a document (its `inputs`), in words: "plan version 2;
    handouts: Stay active (v3)"."""
    inputs = inputs or {}
    parts = []
    plan = inputs.get("plan") or {}
    if plan.get("version"):
        parts.append(f"plan version {plan['version']}")
    handouts = list(inputs.get("handouts") or [])
    if inputs.get("flare_up"):
        handouts.append(inputs["flare_up"])
    if handouts:
        given = ", ".join(f"{h['title']} (v{h['number']})" for h in handouts)
        parts.append(f"handouts: {given}")
    return "; ".join(parts)


# The documents produced for a patient, newest first: what went into each (its inputs, not
# the PDF) and who produced it.
CHART_DOCUMENTS_SQL = """
    SELECT document.id, document.plan_id, document.title, document.created_at, document.inputs,
        author.first_name, author.last_name, author.credentials
    FROM plans_plandocument document
    JOIN plans_planofcare plan ON plan.id = document.plan_id
    JOIN lbp_clinic_user author ON author.id = document.created_by_id
    WHERE plan.patient_id = %(patient)s AND plan.clinic_id = %(clinic)s
    ORDER BY document.created_at DESC, document.id DESC
    LIMIT %(limit)s
"""


def chart_events(patient, limit: int) -> list:
    """Documents produced for the patient, for the chart timeline (one query)."""
    from patients.selectors import TimelineEvent

    rows = sql_rows(
        CHART_DOCUMENTS_SQL, {"patient": patient.pk, "clinic": patient.clinic_id, "limit": limit}
    )
    inputs_field = PlanDocument._meta.get_field("inputs")
    events = []
    for pk, plan_id, title, created_at, inputs, first, last, credentials in rows:
        # JSON comes from the driver as text: decoded as the ORM decodes it.
        versions = versions_text(inputs_field.from_db_value(inputs, None, connection))
        author = f"by {signature_name(first, last, credentials)}"
        events.append(
            TimelineEvent(
                created_at,
                "document",
                f"{title} produced",
                "; ".join(filter(None, [versions, author])),
                reverse("plans:document-saved", args=[plan_id, pk]),
            )
        )
    return events


def kind_rows(plan: PlanOfCare, user) -> list[dict]:
    """The Documents card: each kind the user may produce, with its links."""
    rows = []
    for kind in kinds.BUILDERS:
        if user.is_front_desk and kind not in kinds.PATIENT_KINDS:
            continue
        pdf = object_url("plans:document-pdf", plan.pk, kind)
        preview = object_url("plans:document-preview", plan.pk, kind)
        label = kinds.label(kind)
        rows.append(
            {
                "kind": kind,
                "label": label,
                # In the links' accessible names ("Preview the exercise sheet").
                "label_lower": label.lower(),
                "preview": preview,
                "preview_large": preview + "?size=large",
                "pdf": pdf,
                "pdf_large": pdf + "?size=large",
                "print": pdf + "?disposition=inline",
                "print_large": pdf + "?size=large&disposition=inline",
            }
        )
    return rows
