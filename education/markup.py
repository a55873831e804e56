"""Author-written Markdown to safe HTML: Markdown, then an nh3 allow-list (SECURITY 15).

`render_markdown` runs when a handout is saved (the sanitised HTML is what we store) and
`sanitize_html` runs again on every render, so a row written around the model (a bulk
insert, a restored backup) still cannot put markup or URLs of its own on a page or a PDF.

Links and images may point only at our own files: root-relative "/static/..." paths, and
"/media/handouts/..." (the rest of /media/ holds each clinic's own uploads, which another
clinic's handout must not be able to print). Everything else is dropped: javascript:,
data:, file:, http(s) to any host, protocol-relative "//host", "..", backslashes.
"""

import html
import re
import xml.etree.ElementTree as ET

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "img",
    "br",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
# Whole elements (with their text) that never belong in a handout.
DROPPED_WITH_CONTENT = {"script", "style", "svg", "math", "template", "object", "iframe", "title"}
ALLOWED_URL_PREFIXES = ("/static/", "/media/handouts/")
SAFE_PATH = re.compile(r"^/[A-Za-z0-9._~/-]+$")
# nh3 keeps an <img> whose src it removed; an image with nowhere to come from is dropped.
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# Python-Markdown scans ahead from every "[" for a link: time grows with brackets x length.
# The author form refuses more than this (with a message); rendering then skips Markdown.
MAX_MARKDOWN_CHARS = 20_000
MAX_SQUARE_BRACKETS = 50


def is_our_file(url: str) -> bool:
    """True for a plain root-relative path to one of our static or handout media files."""
    url = url.strip()
    if not SAFE_PATH.match(url) or "//" in url:
        return False
    if any(part in {".", ".."} for part in url.split("/")):
        return False
    return url.startswith(ALLOWED_URL_PREFIXES)


def _keep_only_our_urls(tag: str, attribute: str, value: str) -> str | None:
    if attribute in {"href", "src"}:
        return value.strip() if is_our_file(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_only_our_urls,
    url_schemes=set(),
    strip_comments=True,
    link_rel="noopener noreferrer",
)


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URLs. Safe to run twice."""
    cleaned = _CLEANER.clean(html or "")
    return IMAGE_WITHOUT_SOURCE.sub("", cleaned)


LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])\s+\S")


def _blank_line_before_lists(markdown_text: str) -> str:
    """Let a list start right under a sentence, as people type it ("You need:" then "- ...").

    Python-Markdown only starts a list after a blank line; without one the items would be
    glued into the sentence above as plain text.
    """
    lines: list[str] = []
    in_list = False
    for line in markdown_text.splitlines():
        if LIST_ITEM.match(line):
            if lines and lines[-1].strip() and not in_list:
                lines.append("")
            in_list = True
        elif not line.strip():
            in_list = False
        lines.append(line)
    return "\n".join(lines)


class _HeadingLevels(Treeprocessor):
    """A handout's page title is its h1, so "# Header" becomes h2 and h5/h6 become h4."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            elif element.tag in {"h5", "h6"}:
                element.tag = "h4"


class _HandoutExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_HeadingLevels(md), "handout_heading_levels", 5)


def render_markdown(markdown_text: str) -> str:
    """Markdown to sanitised HTML (what a handout stores and shows)."""
    text = (markdown_text or "")[:MAX_MARKDOWN_CHARS]
    if text.count("[") > MAX_SQUARE_BRACKETS:
        # Too slow for Markdown: show the words as plain paragraphs instead.
        paragraphs = (part.strip() for part in re.split(r"\n\s*\n", text))
        return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs if part)
    converter = markdown.Markdown(extensions=[_HandoutExtension(), "sane_lists"])
    return sanitize_html(converter.convert(_blank_line_before_lists(text)))
