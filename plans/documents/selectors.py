"""Reads of produced documents: the plan page's list and the patient's chart timeline."""

from django.urls import reverse

from lbp_clinic.addresses import object_url
from plans.documents import kinds
from plans.models import PlanDocument, PlanOfCare


def plan_documents(plan: PlanOfCare, limit: int = 20) -> list[PlanDocument]:
    """The documents produced from this plan version, newest first (one query): what the
    Documents card lists, without the PDF bytes or the inputs."""
    return list(
        plan.documents.select_related("created_by")
        .only(
            "plan_id",
            "title",
            "page_count",
            "created_at",
            "created_by__first_name",
            "created_by__last_name",
            "created_by__credentials",
        )
        .order_by("-created_at", "-id")[:limit]
    )


def versions_text(document: PlanDocument) -> str:
    """Which versions went into it, in words: "plan version 2; handouts: Stay active (v3)"."""
    inputs = document.inputs or {}
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


def document_url(document: PlanDocument) -> str:
    return reverse("plans:document-saved", args=[document.plan_id, document.pk])


def chart_events(patient, limit: int) -> list:
    """Documents produced for the patient, for the chart timeline (one query)."""
    from patients.selectors import TimelineEvent

    documents = (
        PlanDocument.objects.filter(plan__patient=patient, plan__clinic_id=patient.clinic_id)
        .defer("pdf")
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        TimelineEvent(
            document.created_at,
            "document",
            f"{document.title} produced",
            "; ".join(
                filter(None, [versions_text(document), f"by {document.created_by.signature_name}"])
            ),
            document_url(document),
        )
        for document in documents
    ]


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
