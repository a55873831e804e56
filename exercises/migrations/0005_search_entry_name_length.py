"""The search table stores each name's length (a tie-break of the ranking), worked out by
PostgreSQL on every write: a generated column, so the trigger of 0003 needs no change."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exercises', '0004_search_entry_name_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='name_length',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Length('name'), output_field=models.IntegerField()),
        ),
    ]
