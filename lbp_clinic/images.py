"""Uploaded images: checked by content, limited in size and pixels, re-encoded without EXIF."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def clean_uploaded_image(upload, *, max_bytes=MAX_UPLOAD_BYTES, max_pixels=MAX_PIXELS):
    """Return a re-encoded copy of `upload` (PNG or JPEG) or raise ValidationError.

    The file name and the browser's content type are ignored: Pillow decides what it is.
    Re-encoding drops EXIF (location, camera) and anything hidden after the image data.
    """
    if upload.size > max_bytes:
        raise ValidationError(f"The image is larger than {max_bytes // (1024 * 1024)} MB.")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG, WebP or GIF image.")
            if width * height > max_pixels:
                raise ValidationError(
                    f"The image has too many pixels ({width} x {height}); "
                    f"the limit is {max_pixels // 1_000_000} megapixels."
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            has_alpha = image.mode in ("RGBA", "LA", "P")
            out = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise ValidationError("This file is not an image we can read.") from error
    base = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    safe_base = "".join(c for c in base if c.isalnum() or c in "-_")[:40] or "image"
    return ContentFile(out.getvalue(), name=f"{safe_base}.{extension}")
