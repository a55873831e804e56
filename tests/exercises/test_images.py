"""Photos: checked and re-encoded on upload, served only through a view that checks the clinic."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from exercises.models import ExerciseImage
from tests.conftest import client_for
from tests.exercises.factories import ExerciseImageFactory, image_bytes, image_upload


def upload(client, exercise, **data):
    data.setdefault("image", image_upload())
    data.setdefault("description", "Lying face down")
    return client.post(f"/exercises/{exercise.pk}/images/", data)


def test_an_admin_uploads_a_photo_that_staff_can_see(admin_client_, desk_client, north_exercise):
    response = upload(admin_client_, north_exercise, use_instead_of_drawing="on")
    assert response.status_code == 302
    image = north_exercise.images.get()
    assert image.use_instead_of_drawing and image.description == "Lying face down"
    assert north_exercise.revisions.get().action == "image_added"
    served = desk_client.get(f"/exercises/images/{image.pk}/")
    # An opaque PNG is re-encoded as JPEG by the upload check.
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8")
    assert "private" in served["Cache-Control"]


def test_camera_and_location_data_are_stripped(admin_client_, north_exercise):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x8825] = {2: (40, 0, 0)}  # GPS
    jpeg = SimpleUploadedFile("p.jpg", image_bytes("JPEG", exif=exif.tobytes()), "image/jpeg")
    assert b"SecretCam" in jpeg.read()
    jpeg.seek(0)
    upload(admin_client_, north_exercise, image=jpeg)
    stored = north_exercise.images.get().image.read()
    assert b"SecretCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_a_file_that_is_not_an_image_is_refused_with_a_message(admin_client_, north_exercise):
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not a picture", content_type="image/png")
    html = upload(
        admin_client_, north_exercise, image=fake, description="Kept text"
    ).content.decode()
    assert "This file is not an image we can read." in html
    assert 'value="Kept text"' in html
    assert not ExerciseImage.objects.exists()


def test_a_file_over_5_mb_is_refused(admin_client_, north_exercise):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), "image/png")
    html = upload(admin_client_, north_exercise, image=big).content.decode()
    assert "The image is larger than 5 MB." in html
    assert not ExerciseImage.objects.exists()


def test_a_photo_needs_a_description(admin_client_, north_exercise):
    html = upload(admin_client_, north_exercise, description="  ").content.decode()
    assert "This field is required." in html
    assert not ExerciseImage.objects.exists()


def test_other_clinics_photos_are_not_found(outsider_client, outsider_admin, north_exercise):
    image = ExerciseImageFactory(exercise=north_exercise)
    assert outsider_client.get(f"/exercises/images/{image.pk}/").status_code == 404
    admin = client_for(outsider_admin)
    for url in ("edit", "remove", "move"):
        assert (
            admin.post(f"/exercises/images/{image.pk}/{url}/", {"description": "x"}).status_code
            == 404
        )
    assert admin.get(f"/exercises/{north_exercise.pk}/images/").status_code == 404
    assert upload(admin, north_exercise).status_code == 404
    image.refresh_from_db()
    assert image.description != "x" and ExerciseImage.objects.count() == 1


def test_shared_library_photos_are_visible_to_every_clinic(outsider_client, shared_exercise):
    image = ExerciseImageFactory(exercise=shared_exercise)
    assert outsider_client.get(f"/exercises/images/{image.pk}/").status_code == 200


def test_shared_library_photos_cannot_be_changed_by_a_clinic(admin_client_, shared_exercise):
    image = ExerciseImageFactory(exercise=shared_exercise)
    for url in ("edit", "remove", "move"):
        response = admin_client_.post(f"/exercises/images/{image.pk}/{url}/", {"description": "x"})
        assert response.status_code == 404
    assert ExerciseImage.objects.get().description != "x"


def test_details_order_and_removal(
    admin_client_, north_exercise, django_capture_on_commit_callbacks
):
    first = ExerciseImageFactory(exercise=north_exercise, position=0, description="Start")
    second = ExerciseImageFactory(exercise=north_exercise, position=1, description="End")
    page = admin_client_.get(f"/exercises/{north_exercise.pk}/images/").content.decode()
    assert page.index('alt="Start"') < page.index('alt="End"')

    admin_client_.post(
        f"/exercises/images/{second.pk}/edit/",
        {
            f"image-{second.pk}-description": "End position",
            f"image-{second.pk}-use_instead_of_drawing": "on",
        },
    )
    second.refresh_from_db()
    assert second.description == "End position" and second.use_instead_of_drawing

    admin_client_.post(f"/exercises/images/{second.pk}/move/", {"direction": "earlier"})
    assert list(north_exercise.images.values_list("description", flat=True)) == [
        "End position",
        "Start",
    ]

    path = first.image.path
    confirm = admin_client_.get(f"/exercises/images/{first.pk}/remove/").content.decode()
    assert "Remove this photo?" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(f"/exercises/images/{first.pk}/remove/")
    assert list(north_exercise.images.all()) == [second]
    import os

    assert not os.path.exists(path)
    actions = list(north_exercise.revisions.order_by("id").values_list("action", flat=True))
    assert actions == ["image_changed", "image_changed", "image_removed"]


def test_a_bad_description_edit_keeps_the_text_and_explains(admin_client_, north_exercise):
    image = ExerciseImageFactory(exercise=north_exercise)
    response = admin_client_.post(
        f"/exercises/images/{image.pk}/edit/", {f"image-{image.pk}-description": "x" * 250}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters (it has 250)." in html
    assert "x" * 250 in html


text = st.text(max_size=300).map(lambda value: value.replace("\x00", ""))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(description=text, flag=text, payload=st.binary(max_size=2000), direction=text)
def test_photo_forms_never_fail_with_a_500(
    admin_client_, north_exercise, description, flag, payload, direction
):
    image = ExerciseImageFactory(exercise=north_exercise)
    response = upload(
        admin_client_,
        north_exercise,
        image=SimpleUploadedFile("x.png", payload, "image/png"),
        description=description,
        use_instead_of_drawing=flag,
    )
    assert response.status_code in (200, 302)
    prefix = f"image-{image.pk}-"
    response = admin_client_.post(
        f"/exercises/images/{image.pk}/edit/",
        {f"{prefix}description": description, f"{prefix}use_instead_of_drawing": flag},
    )
    assert response.status_code in (200, 302)
    response = admin_client_.post(f"/exercises/images/{image.pk}/move/", {"direction": direction})
    assert response.status_code == 302
