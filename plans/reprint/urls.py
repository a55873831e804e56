"""URLs of the bulk reprint pages (included at plans/reprint/ as the "reprint" namespace)."""

from django.urls import path

from plans.reprint import views

app_name = "reprint"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:job_id>/", views.job, name="job"),
    path("<int:job_id>/pdf/", views.job_pdf, name="pdf"),
    path("<int:job_id>/again/", views.again, name="again"),
]
