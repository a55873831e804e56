"""Writes and side effects for clinics and staff."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def staff_send_welcome_email(*, user, request):
    """E-mail a new staff member a one-time link to choose their password."""
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "site_name": user.clinic.name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
    }
    # PasswordResetForm.send_mail renders the subject and body templates and sends.
    PasswordResetForm().send_mail(
        "registration/account_created_subject.txt",
        "registration/account_created_email.txt",
        context,
        None,
        user.email,
    )
