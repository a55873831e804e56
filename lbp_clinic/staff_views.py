"""Clinic admins manage their staff accounts and the clinic's details."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lbp_clinic import selectors, services
from lbp_clinic.access import ALL_STAFF, CLINIC_ADMIN, clinic_of, get_scoped_or_404, role_required
from lbp_clinic.audit import audit_change
from lbp_clinic.forms import ClinicForm, StaffForm
from lbp_clinic.models import User


@role_required(CLINIC_ADMIN)
def staff_list(request):
    return render(
        request, "lbp_clinic/staff_list.html", {"staff": selectors.staff_list(user=request.user)}
    )


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    clinic = clinic_of(request.user)
    form = StaffForm(request.POST or None, clinic=clinic, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            audit_change(request, user, created=True, changed_fields=form.changed_data)
        services.staff_send_welcome_email(user=user, request=request)
        messages.success(request, f"{user} was added. We e-mailed them a link to set a password.")
        return redirect("staff:list")
    return render(request, "lbp_clinic/staff_form.html", {"form": form, "creating": True})


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def staff_edit(request, user_id):
    member = get_scoped_or_404(User, request.user, pk=user_id)
    form = StaffForm(
        request.POST or None, instance=member, clinic=member.clinic, acting_user=request.user
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit_change(request, member, changed_fields=form.changed_data)
        messages.success(request, f"Saved {member}.")
        return redirect("staff:list")
    return render(request, "lbp_clinic/staff_form.html", {"form": form, "member": member})


@role_required(CLINIC_ADMIN)
@require_http_methods(["GET", "POST"])
def clinic_settings(request):
    clinic = clinic_of(request.user)
    form = ClinicForm(request.POST or None, request.FILES or None, instance=clinic)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit_change(request, clinic, changed_fields=form.changed_data)
        messages.success(request, "Clinic details saved.")
        return redirect("staff:clinic")
    return render(request, "lbp_clinic/clinic_form.html", {"form": form, "clinic": clinic})


@role_required(*ALL_STAFF)
def clinic_logo(request):
    """The logo of the user's own clinic; media files are never served publicly."""
    clinic = clinic_of(request.user)
    if not clinic.logo:
        raise Http404("This clinic has no logo.")
    return FileResponse(clinic.logo.open("rb"))
