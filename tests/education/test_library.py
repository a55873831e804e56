"""The shipped handouts load as shared, published handouts; loading again changes nothing."""

import shutil

import pytest

from education.library import HANDOUTS_DIR, LibraryFileError, load_shared_handouts
from education.models import Handout, HandoutVersion, Topic


def snapshot():
    return sorted(
        Handout.objects.values_list("slug", "updated_at", "revision", "current_version_id")
    ), HandoutVersion.objects.count()


def test_it_loads_every_shipped_handout_as_shared_and_published(db):
    result = load_shared_handouts()
    handouts = Handout.objects.with_current_version()
    assert result.created == handouts.count() >= 12
    assert all(h.clinic is None and h.status == "published" for h in handouts)
    assert all(h.current_version.number == 1 for h in handouts)
    assert {h.topic for h in handouts} == set(Topic.values)


def test_a_second_run_changes_nothing(db):
    load_shared_handouts()
    before = snapshot()
    result = load_shared_handouts()
    assert (result.created, result.updated) == (0, 0)
    assert snapshot() == before


def test_a_changed_file_publishes_a_new_version_and_keeps_the_old_text(db, tmp_path):
    folder = tmp_path / "handouts"
    shutil.copytree(HANDOUTS_DIR, folder)
    load_shared_handouts(folder)
    path = folder / "stay-active.toml"
    path.write_text(path.read_text().replace("Keep moving:", "Keep on moving:"))
    result = load_shared_handouts(folder)
    assert (result.created, result.updated) == (0, 1)
    handout = Handout.objects.get(slug="stay-active")
    first, second = handout.versions.order_by("number")
    assert first.title.startswith("Keep moving:")
    assert second.title.startswith("Keep on moving:")
    assert handout.current_version == second


def test_a_broken_file_is_reported_by_name(db, tmp_path):
    (tmp_path / "broken.toml").write_text('slug = "broken"\ntitle = "No topic"\n')
    with pytest.raises(LibraryFileError, match=r"broken\.toml"):
        load_shared_handouts(tmp_path)
