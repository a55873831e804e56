"""A published handout version never changes: the database refuses UPDATE and DELETE on it."""

from django.db import migrations

REFUSE = """
CREATE OR REPLACE FUNCTION education_version_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a published handout version never changes: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER education_version_frozen
    BEFORE UPDATE OR DELETE ON education_handoutversion
    FOR EACH ROW EXECUTE FUNCTION education_version_refuse_change();
"""

ALLOW = """
DROP TRIGGER IF EXISTS education_version_frozen ON education_handoutversion;
DROP FUNCTION IF EXISTS education_version_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
