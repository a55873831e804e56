"""Audit logins and logouts, and stamp the session with its start (absolute lifetime) and
its last renewal (idle timeout)."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from lbp_clinic.audit import audit_record
from lbp_clinic.models import AuditEvent

SESSION_STARTED_KEY = "lbp_login_at"
# When the stored session expiry was last renewed (see SessionLifetimeMiddleware).
SESSION_RENEWED_KEY = "lbp_renewed_at"


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_RENEWED_KEY] = now  # logging in saves the session
    audit_record(action=AuditEvent.Action.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, request=request, detail={"email": email})
