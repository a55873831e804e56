"""Row URLs built from one reverse() per URL name are the URLs reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from exercises.links import exercise_url


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("exercises:detail", ()),
        ("exercises:favourite", ()),
        ("exercises:image", ()),
        ("exercises:drawing", ("pair",)),
        ("exercises:drawing", ("start",)),
    ],
)
@pytest.mark.parametrize("pk", [1, 7, 98765, 10**12])
def test_it_matches_reverse(name, extra, pk):
    assert exercise_url(name, pk, *extra) == reverse(name, args=[pk, *extra])


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/clinic/")
        assert exercise_url("exercises:detail", 5) == "/clinic/exercises/5/"
    finally:
        set_script_prefix("/")
    assert exercise_url("exercises:detail", 5) == "/exercises/5/"
