"""Commands: load_library (via the AppConfig hook), the demo loader, preview_handouts."""

import io
import shutil

import pytest
from django.core.management import call_command

from education.models import Handout, HandoutVersion
from lbp_clinic.demo import load_demo_data


def test_load_library_loads_the_handouts_once(db):
    out = io.StringIO()
    call_command("load_library", stdout=out)
    assert "Handouts: 13 added" in out.getvalue()
    call_command("load_library", stdout=out)
    assert "0 added, 0 given a new version, 13 unchanged" in out.getvalue()
    assert Handout.objects.filter(clinic__isnull=True).count() == 13


def test_the_demo_gives_north_a_handout_with_two_versions_once(db):
    load_demo_data()
    load_demo_data()
    handout = Handout.objects.get(clinic__name="North Clinic")
    assert handout.current_version.number == 2
    assert HandoutVersion.objects.count() == 2


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_preview_handouts_writes_pdfs_and_pngs(db, tmp_path):
    call_command("load_library", stdout=io.StringIO())
    out = io.StringIO()
    call_command("preview_handouts", str(tmp_path), "--slug", "hurt-is-not-harm", stdout=out)
    assert (tmp_path / "hurt-is-not-harm.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "hurt-is-not-harm-large.pdf").exists()
    assert (tmp_path / "hurt-is-not-harm-1.png").exists()
    assert (tmp_path / "hurt-is-not-harm-large-1.png").exists()
    assert "Wrote 1 handouts" in out.getvalue()
