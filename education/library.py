"""Load the shared handouts that ship in education/content/handouts/*.toml. Idempotent.

A handout whose file is unchanged (same sha256) is left alone; a changed file updates the
working copy and publishes a new version, so what patients were already given stays as it
was. Shared handouts belong to no clinic and are published by no one (the library).
"""

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from education.models import Handout, Language, Topic
from education.services import handout_publish

HANDOUTS_DIR = Path(__file__).resolve().parent / "content" / "handouts"
REQUIRED_KEYS = (
    "slug",
    "title",
    "topic",
    "language",
    "purpose",
    "action_steps",
    "summary",
    "body",
    "references",
)


class LibraryFileError(ValueError):
    """A handout file that cannot be loaded, with the file and the reason."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def read_handout_file(path: Path) -> tuple[dict, str]:
    """The handout's content (model field names) and the digest of the file's text."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LibraryFileError(f"{path.name}: not valid TOML ({error})") from error
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise LibraryFileError(f"{path.name}: missing {', '.join(missing)}")
    if data["topic"] not in Topic.values:
        raise LibraryFileError(f"{path.name}: unknown topic {data['topic']!r}")
    if data["language"] not in Language.values:
        raise LibraryFileError(f"{path.name}: unknown language {data['language']!r}")
    content = {
        "topic": data["topic"],
        "language": data["language"],
        "title": data["title"].strip(),
        "purpose": data["purpose"].strip(),
        "body_markdown": data["body"].strip() + "\n",
        "action_steps": [step.strip() for step in data["action_steps"]],
        "summary": data["summary"].strip(),
        "references": [reference.strip() for reference in data["references"]],
    }
    return {"slug": data["slug"], **content}, hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def load_shared_handouts(directory: Path = HANDOUTS_DIR) -> LoadResult:
    result = LoadResult()
    for path in sorted(directory.glob("*.toml")):
        content, digest = read_handout_file(path)
        slug = content.pop("slug")
        handout = Handout.objects.filter(clinic__isnull=True, slug=slug).first()
        if handout is not None and handout.library_digest == digest:
            result.unchanged += 1
            continue
        if handout is None:
            handout = Handout(clinic=None, slug=slug)
            result.created += 1
        else:
            result.updated += 1
        for field, value in content.items():
            setattr(handout, field, value)
        handout.library_digest = digest
        handout.updated_at = timezone.now()
        handout.save()
        handout_publish(handout=handout, user=None)
    return result
