"""Forms for staff accounts and clinic settings (clinic admins)."""

from django import forms
from django.core.exceptions import ValidationError

from lbp_clinic.images import clean_uploaded_image
from lbp_clinic.models import Clinic, User


class StaffForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "role",
            "credentials",
            "licence_number",
            "npi",
            "is_active",
        ]
        labels = {"is_active": "Account active", "licence_number": "Licence number"}
        help_texts = {"is_active": "Untick to stop this person logging in. Records are kept."}

    def __init__(self, *args, clinic, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.acting_user = acting_user
        self.fields["credentials"].help_text = "Therapists only."

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError("Someone already uses this e-mail address.")
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == User.Role.THERAPIST and not cleaned.get("credentials"):
            self.add_error("credentials", "A therapist needs credentials (PT or DPT).")
        if self.instance.pk == self.acting_user.pk:
            if cleaned.get("is_active") is False:
                self.add_error("is_active", "You cannot deactivate your own account.")
            if role and role != User.Role.CLINIC_ADMIN:
                self.add_error("role", "You cannot remove your own clinic admin role.")
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.clinic = self.clinic
        if not user.pk:
            user.set_unusable_password()
        if commit:
            user.save()
        return user


class ClinicForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = ["name", "address", "phone", "email", "logo", "units"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"logo": "PNG or JPEG, at most 5 MB. Printed on every document."}
        error_messages = {"logo": {"invalid_image": "This file is not an image we can read."}}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return clean_uploaded_image(logo)
        return logo
