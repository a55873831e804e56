"""Author-written exercise text is plain text: strip any markup before it is stored.

SECURITY 15: exercise text comes from clinic admins and from our library files. It is
kept as plain text (no HTML at all), cleaned here with nh3 before it is stored, and
escaped by the template engine when it is rendered, in pages and in PDFs alike.
"""

import html

import nh3

# Markup hidden behind entities ("&lt;b&gt;") comes back after unescaping: clean again.
MAX_PASSES = 4


def plain_text(value: str) -> str:
    """`value` without tags, comments or script/style content; entities turned to characters."""
    text = value or ""
    for _ in range(MAX_PASSES):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    # A NUL or other control character has no place in a printed sheet.
    text = "".join(c for c in text if c in "\n\t" or c >= " ")
    return text.strip()


def plain_lines(values) -> list[str]:
    """Each item as plain text; items left empty by the cleaning are dropped."""
    lines = (plain_text(value) for value in values or [])
    return [line for line in lines if line]
