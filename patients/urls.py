"""URLs of the patients app (included at /patients/)."""

from django.urls import path

from patients import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
    path("<int:patient_id>/", views.patient_chart, name="chart"),
    path("<int:patient_id>/edit/", views.patient_edit, name="edit"),
    path("<int:patient_id>/intakes/new/", views.intake_create, name="intake-create"),
    path("<int:patient_id>/intakes/<int:intake_id>/", views.intake_detail, name="intake-detail"),
    path("<int:patient_id>/intakes/<int:intake_id>/edit/", views.intake_edit, name="intake-edit"),
    path(
        "<int:patient_id>/intakes/<int:intake_id>/amend/", views.intake_amend, name="intake-amend"
    ),
    path("<int:patient_id>/outcomes/", views.outcome_choose, name="outcome-choose"),
    path(
        "<int:patient_id>/outcomes/<slug:instrument_key>/new/",
        views.outcome_create,
        name="outcome-create",
    ),
]
