"""A database sequence for generated medical record numbers (services.next_mrn)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS patients_mrn_seq START 1001;",
            "DROP SEQUENCE IF EXISTS patients_mrn_seq;",
        ),
    ]
