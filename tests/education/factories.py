"""Handouts for tests: content that passes every publishing check, and quick ways to publish."""

from education.services import handout_create, handout_publish, handout_save_draft

GOOD_CONTENT = {
    "topic": "staying_active",
    "language": "en",
    "title": "Walk a little every day",
    "purpose": "This handout helps you start walking again after back pain.",
    "action_steps": ["Walk for 5 minutes today.", "Add 1 minute every other day."],
    "body_markdown": (
        "## Why walking helps\nWalking keeps your back moving. It is safe and free.\n\n"
        "## How to start\nStart with a short walk. Go a bit further each week.\n"
    ),
    "summary": "Walking is safe and helps your back. Start small and build up.",
    "references": ["Oliveira CB et al. Eur Spine J 2018;27(11):2791–2803."],
}


def content(**changes):
    return {**GOOD_CONTENT, **changes}


def draft_handout(*, clinic, user, **changes):
    return handout_create(clinic=clinic, user=user, content=content(**changes))


def published_handout(*, clinic, user, **changes):
    handout = draft_handout(clinic=clinic, user=user, **changes)
    handout_publish(handout=handout, user=user)
    handout.refresh_from_db()
    return handout


def republish(handout, *, user, **changes):
    """Edit a published handout and publish it again: a new version."""
    handout.refresh_from_db()
    current = {field: getattr(handout, field) for field in GOOD_CONTENT}
    edited = handout_save_draft(
        handout=handout, user=user, content={**current, **changes}, revision=handout.revision
    )
    version = handout_publish(handout=edited, user=user)
    edited.refresh_from_db()
    return edited, version
