"""Checks of a handout's structure against the PEMAT-P items a document can show by itself.

PEMAT-P (AHRQ) asks, among others: is the purpose clear, is the language everyday, is the
text chunked under headers, is there a summary, are there concrete actions broken into
steps, does it speak to the reader. Pure functions, no Django: the author screen shows the
result as a checklist, publishing refuses what is missing, and a test runs every shipped
handout through them.
"""

import re
from dataclasses import dataclass

from education.readability import MAX_GRADE, markdown_to_prose

# Pathoanatomical words that frighten (CLINICAL.md): allowed only to defuse them.
SCARE_WORDS = (
    "degenerat",
    "slipped disc",
    "slipped disk",
    "wear and tear",
    "out of place",
    "crumbling",
    "disintegrat",
    "bone on bone",
    "ruptured disc",
)
# A defusing sentence names the word in quotes and says it is not what it sounds like.
DEFUSING_CUE = re.compile(
    r"\b(not|cannot|can't|don't|doesn't|isn't|no|normal|common|scary|myth|only words)\b", re.I
)
QUOTED = re.compile(r"[\"“”'‘’]")
MIN_HEADERS = 2
MAX_SECTION_WORDS = 200
MAX_ACTION_STEPS = 7
MAX_STEP_WORDS = 30


@dataclass(frozen=True)
class Check:
    item: str
    passed: bool
    advice: str
    required_to_publish: bool = False


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def scare_word_sentences(text: str) -> list[str]:
    """Sentences that use a scare word without defusing it."""
    found = []
    for sentence in sentences(markdown_to_prose(text)):
        lowered = sentence.lower()
        if not any(word in lowered for word in SCARE_WORDS):
            continue
        if QUOTED.search(sentence) and DEFUSING_CUE.search(sentence):
            continue
        found.append(sentence)
    return found


def body_sections(body_markdown: str) -> list[str]:
    """The text under each "## " header (the text before the first header too, if any)."""
    parts = re.split(r"^#{1,2}\s.*$", body_markdown, flags=re.M)
    return [part for part in parts if part.strip()]


def handout_checks(
    *,
    title: str,
    purpose: str,
    action_steps: list[str],
    body_markdown: str,
    summary: str,
    readability_grade: float | None,
) -> list[Check]:
    headers = re.findall(r"^#{1,2}\s+\S", body_markdown, flags=re.M)
    longest_section = max(
        (len(section.split()) for section in body_sections(body_markdown)), default=0
    )
    everything = "\n".join([title, purpose, *action_steps, body_markdown, summary])
    scary = scare_word_sentences(everything)
    long_steps = [step for step in action_steps if len(step.split()) > MAX_STEP_WORDS]
    return [
        Check(
            "Purpose",
            bool(purpose.strip()),
            "Say in one line what the handout is for.",
            required_to_publish=True,
        ),
        Check(
            "Action steps",
            1 <= len(action_steps) <= MAX_ACTION_STEPS and not long_steps,
            f"Give 1 to {MAX_ACTION_STEPS} concrete steps, each under {MAX_STEP_WORDS} words.",
            required_to_publish=True,
        ),
        Check(
            "Body",
            bool(body_markdown.strip()),
            "Write the body of the handout.",
            required_to_publish=True,
        ),
        Check(
            "Summary",
            bool(summary.strip()),
            "End with a short summary of the key points.",
            required_to_publish=True,
        ),
        Check(
            "Headers",
            len(headers) >= MIN_HEADERS and longest_section <= MAX_SECTION_WORDS,
            f"Break the body into short sections under “## ” headers "
            f"(at least {MIN_HEADERS}, each under {MAX_SECTION_WORDS} words).",
        ),
        Check(
            "Everyday language",
            readability_grade is not None and readability_grade <= MAX_GRADE,
            f"Keep the reading grade at {MAX_GRADE:.0f} or below: short sentences, common words.",
        ),
        Check(
            "Speaks to the reader",
            bool(re.search(r"\byou(r)?\b", everything, re.I)),
            "Talk to the reader as “you”.",
        ),
        Check(
            "No scare words",
            not scary,
            "Avoid words like “degeneration” or “slipped disc” unless you explain "
            "that they are not what they sound like."
            + (f" Found: “{scary[0][:80]}”" if scary else ""),
        ),
    ]


def pemat_score(checks: list[Check]) -> int:
    """The share of checks passed, in percent (PEMAT's usual pass mark is 70)."""
    if not checks:
        return 0
    return round(100 * sum(check.passed for check in checks) / len(checks))


def missing_for_publishing(checks: list[Check]) -> list[str]:
    return [check.advice for check in checks if check.required_to_publish and not check.passed]
