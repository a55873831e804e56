"""Helpers that record who did what to which record: call these from services and views."""

from lbp_clinic.models import AuditEvent


def client_ip(request):
    """The client's address. Behind a proxy, set PROXY_COUNT so this is the real client."""
    if request is None:
        return None
    from django.conf import settings

    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit_record(*, action, user=None, request=None, obj=None, patient=None, detail=None):
    """Append one audit row. `patient` is the patient the record is about, if any."""
    if user is None and request is not None:
        user = request.user
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    if patient is None and obj is not None:
        patient = getattr(obj, "audit_patient", None)
    return AuditEvent.objects.create(
        action=action,
        actor_id=user.pk if authenticated else None,
        actor_email=user.email if authenticated else (detail or {}).get("email", ""),
        clinic_id=user.clinic_id if authenticated else None,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        patient_id=patient.pk if patient is not None else None,
        ip_address=client_ip(request),
        detail=detail or {},
    )


def audit_chart_view(request, patient, *, what="chart"):
    return audit_record(
        action=AuditEvent.Action.VIEW,
        request=request,
        obj=patient,
        patient=patient,
        detail={"what": what},
    )


def audit_change(request, obj, *, created=False, patient=None, changed_fields=None):
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    detail = {"fields": sorted(changed_fields)} if changed_fields else {}
    return audit_record(action=action, request=request, obj=obj, patient=patient, detail=detail)


def audit_delete(request, obj, *, patient=None):
    return audit_record(
        action=AuditEvent.Action.DELETE,
        request=request,
        obj=obj,
        patient=patient,
        detail={"repr": str(obj)[:200]},
    )


def audit_document(request, *, patient, document, obj=None, versions=None):
    """Record that a document (packet, sheet, PDF) was produced for a patient."""
    return audit_record(
        action=AuditEvent.Action.DOCUMENT,
        request=request,
        obj=obj,
        patient=patient,
        detail={"document": document, "versions": versions or {}},
    )
