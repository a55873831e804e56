"""The narrow search table (SearchEntry), filled from the exercises and kept by a trigger.

The trigger copies the searched columns of an exercise on every insert and on every update
that names one of them, in the same transaction, so no way of writing an exercise (save,
bulk_create, bulk_update, update, SQL) can leave the search behind.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

SYNC_SQL = """
ALTER TABLE exercises_searchentry ALTER COLUMN search_vector SET STORAGE MAIN;

CREATE FUNCTION exercises_search_entry_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO exercises_searchentry
        (exercise_id, clinic_id, archived, name, category, movement_pattern, equipment,
         search_vector)
    VALUES (NEW.id, NEW.clinic_id, NEW.archived, NEW.name, NEW.category,
            NEW.movement_pattern, NEW.equipment, NEW.search_vector)
    ON CONFLICT (exercise_id) DO UPDATE SET
        clinic_id = EXCLUDED.clinic_id,
        archived = EXCLUDED.archived,
        name = EXCLUDED.name,
        category = EXCLUDED.category,
        movement_pattern = EXCLUDED.movement_pattern,
        equipment = EXCLUDED.equipment,
        search_vector = EXCLUDED.search_vector;
    RETURN NULL;
END
$$;

CREATE TRIGGER exercises_search_entry_sync
AFTER INSERT OR UPDATE OF
    clinic_id, archived, name, category, movement_pattern, equipment, search_vector
    ON exercises_exercise
FOR EACH ROW EXECUTE FUNCTION exercises_search_entry_sync();

INSERT INTO exercises_searchentry
    (exercise_id, clinic_id, archived, name, category, movement_pattern, equipment, search_vector)
SELECT id, clinic_id, archived, name, category, movement_pattern, equipment, search_vector
FROM exercises_exercise;
"""
UNSYNC_SQL = """
DROP TRIGGER exercises_search_entry_sync ON exercises_exercise;
DROP FUNCTION exercises_search_entry_sync();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0002_search_vector_stored_inline"),
        ("lbp_clinic", "0002_audit_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "exercise",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="exercises.exercise",
                    ),
                ),
                ("archived", models.BooleanField()),
                ("name", models.CharField(max_length=120)),
                ("category", models.CharField(max_length=20)),
                ("movement_pattern", models.CharField(max_length=24)),
                (
                    "equipment",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=24)
                    ),
                ),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                (
                    "clinic",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="lbp_clinic.clinic",
                    ),
                ),
            ],
            options={
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["search_vector"], name="search_entry_vector"
                    )
                ],
            },
        ),
        migrations.RunSQL(SYNC_SQL, reverse_sql=UNSYNC_SQL),
    ]
