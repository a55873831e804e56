"""URLs built from one reverse() per route are the URLs reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from lbp_clinic.addresses import address, object_url
from lbp_clinic.context_processors import NAVIGATION
from plans.selectors import BUILDER_URLS


@pytest.mark.parametrize(
    ("name", "extra"), [(name, tuple(extra)) for name, *extra in BUILDER_URLS.values()]
)
@pytest.mark.parametrize("pk", [1, 42, 10**12])
def test_the_builder_urls_match_reverse(name, extra, pk):
    assert object_url(name, pk, *extra) == reverse(name, args=[pk, *extra])


@pytest.mark.parametrize("name", [name for _, name, _ in NAVIGATION])
def test_the_navigation_urls_match_reverse(name):
    assert address(name) == reverse(name)


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/clinic/")
        assert object_url("plans:row-add", 5, "goal") == "/clinic/plans/5/goal/add/"
        assert address("plans:list") == "/clinic/plans/"
    finally:
        set_script_prefix("/")
    assert object_url("plans:row-add", 5, "goal") == "/plans/5/goal/add/"
    assert address("plans:list") == "/plans/"
