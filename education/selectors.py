"""Reads of handouts for the current user: the library, one handout, its versions.

Staff see the shared library and their own clinic's handouts. Therapists and front desk
see only what patients can be given (published, or archived when reached by link);
clinic admins also see drafts. Another clinic's handout is a 404.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import Http404

from education.models import Handout, HandoutVersion, Topic
from lbp_clinic.access import get_scoped_or_404, scoped


class StatusFilter:
    CURRENT = ""  # drafts and published: what an admin works on
    DRAFT = Handout.Status.DRAFT
    PUBLISHED = Handout.Status.PUBLISHED
    ARCHIVED = Handout.Status.ARCHIVED
    ALL = "all"
    CHOICES = [
        (CURRENT, "Drafts and published"),
        (PUBLISHED, "Published"),
        (DRAFT, "Drafts"),
        (ARCHIVED, "Archived"),
        (ALL, "All"),
    ]


# Topics in the order a plan of care usually covers them (the order of Topic).
TOPIC_ORDER = Case(
    *(When(topic=topic, then=Value(index)) for index, topic in enumerate(Topic.values)),
    default=Value(len(Topic.values)),
    output_field=IntegerField(),
)


# The list shows titles, purposes and facts: the long texts stay in the database.
LIST_DEFERRED = [
    f"{prefix}{field}"
    for prefix in ("", "current_version__")
    for field in ("body_markdown", "body_html", "action_steps", "summary", "references")
] + ["search_vector"]


def library_handouts(*, user, query: str = "", topic: str = "", status: str = ""):
    """The handouts the library lists for `user`, best matches first when searching."""
    handouts = (
        scoped(Handout, user, include_shared=True).with_current_version().defer(*LIST_DEFERRED)
    )
    if not user.is_clinic_admin:
        handouts = handouts.published()
    elif status == StatusFilter.CURRENT:
        handouts = handouts.exclude(status=Handout.Status.ARCHIVED)
    elif status != StatusFilter.ALL:
        handouts = handouts.filter(status=status)
    if topic:
        handouts = handouts.filter(topic=topic)
    query = query.strip()
    if query:
        search = SearchQuery(query, search_type="websearch", config="english")
        handouts = (
            handouts.filter(Q(search_vector=search) | Q(title__icontains=query))
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "title", "pk")
        )
    else:
        handouts = handouts.order_by(TOPIC_ORDER, "title", "pk")
    return handouts


def handout_for_viewing(*, user, handout_id) -> Handout:
    """A handout the user may read; drafts only for clinic admins of its clinic."""
    queryset = Handout.objects.with_current_version()
    handout = get_scoped_or_404(queryset, user, include_shared=True, pk=handout_id)
    if handout.status == Handout.Status.DRAFT and not user.is_clinic_admin:
        raise Http404("No handout matches the query.")
    return handout


def own_handout(*, user, handout_id) -> Handout:
    """A handout of the user's own clinic (shared ones cannot be edited by a clinic)."""
    queryset = Handout.objects.with_current_version()
    return get_scoped_or_404(queryset, user, pk=handout_id)


def handout_versions(*, handout: Handout):
    return handout.versions.select_related("published_by").order_by("-number")


def handout_version(*, handout: Handout, number) -> HandoutVersion:
    try:
        return handout.versions.select_related("published_by").get(number=int(number))
    except (HandoutVersion.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such version of this handout.") from error
