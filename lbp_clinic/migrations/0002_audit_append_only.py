"""Make the audit log append-only in the database itself, and enable the search extensions."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

REFUSE = """
CREATE OR REPLACE FUNCTION lbp_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER lbp_audit_append_only
    BEFORE UPDATE OR DELETE ON lbp_clinic_auditevent
    FOR EACH ROW EXECUTE FUNCTION lbp_audit_refuse_change();
"""

ALLOW = """
DROP TRIGGER IF EXISTS lbp_audit_append_only ON lbp_clinic_auditevent;
DROP FUNCTION IF EXISTS lbp_audit_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("lbp_clinic", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(REFUSE, ALLOW),
    ]
