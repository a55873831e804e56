"""URL configuration: one include per app."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.urls import include, path

from lbp_clinic import views

# The Django admin is for superusers only (clinic admins work in the app's own screens).
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "LBP Clinic: system administration"
# One login page for the whole site: the admin's own login sends people to it.
admin.site.login = lambda request, extra_context=None: redirect_to_login(
    request.GET.get("next", request.get_full_path()), resolve_url(settings.LOGIN_URL)
)

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/", include("lbp_clinic.staff_urls")),
    path("patients/", include("patients.urls")),
    path("plans/reprint/", include("plans.reprint.urls")),
    path("plans/", include("plans.urls")),
    path("exercises/", include("exercises.urls")),
    path("handouts/", include("education.urls")),
    path(settings.ADMIN_URL_PATH, admin.site.urls),
]

handler400 = "lbp_clinic.views.bad_request"
handler403 = "lbp_clinic.views.permission_denied"
handler404 = "lbp_clinic.views.page_not_found"
handler500 = "lbp_clinic.views.server_error"
