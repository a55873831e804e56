"""The ICD-10-CM diagnosis codes a low back pain plan of care offers, and searching them.

Titles are short plain descriptions (ICD-10-CM titles are public domain); keywords are the
words clinicians type when looking for a code. M54.5 (low back pain) was deleted on
1 October 2021 and split into M54.50, M54.51 and M54.59, so it is never offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Icd10Code:
    code: str
    title: str
    keywords: tuple[str, ...] = ()


CODES: tuple[Icd10Code, ...] = (
    Icd10Code("M54.50", "Low back pain, unspecified", ("lbp", "lumbago", "backache")),
    Icd10Code(
        "M54.51",
        "Vertebrogenic low back pain",
        ("lbp", "endplate", "modic", "vertebral endplate pain"),
    ),
    Icd10Code("M54.59", "Other low back pain", ("lbp", "lumbago", "backache")),
    Icd10Code(
        "M54.40",
        "Lumbago with sciatica, unspecified side",
        ("low back pain", "lbp", "leg pain"),
    ),
    Icd10Code(
        "M54.41",
        "Lumbago with sciatica, right side",
        ("low back pain", "lbp", "leg pain", "right leg"),
    ),
    Icd10Code(
        "M54.42",
        "Lumbago with sciatica, left side",
        ("low back pain", "lbp", "leg pain", "left leg"),
    ),
    Icd10Code(
        "M54.16",
        "Radiculopathy, lumbar region",
        ("nerve root", "radicular", "pinched nerve", "sciatica", "leg pain"),
    ),
    Icd10Code(
        "M54.17",
        "Radiculopathy, lumbosacral region",
        ("nerve root", "radicular", "pinched nerve", "sciatica", "leg pain"),
    ),
    Icd10Code(
        "M51.16",
        "Disc disorder with radiculopathy, lumbar region",
        ("intervertebral disc", "herniation", "prolapse", "slipped disc", "sciatica"),
    ),
    Icd10Code(
        "M51.17",
        "Disc disorder with radiculopathy, lumbosacral region",
        ("intervertebral disc", "herniation", "prolapse", "slipped disc", "sciatica"),
    ),
    Icd10Code(
        "M51.26",
        "Disc displacement, lumbar region",
        ("intervertebral disc", "herniation", "prolapse", "bulge", "slipped disc"),
    ),
    Icd10Code(
        "M47.816",
        "Spondylosis of the lumbar spine, without myelopathy or radiculopathy",
        ("osteoarthritis", "arthritis", "facet joint", "degenerative"),
    ),
    Icd10Code(
        "M48.061",
        "Spinal stenosis, lumbar region, without neurogenic claudication",
        ("narrowing", "canal"),
    ),
    Icd10Code(
        "S33.5XXA",
        "Sprain of lumbar spine ligaments, initial encounter",
        ("injury", "ligament", "acute"),
    ),
    Icd10Code("M62.830", "Muscle spasm of the back", ("spasm", "cramp", "tight muscles")),
    Icd10Code("G89.29", "Other chronic pain", ("persistent pain", "long-term pain")),
)

# Deleted codes a user may still type from habit, with what to use instead.
DELETED_CODES = {"M54.5": ("M54.50", "M54.51", "M54.59")}

CODES_BY_CODE = {entry.code: entry for entry in CODES}

# (value, label) pairs for a form's choices.
CHOICES = [(entry.code, f"{entry.code} {entry.title}") for entry in CODES]


def _compact(code: str) -> str:
    return re.sub(r"[\s.]", "", code).upper()


_CODES_BY_COMPACT = {_compact(entry.code): entry for entry in CODES}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _searchable_words(entry: Icd10Code) -> set[str]:
    return {word for text in (entry.title, *entry.keywords) for word in _words(text)}


_WORDS_BY_CODE = {entry.code: _searchable_words(entry) for entry in CODES}


def get_code(code: str) -> Icd10Code | None:
    """The offered code, accepting any case and the dot or not ('m5450' finds M54.50)."""
    return _CODES_BY_COMPACT.get(_compact(code))


def validate_code(code: str) -> Icd10Code:
    """Like get_code, but a ValueError with a message for a form when it is not offered."""
    entry = get_code(code)
    if entry is not None:
        return entry
    for deleted, replacements in DELETED_CODES.items():
        if _compact(deleted) == _compact(code):
            choices = ", ".join(replacements[:-1]) + f" or {replacements[-1]}"
            raise ValueError(f"{deleted} was deleted from ICD-10-CM in October 2021: use {choices}")
    raise ValueError(f"{code.strip()} is not one of the low back pain codes offered")


def search_codes(query: str) -> list[Icd10Code]:
    """Codes whose code starts with the query (any case, dot optional), or whose title and
    keywords contain every word of the query (as the start of a word: 'sciat' finds
    sciatica). An empty query lists every code."""
    compact = _compact(query)
    words = _words(query)
    if not compact:
        return list(CODES)
    return [
        entry
        for entry in CODES
        if _compact(entry.code).startswith(compact)
        or (
            words
            and all(
                any(candidate.startswith(word) for candidate in _WORDS_BY_CODE[entry.code])
                for word in words
            )
        )
    ]
