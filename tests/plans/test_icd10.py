"""ICD-10-CM code list and search."""

import pytest

from plans.icd10 import CHOICES, CODES, get_code, search_codes, validate_code

CLINICAL_GUIDE_CODES = {
    "M54.50",
    "M54.51",
    "M54.59",
    "M54.40",
    "M54.41",
    "M54.42",
    "M54.16",
    "M54.17",
    "M51.16",
    "M51.17",
    "M51.26",
    "M47.816",
    "M48.061",
    "S33.5XXA",
    "M62.830",
    "G89.29",
}


def codes(results):
    return [entry.code for entry in results]


def test_it_offers_exactly_the_codes_in_the_clinical_guide():
    assert {entry.code for entry in CODES} == CLINICAL_GUIDE_CODES
    assert len(CODES) == len(CLINICAL_GUIDE_CODES)


def test_every_code_has_a_title_and_keywords():
    for entry in CODES:
        assert entry.title
        assert entry.keywords


def test_choices_pair_the_code_with_its_title():
    assert ("M54.50", "M54.50 Low back pain, unspecified") in CHOICES


@pytest.mark.parametrize("query", ["M54.4", "m54.4", "M544", "m544", " M54.4 "])
def test_search_by_code_prefix_with_or_without_the_dot(query):
    assert codes(search_codes(query)) == ["M54.40", "M54.41", "M54.42"]


@pytest.mark.parametrize("query", ["s33.5xxa", "S335XXA", "s33"])
def test_search_finds_the_sprain_code_with_its_placeholder_letters(query):
    assert codes(search_codes(query)) == ["S33.5XXA"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sciatica left", ["M54.42"]),
        ("Left sciatica", ["M54.42"]),
        ("disc", ["M51.16", "M51.17", "M51.26"]),
        ("stenosis", ["M48.061"]),
        ("sciat right", ["M54.41"]),
        ("spasm", ["M62.830"]),
        ("chronic", ["G89.29"]),
        ("radiculopathy lumbosacral", ["M54.17", "M51.17"]),
        ("vertebrogenic", ["M54.51"]),
        ("sciatica left stenosis", []),
        ("knee", []),
    ],
)
def test_search_by_words_needs_every_word_to_match(query, expected):
    assert codes(search_codes(query)) == expected


def test_empty_search_lists_every_code():
    assert search_codes("") == list(CODES)
    assert search_codes("   ") == list(CODES)


def test_deleted_m54_5_is_never_offered_but_its_replacements_are():
    assert get_code("M54.5") is None
    assert codes(search_codes("M54.5")) == ["M54.50", "M54.51", "M54.59"]
    assert "M54.5" not in {entry.code for entry in CODES}


@pytest.mark.parametrize("code", ["M54.50", "m54.50", "M5450", " m5450 "])
def test_get_code_accepts_any_case_and_the_dot_or_not(code):
    entry = get_code(code)
    assert entry is not None
    assert entry.code == "M54.50"


def test_get_code_for_an_unknown_code_is_none():
    assert get_code("M99.99") is None


def test_validate_code_returns_the_entry():
    assert validate_code("g8929").code == "G89.29"


def test_validate_code_explains_the_deleted_code():
    with pytest.raises(ValueError, match=r"M54.5 was deleted.*M54.50, M54.51 or M54.59"):
        validate_code("m545")


def test_validate_code_rejects_codes_not_offered():
    with pytest.raises(ValueError, match=r"M99.99 is not one of the low back pain codes"):
        validate_code("M99.99")
