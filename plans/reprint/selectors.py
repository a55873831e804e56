"""Reads for the reprint pages: the plans a clinic can reprint, its recent jobs, one job."""

from django.db.models import Q

from lbp_clinic.access import get_scoped_or_404, scoped
from plans.models import PlanOfCare
from plans.reprint.models import BulkPrint

# The checklist shows this many plans at most; the filters narrow it.
CHECKLIST_LIMIT = 300


def printable_plans(user):
    """The clinic's current signed plans: the packets patients on a plan of care hold.

    Drafts can still change and are printed one at a time from their plan page; amended and
    discharged versions are no longer the patient's plan.
    """
    return (
        scoped(PlanOfCare, user)
        .filter(status=PlanOfCare.Status.SIGNED, next_version__isnull=True)
        .select_related("patient", "therapist")
        .order_by("patient__last_name", "patient__first_name", "patient_id", "-version")
    )


def checklist(user, *, query="", therapist_id=None):
    plans = printable_plans(user)
    query = query.strip()
    if query:
        plans = plans.filter(
            Q(patient__first_name__icontains=query)
            | Q(patient__last_name__icontains=query)
            | Q(patient__preferred_name__icontains=query)
            | Q(patient__mrn__iexact=query)
        )
    if therapist_id:
        plans = plans.filter(therapist_id=therapist_id)
    return list(plans[:CHECKLIST_LIMIT])


def therapists_with_plans(user):
    """(id, name) of the clinic's therapists who have a signed plan, for the filter."""
    from django.contrib.auth import get_user_model

    therapist_ids = printable_plans(user).order_by().values("therapist_id")
    therapists = get_user_model().objects.filter(clinic=user.clinic_id, pk__in=therapist_ids)
    return sorted(
        ((therapist.pk, therapist.signature_name) for therapist in therapists),
        key=lambda item: item[1].lower(),
    )


def recent_jobs(user, limit=10):
    return list(
        scoped(BulkPrint, user)
        .defer("pdf")
        .select_related("requested_by")
        .order_by("-created_at", "-id")[:limit]
    )


def get_job(user, job_id) -> BulkPrint:
    return get_scoped_or_404(
        BulkPrint.objects.defer("pdf").select_related("requested_by"), user, pk=job_id
    )
