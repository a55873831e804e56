from django.urls import path

from plans import views
from plans.documents import views as document_views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/<int:patient_id>/", views.plan_new, name="new"),
    path("<int:plan_id>/", views.builder, name="builder"),
    path("<int:plan_id>/details/", views.update_details, name="details"),
    path(
        "<int:plan_id>/documents/<str:kind>/pdf/",
        document_views.document_pdf,
        name="document-pdf",
    ),
    path(
        "<int:plan_id>/documents/<str:kind>/preview/",
        document_views.document_preview,
        name="document-preview",
    ),
    path(
        "<int:plan_id>/documents/saved/<int:document_id>/",
        document_views.document_saved,
        name="document-saved",
    ),
    path("<int:plan_id>/<str:kind>/add/", views.row_add, name="row-add"),
    path("<int:plan_id>/<str:kind>/reorder/", views.row_reorder, name="row-reorder"),
    path("<int:plan_id>/<str:kind>/<int:row_id>/", views.row_update, name="row-update"),
    path("<int:plan_id>/<str:kind>/<int:row_id>/move/", views.row_move, name="row-move"),
    path("<int:plan_id>/<str:kind>/<int:row_id>/remove/", views.row_remove, name="row-remove"),
    path("<int:plan_id>/exercise/<int:row_id>/schedule/", views.schedule, name="schedule"),
    path("<int:plan_id>/search/exercises/", views.exercise_search, name="exercise-search"),
    path("<int:plan_id>/search/handouts/", views.handout_search, name="handout-search"),
    path("<int:plan_id>/search/diagnoses/", views.diagnosis_search, name="diagnosis-search"),
    path("<int:plan_id>/sign/", views.sign, name="sign"),
    path("<int:plan_id>/amend/", views.amend, name="amend"),
    path("<int:plan_id>/certify/", views.certify, name="certify"),
    path("<int:plan_id>/discharge/", views.discharge, name="discharge"),
    path("<int:plan_id>/template/", views.save_template, name="save-template"),
    path("<int:plan_id>/versions/", views.versions, name="versions"),
    path("<int:plan_id>/visits/", views.record_visit, name="record-visit"),
]
