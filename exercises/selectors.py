"""Reads for the exercise library: search, one exercise with what its page needs, history.

Search combines PostgreSQL full-text search (weighted: name, then tags and pattern and
category labels, then summary; any query word may match, each as a prefix so results
come while typing) with trigram similarity on the name, so a typo ("dedlift") still
finds the exercise. Every branch of the filter can use an index (GIN on the search
vector, GIN trigram on the name).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value

from exercises.models import SEARCH_CONFIG, Exercise, ExerciseImage, FavouriteExercise
from lbp_clinic.access import get_scoped_or_404, scoped

# Letters and digits only: nothing that means something to to_tsquery can get through.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40
# Shorter words have too few trigrams to say anything about spelling.
MIN_TRIGRAM_WORD_LENGTH = 4


def search_words(query: str) -> list[str]:
    words = (word.lower()[:MAX_WORD_LENGTH] for word in WORD.findall(query or ""))
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def text_query(words: list[str]) -> SearchQuery:
    """Any of the words, each as a prefix: "back pain hinge" -> back:* | pain:* | hing:*."""
    return SearchQuery(
        " | ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
    )


def search_condition(words: list[str], tsquery: SearchQuery) -> Q:
    """Full-text match, or a name that looks like the query (whole or any one longer word)."""
    condition = Q(search_vector=tsquery) | Q(name__trigram_similar=" ".join(words))
    for word in words:
        if len(word) >= MIN_TRIGRAM_WORD_LENGTH:
            condition |= Q(name__trigram_strict_word_similar=word)
    return condition


def visible_exercises(*, user, include_archived=False):
    """The shared library plus the user's clinic's own exercises."""
    exercises = scoped(Exercise, user, include_shared=True)
    return exercises if include_archived else exercises.active()


def exercise_search(
    *,
    user,
    query: str = "",
    category: str = "",
    pattern: str = "",
    equipment: str = "",
    favourites_only: bool = False,
    include_archived: bool = False,
):
    """The exercises matching the query and filters, best match first (else by name)."""
    exercises = visible_exercises(user=user, include_archived=include_archived)
    if category:
        exercises = exercises.filter(category=category)
    if pattern:
        exercises = exercises.filter(movement_pattern=pattern)
    if equipment:
        exercises = exercises.filter(equipment__contains=[equipment])
    favourites = FavouriteExercise.objects.filter(user=user, exercise=OuterRef("pk"))
    if favourites_only:
        exercises = exercises.filter(Exists(favourites))

    words = search_words(query)
    if words:
        phrase = " ".join(words)
        tsquery = text_query(words)
        exercises = (
            exercises.filter(search_condition(words, tsquery))
            .annotate(
                rank=SearchRank(F("search_vector"), tsquery) + TrigramSimilarity("name", phrase)
            )
            .order_by("-rank", "name", "id")
        )
    else:
        exercises = exercises.annotate(rank=Value(0.0)).order_by("name", "id")

    return exercises.annotate(is_favourite=Exists(favourites)).prefetch_related(
        Prefetch("images", queryset=ExerciseImage.objects.order_by("position", "id"))
    )


def exercise_detail(*, user, pk) -> Exercise:
    """One exercise the user may see (shared or their clinic's), archived ones included."""
    queryset = (
        Exercise.objects.select_related("regression", "progression", "based_on", "clinic")
        .annotate(
            is_favourite=Exists(
                FavouriteExercise.objects.filter(user=user, exercise=OuterRef("pk"))
            )
        )
        .prefetch_related(
            Prefetch("images", queryset=ExerciseImage.objects.order_by("position", "id"))
        )
    )
    return get_scoped_or_404(queryset, user, include_shared=True, pk=pk)


def own_exercise(*, user, pk) -> Exercise:
    """One of the user's clinic's own exercises (a shared one is a 404: it cannot be edited)."""
    return get_scoped_or_404(Exercise, user, pk=pk)


def exercise_history(*, exercise):
    return exercise.revisions.select_related("user").order_by("-created_at", "-id")


def exercise_images(*, exercise):
    return exercise.images.order_by("position", "id")
