"""Read-only queries for the clinic-wide pages."""

from lbp_clinic.access import scoped
from lbp_clinic.models import User


def dashboard_summary(*, user):
    """What the dashboard shows about the user's clinic (a constant number of queries)."""
    staff = scoped(User, user).filter(is_active=True)
    return {"staff_count": staff.count()}


def staff_list(*, user):
    return scoped(User, user).order_by("-is_active", "last_name", "first_name")
