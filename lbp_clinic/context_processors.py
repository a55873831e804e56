"""Template context shared by every page: the navigation for the user's role."""

from django.urls import NoReverseMatch

from lbp_clinic.access import CLINIC_ADMIN, FRONT_DESK, THERAPIST
from lbp_clinic.addresses import address

# (label, URL name, roles that see it). Entries whose URL does not exist are left out.
NAVIGATION = [
    ("Dashboard", "dashboard", (THERAPIST, CLINIC_ADMIN, FRONT_DESK)),
    ("Patients", "patients:list", (THERAPIST, CLINIC_ADMIN, FRONT_DESK)),
    ("Plans", "plans:list", (THERAPIST, CLINIC_ADMIN)),
    # Front desk prints the morning's packets; the others reach it from the plans list.
    ("Reprint packets", "reprint:start", (FRONT_DESK,)),
    ("Exercise library", "exercises:list", (THERAPIST, CLINIC_ADMIN, FRONT_DESK)),
    ("Handouts", "education:list", (THERAPIST, CLINIC_ADMIN, FRONT_DESK)),
    ("Staff", "staff:list", (CLINIC_ADMIN,)),
    ("Clinic settings", "staff:clinic", (CLINIC_ADMIN,)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.clinic_id:
        return {"navigation": []}
    items = []
    for label, url_name, roles in NAVIGATION:
        if user.role not in roles:
            continue
        try:
            url = address(url_name)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "current": current})
    return {"navigation": items}
