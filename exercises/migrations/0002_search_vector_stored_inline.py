"""Keep each exercise's search document in its row (STORAGE MAIN), not in the TOAST table.

A search reads the document of every matching exercise twice (match, then rank). With the
default storage, PostgreSQL moves the largest value of a long row (more than about 2 kB:
an exercise with many steps and notes) out of the row, and the search document is often
that value; each such row then costs two TOAST lookups per search. With MAIN, the long
text columns (steps, cues, notes) leave the row first. The documents already stored out
of the row are written again, so that they move back.
"""

from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models import Case, Value, When

SEARCH_CONFIG = "english"
# The labels as they were when this migration was written (the search document of
# exercises.models.search_vector_expression).
PATTERNS = [
    ("hinge", "Hinge"),
    ("squat", "Squat"),
    ("push", "Push"),
    ("pull", "Pull"),
    ("carry", "Carry"),
    ("anti_extension", "Anti-extension"),
    ("anti_rotation", "Anti-rotation"),
    ("anti_lateral_flexion", "Anti-lateral-flexion"),
    ("locomotion", "Locomotion"),
    ("other", "Other"),
]
CATEGORIES = [
    ("strength", "Strength"),
    ("aerobic", "Aerobic"),
    ("motor_control", "Motor control"),
    ("mobility", "Mobility"),
    ("neural_mobility", "Neural mobility"),
    ("stretch", "Stretch"),
]


def _label(field, choices):
    return Case(
        *[When(**{field: value}, then=Value(label)) for value, label in choices],
        default=Value(""),
        output_field=models.TextField(),
    )


def rewrite_documents(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    tags = models.Func(
        models.F("tags"), Value(" "), function="array_to_string", output_field=models.TextField()
    )
    document = (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(_label("movement_pattern", PATTERNS), weight="A", config=SEARCH_CONFIG)
        + SearchVector(_label("category", CATEGORIES), weight="A", config=SEARCH_CONFIG)
        + SearchVector(tags, weight="B", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="C", config=SEARCH_CONFIG)
    )
    Exercise.objects.update(search_vector=document)


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE exercises_exercise ALTER COLUMN search_vector SET STORAGE MAIN",
            reverse_sql="ALTER TABLE exercises_exercise ALTER COLUMN search_vector SET STORAGE EXTENDED",
        ),
        migrations.RunPython(rewrite_documents, migrations.RunPython.noop),
    ]
