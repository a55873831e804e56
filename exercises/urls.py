"""URLs of the exercise library (included at /exercises/)."""

from django.urls import path

from exercises import views

app_name = "exercises"
urlpatterns = [
    path("", views.exercise_list, name="list"),
    path("new/", views.exercise_create, name="create"),
    path("<int:pk>/", views.exercise_detail, name="detail"),
    path("<int:pk>/edit/", views.exercise_edit, name="edit"),
    path("<int:pk>/duplicate/", views.exercise_duplicate, name="duplicate"),
    path("<int:pk>/archive/", views.exercise_archive, name="archive"),
    path("<int:pk>/restore/", views.exercise_restore, name="restore"),
    path("<int:pk>/favourite/", views.exercise_favourite, name="favourite"),
    path("<int:pk>/sheet.pdf", views.exercise_sheet, name="sheet"),
    path("<int:pk>/drawing/<slug:phase>.svg", views.exercise_drawing, name="drawing"),
    path("gallery/", views.exercise_gallery, name="gallery"),
    path("<int:pk>/images/", views.exercise_images, name="images"),
    path("images/<int:image_id>/", views.image_file, name="image"),
    path("images/<int:image_id>/edit/", views.image_edit, name="image-edit"),
    path("images/<int:image_id>/remove/", views.image_remove, name="image-remove"),
    path("images/<int:image_id>/move/", views.image_move, name="image-move"),
]
