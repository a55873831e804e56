"""factory_boy factories for the exercise library."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exercises.models import Exercise, ExerciseImage


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    clinic = None
    name = factory.Sequence(lambda n: f"Practice lift {n}")
    slug = factory.Sequence(lambda n: f"practice-lift-{n}")
    summary = "You lift a light weight to practise the movement."
    category = "strength"
    movement_pattern = "hinge"
    equipment = factory.LazyFunction(lambda: ["kettlebell"])
    difficulty = "beginner"
    starting_position = "Stand tall with the weight between your feet."
    setup_steps = factory.LazyFunction(lambda: ["Set your feet hip-width apart."])
    movement_steps = factory.LazyFunction(
        lambda: ["Push your hips back.", "Stand up tall.", "Lower the weight."]
    )
    coaching_cues = factory.LazyFunction(lambda: ["Hips back.", "Stand tall."])
    common_mistakes = factory.LazyFunction(lambda: ["Rushing the lift."])
    safety_notes = factory.LazyFunction(lambda: ["Stop if pain spreads down your leg."])
    what_moves = "You go from bent over to standing tall."
    tags = factory.LazyFunction(lambda: ["practice"])
    sets = 3
    reps_min = 8
    reps_max = 12
    load_type = "kg"
    effort_type = "rpe"
    effort_target = 6
    rest_seconds = 90
    days_per_week = 2


def image_bytes(fmt="PNG", size=(40, 30), color=(11, 97, 102), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(buffer, format=fmt, exif=exif)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name="photo.png", fmt="PNG", **kwargs):
    content_type = "image/png" if fmt == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


class ExerciseImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseImage

    exercise = factory.SubFactory(ExerciseFactory)
    image = factory.LazyFunction(lambda: image_upload("stored.png"))
    description = "Standing tall with the weight at the hips"
    position = 0
