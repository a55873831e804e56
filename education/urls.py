"""Handout URLs (mounted at /handouts/)."""

from django.urls import path

from education import views

app_name = "education"
urlpatterns = [
    path("", views.handout_list, name="list"),
    path("new/", views.handout_create, name="create"),
    path("new/preview/", views.handout_preview, name="preview-new"),
    path("<int:handout_id>/", views.handout_detail, name="detail"),
    path("<int:handout_id>/edit/", views.handout_edit, name="edit"),
    path("<int:handout_id>/preview/", views.handout_preview, name="preview"),
    path("<int:handout_id>/publish/", views.handout_publish, name="publish"),
    path("<int:handout_id>/archive/", views.handout_archive, name="archive"),
    path("<int:handout_id>/restore/", views.handout_restore, name="restore"),
    path("<int:handout_id>/duplicate/", views.handout_duplicate, name="duplicate"),
    path("<int:handout_id>/pdf/", views.handout_print, name="pdf"),
    path("<int:handout_id>/versions/", views.version_history, name="history"),
    path("<int:handout_id>/versions/compare/", views.version_compare, name="compare"),
    path("<int:handout_id>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:handout_id>/versions/<int:number>/pdf/", views.handout_print, name="version-pdf"),
]
