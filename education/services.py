"""Writes to handouts: create, save the working copy, publish a version, archive, duplicate.

Every write is one transaction. Publishing and archiving are recorded in the audit log
(handouts are not patient data, but who published what a patient reads matters).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from education.models import Handout, HandoutVersion
from education.quality import handout_checks, missing_for_publishing
from lbp_clinic.audit import audit_record
from lbp_clinic.models import AuditEvent

# The fields an author writes; a version freezes exactly these.
CONTENT_FIELDS = (
    "topic",
    "language",
    "title",
    "purpose",
    "body_markdown",
    "action_steps",
    "summary",
    "references",
)


class EditConflict(Exception):
    """Someone else saved the handout after this form was opened."""


def content_of(source) -> dict:
    """The authored content of a handout's working copy or of a version."""
    return {field: getattr(source, field) for field in CONTENT_FIELDS}


def checks_for(source) -> list:
    return handout_checks(
        title=source.title,
        purpose=source.purpose,
        action_steps=source.action_steps,
        body_markdown=source.body_markdown,
        summary=source.summary,
        readability_grade=source.readability_grade,
    )


def unique_slug(*, clinic, title: str, exclude_id=None) -> str:
    base = (slugify(title) or "handout")[:70].strip("-") or "handout"
    taken = set(
        Handout.objects.filter(clinic=clinic, slug__startswith=base)
        .exclude(pk=exclude_id)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _differs_from_current(handout: Handout) -> bool:
    if handout.current_version is None:
        return True
    return content_of(handout) != content_of(handout.current_version)


@transaction.atomic
def handout_create(*, clinic, user, content: dict, duplicated_from=None) -> Handout:
    """A new draft handout of the clinic."""
    handout = Handout(
        clinic=clinic,
        slug=unique_slug(clinic=clinic, title=content["title"]),
        status=Handout.Status.DRAFT,
        has_unpublished_changes=True,
        duplicated_from=duplicated_from,
        updated_by=user,
        **content,
    )
    handout.full_clean(exclude=["slug"])
    handout.save()
    return handout


@transaction.atomic
def handout_save_draft(*, handout: Handout, user, content: dict, revision: int) -> Handout:
    """Save the working copy. Raises EditConflict if it changed since `revision` was read."""
    locked = (
        Handout.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=handout.pk)
    )
    if locked.revision != revision:
        raise EditConflict(
            "Someone else saved this handout while you were editing it. "
            "Your text is still in the form below: compare it with the saved handout, "
            "then save again."
        )
    for field, value in content.items():
        setattr(locked, field, value)
    locked.has_unpublished_changes = _differs_from_current(locked)
    locked.revision += 1
    locked.updated_at = timezone.now()
    locked.updated_by = user
    locked.full_clean(exclude=["slug"])
    locked.save()
    return locked


def _next_version(handout: Handout, user) -> HandoutVersion:
    latest = handout.versions.aggregate(latest=Max("number"))["latest"] or 0
    return HandoutVersion.objects.create(
        handout=handout,
        number=latest + 1,
        published_at=timezone.now(),
        published_by=user,
        **content_of(handout),
    )


@transaction.atomic
def handout_publish(*, handout: Handout, user, request=None) -> HandoutVersion:
    """Freeze the working copy as the next version and make it the one patients get.

    Raises ValidationError listing what a handout needs before patients can have it.
    Publishing an unchanged handout makes no new version.
    """
    locked = (
        Handout.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=handout.pk)
    )
    missing = missing_for_publishing(checks_for(locked))
    if missing:
        raise ValidationError(missing)
    if _differs_from_current(locked):
        version = _next_version(locked, user)
        locked.current_version = version
    else:
        version = locked.current_version
    locked.status = Handout.Status.PUBLISHED
    locked.has_unpublished_changes = False
    locked.updated_at = timezone.now()
    locked.updated_by = user
    locked.save()
    audit_record(
        action=AuditEvent.Action.UPDATE,
        user=user,
        request=request,
        obj=locked,
        detail={"event": "handout published", "version": version.number, "title": version.title},
    )
    return version


@transaction.atomic
def handout_set_archived(*, handout: Handout, user, archived: bool, request=None) -> Handout:
    """Archive (no longer offered for new plans; given versions stay) or restore a handout."""
    locked = Handout.objects.select_for_update().get(pk=handout.pk)
    if archived:
        locked.status = Handout.Status.ARCHIVED
    else:
        has_version = locked.current_version_id is not None
        locked.status = Handout.Status.PUBLISHED if has_version else Handout.Status.DRAFT
    locked.updated_at = timezone.now()
    locked.updated_by = user
    locked.save()
    audit_record(
        action=AuditEvent.Action.UPDATE,
        user=user,
        request=request,
        obj=locked,
        detail={"event": "handout archived" if archived else "handout restored"},
    )
    return locked


def handout_duplicate(*, source: Handout, clinic, user) -> Handout:
    """A clinic's own draft copy of a handout (usually a shared one), to adapt and publish."""
    version = source.current_version
    content = content_of(version or source)
    return handout_create(clinic=clinic, user=user, content=content, duplicated_from=version)
