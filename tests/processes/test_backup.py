"""`make backup-check`: a dump of the database restores into a scratch database with the
same rows in every table (the restore the README promises is tested, not assumed)."""

import pytest

from lbp_clinic import backup

pytestmark = [pytest.mark.processes, pytest.mark.django_db(transaction=True)]


def test_a_dump_restores_with_every_row(patient, capsys):
    assert backup.check() == 0
    out = capsys.readouterr().out
    assert "Restore check passed" in out
    assert "restored into test_" in out
