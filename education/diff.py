"""A readable word-by-word comparison of two handout versions, field by field, side by side.

Pure Python (difflib): the template shows removed words in <del> on the left and added
words in <ins> on the right, each also labelled in words for screen readers.
"""

import difflib
import re
from dataclasses import dataclass

SAME, REMOVED, ADDED = "same", "removed", "added"
TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")  # spaces, words, each punctuation mark


@dataclass(frozen=True)
class Segment:
    kind: str  # SAME, REMOVED or ADDED
    text: str


@dataclass(frozen=True)
class FieldDiff:
    label: str
    left: list[Segment]
    right: list[Segment]

    @property
    def changed(self) -> bool:
        return any(segment.kind != SAME for segment in (*self.left, *self.right))


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbours of the same kind, so a changed phrase is one <del>, not one per word."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _changed(kind: str, text: str) -> list[Segment]:
    """A changed run, with its outer spaces left unmarked (a marked space reads as a typo)."""
    core = text.strip()
    if not core:
        return [Segment(kind, text)]
    start = text.index(core)
    parts = [
        Segment(SAME, text[:start]),
        Segment(kind, core),
        Segment(SAME, text[start + len(core) :]),
    ]
    return [part for part in parts if part.text]


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The old text with removed words marked, and the new text with added words marked."""
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        old_text = "".join(old_tokens[old_start:old_end])
        new_text = "".join(new_tokens[new_start:new_end])
        if operation == "equal":
            left.append(Segment(SAME, old_text))
            right.append(Segment(SAME, new_text))
            continue
        if old_text:
            left.extend(_changed(REMOVED, old_text))
        if new_text:
            right.extend(_changed(ADDED, new_text))
    return _merge(left), _merge(right)


def _fields(version) -> list[tuple[str, str]]:
    return [
        ("Title", version.title),
        ("Topic", version.get_topic_display()),
        ("Purpose", version.purpose),
        ("What to do", "\n".join(f"- {step}" for step in version.action_steps)),
        ("Body", version.body_markdown.strip()),
        ("Summary", version.summary),
        ("References", "\n".join(version.references)),
    ]


def compare_versions(old, new) -> list[FieldDiff]:
    rows = []
    for (label, old_text), (_, new_text) in zip(_fields(old), _fields(new), strict=True):
        left, right = word_diff(old_text, new_text)
        rows.append(FieldDiff(label, left, right))
    return rows
