from django.urls import path

from lbp_clinic import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.staff_list, name="list"),
    path("new/", staff_views.staff_create, name="create"),
    path("<int:user_id>/", staff_views.staff_edit, name="edit"),
    path("clinic/", staff_views.clinic_settings, name="clinic"),
    path("clinic/logo/", staff_views.clinic_logo, name="clinic-logo"),
]
