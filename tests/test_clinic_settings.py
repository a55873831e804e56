"""Clinic settings and the logo upload (SECURITY 16: images checked by content, re-encoded)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lbp_clinic.images import clean_uploaded_image
from tests.conftest import client_for


def image_bytes(fmt="JPEG", size=(40, 30), exif=None):
    out = io.BytesIO()
    image = Image.new("RGB", size, (10, 120, 120))
    kwargs = {"exif": exif} if exif else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def clinic_data(**extra):
    return {
        "name": "North Clinic",
        "address": "1 Road",
        "phone": "555",
        "email": "",
        "units": "lb",
        **extra,
    }


def test_admin_updates_the_clinic_and_uploads_a_logo(clinic_admin, clinic):
    client = client_for(clinic_admin)
    logo = SimpleUploadedFile("logo.jpg", image_bytes(), content_type="image/jpeg")
    response = client.post("/staff/clinic/", clinic_data(logo=logo))
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.units == "lb"
    assert clinic.logo.name.endswith(".jpg")
    served = client.get("/staff/clinic/logo/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"


def test_a_file_that_is_not_an_image_is_refused_and_the_input_kept(clinic_admin):
    fake = SimpleUploadedFile("logo.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    response = client_for(clinic_admin).post(
        "/staff/clinic/", clinic_data(name="Renamed", logo=fake)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is not an image we can read." in html
    assert 'value="Renamed"' in html


def test_exif_is_stripped_by_re_encoding():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera maker
    upload = SimpleUploadedFile("p.jpg", image_bytes(exif=exif.tobytes()))
    cleaned = clean_uploaded_image(upload)
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert not image.getexif()
    assert b"SecretCam" not in cleaned.open().read()


def test_too_many_pixels_is_refused():
    from django.core.exceptions import ValidationError

    upload = SimpleUploadedFile("big.png", image_bytes("PNG", size=(600, 500)))
    with pytest.raises(ValidationError, match="too many pixels"):
        clean_uploaded_image(upload, max_pixels=200_000)


def test_too_large_a_file_is_refused():
    from django.core.exceptions import ValidationError

    upload = SimpleUploadedFile("big.jpg", image_bytes())
    with pytest.raises(ValidationError, match="larger than"):
        clean_uploaded_image(upload, max_bytes=100)


def test_logo_is_not_public(client, clinic):
    assert client.get("/staff/clinic/logo/").status_code == 302
    assert client.get("/media/clinic-logos/logo.jpg").status_code in (302, 404)
