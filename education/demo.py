"""Demo data: North Clinic's own handout, published twice, so history and compare show something."""

from django.db import transaction
from django.utils.text import slugify

from education.models import Handout
from education.services import handout_create, handout_publish, handout_save_draft

FIRST = {
    "topic": "pacing",
    "language": "en",
    "title": "Back to the garden, one bed at a time",
    "purpose": "This handout helps you get back to gardening without a big flare-up.",
    "action_steps": [
        "Pick one small job, like weeding one bed.",
        "Set a timer for 20 minutes, then take a break.",
        "Swap tasks often: kneel, stand, then walk.",
    ],
    "body_markdown": (
        "## Start small\n"
        "Gardening is good for your back and your mood. After a break, start with short "
        "jobs. Stop before your back tells you to.\n\n"
        "## Change position often\n"
        "Kneel on a pad for weeding. Stand up to prune. Walk to fetch tools. Moving between "
        "tasks keeps your back from getting stiff.\n\n"
        "## Build up week by week\n"
        "If your back feels fine the next day, add five minutes next time. If it flares up, "
        "go back to what felt OK and build up again.\n"
    ),
    "summary": "Start with short jobs, change position often, and add a little more each week.",
    "references": [
        "George SZ et al. Interventions for the Management of Acute and Chronic Low Back Pain: "
        "Revision 2021. J Orthop Sports Phys Ther 2021;51(11):CPG1–CPG60. "
        "doi:10.2519/jospt.2021.0304",
    ],
}
SECOND_CHANGES = {
    "action_steps": [
        "Pick one small job, like weeding one bed.",
        "Set a timer for 20 minutes, then take a short break.",
        "Swap tasks often: kneel, stand, then walk.",
        "Use a cart or wheelbarrow for heavy bags.",
    ],
    "summary": (
        "Start with short jobs, change position often, use a cart for heavy loads, and add "
        "a little more each week."
    ),
}


@transaction.atomic
def load_demo_handouts(clinics, users):
    north = clinics["North Clinic"]
    if Handout.objects.filter(clinic=north, slug=slugify(FIRST["title"])).exists():
        return
    admin = users["admin@north.example"]
    handout = handout_create(clinic=north, user=admin, content=FIRST)
    handout_publish(handout=handout, user=admin)
    handout.refresh_from_db()
    handout = handout_save_draft(
        handout=handout,
        user=admin,
        content={**FIRST, **SECOND_CHANGES},
        revision=handout.revision,
    )
    handout_publish(handout=handout, user=admin)
