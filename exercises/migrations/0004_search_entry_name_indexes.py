"""Indexes of the search table's names: upper-cased, for names that start with a search;
and in order, for the list without a search."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exercises', '0003_search_entry'),
        ('lbp_clinic', '0002_audit_append_only'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('name'), name='text_pattern_ops'), name='search_entry_name_prefix'),
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['name', 'exercise'], name='search_entry_name_order'),
        ),
    ]
