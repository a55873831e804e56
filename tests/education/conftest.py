"""Handout fixtures: a shared one, North's own (published, draft), South's own."""

import pytest

from tests.education.factories import draft_handout, published_handout


@pytest.fixture
def shared_handout(db):
    return published_handout(
        clinic=None, user=None, title="Sleep and your back", topic="lifestyle_sleep"
    )


@pytest.fixture
def north_handout(clinic, clinic_admin):
    return published_handout(clinic=clinic, user=clinic_admin, title="North walking guide")


@pytest.fixture
def north_draft(clinic, clinic_admin):
    return draft_handout(
        clinic=clinic, user=clinic_admin, title="North draft on pacing", topic="pacing"
    )


@pytest.fixture
def south_handout(other_clinic, outsider_admin):
    return published_handout(clinic=other_clinic, user=outsider_admin, title="South secret guide")
