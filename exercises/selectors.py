"""Reads for the exercise library: search, one exercise with what its page needs, history.

Search is PostgreSQL full-text search: weighted (name, pattern and category labels, then
tags, then summary), any query word may match, each as a prefix so results come while
typing, ranked. Typos are handled before the text search: each typed word also brings
in the most similar word the exercises use (pg_trgm similarity over the SearchWord
vocabulary, GIN trigram index), so "dedlift" searches for "deadlift" too. Both lookups
are indexed; no per-exercise trigram work, which at 10,000 exercises cost more than the
whole search (see bench/bench_exercises.py).

The library list's search (library_search) is SQL written out, two statements per page;
exercise_search, the same search as a queryset, serves the plan builder.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Value, When
from django.db.models.functions import Left, Length, Upper
from django.db.models.lookups import Exact

from exercises.models import (
    SEARCH_CONFIG,
    Exercise,
    ExerciseImage,
    FavouriteExercise,
)
from lbp_clinic.access import clinic_id_of, get_scoped_or_404, scoped

# Letters and digits only: nothing that means something to to_tsquery can get through.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40
# Shorter words have too few trigrams to say anything about spelling.
MIN_TRIGRAM_WORD_LENGTH = 4
# For each typed word: the word itself when the exercises use it as typed (two probes of
# the unique index of (clinic, word); no correction is needed, and a one-time filter skips
# the trigram lookup), else the closest vocabulary words: `%` is pg_trgm's similarity
# operator (threshold pg_trgm.similarity_threshold, 0.3), answered from the GIN trigram
# index.
CORRECTION_SQL = """
    SELECT typed.word, best.word, best.score
    FROM unnest(%s::text[]) AS typed(word)
    CROSS JOIN (SELECT %s::bigint AS id) AS clinic
    LEFT JOIN LATERAL (
        (
            SELECT known.word FROM exercises_searchword AS known
            WHERE known.clinic_id = clinic.id AND known.word = typed.word
            UNION ALL
            SELECT known.word FROM exercises_searchword AS known
            WHERE known.clinic_id IS NULL AND known.word = typed.word
        )
        LIMIT 1
    ) AS exact ON true
    CROSS JOIN LATERAL (
        SELECT exact.word, 1::real AS score
        WHERE exact.word IS NOT NULL
        UNION ALL
        (
            SELECT known.word, similarity(known.word, typed.word) AS score
            FROM exercises_searchword AS known
            WHERE exact.word IS NULL
                AND (known.clinic_id = clinic.id OR known.clinic_id IS NULL)
                AND known.word %% typed.word
            ORDER BY score DESC, known.word
            LIMIT 3
        )
    ) AS best
"""
# Near-ties are all kept: trigrams sometimes rank a short word first ("deadlfit" is a
# little closer to "dead" than to "deadlift").
NEAR_TIE = 0.1
# The columns a search result shows (name, picture, dosage, badges).
LIST_COLUMNS = (
    "clinic_id",
    "name",
    "slug",  # which drawing to show
    "what_moves",  # the drawing's text alternative
    "category",
    "movement_pattern",
    "archived",
    "sets",
    "reps_min",
    "reps_max",
    "hold_seconds",
    "duration_minutes",
    "effort_type",
    "effort_target",
)


def search_words(query: str) -> list[str]:
    words = (word.lower()[:MAX_WORD_LENGTH] for word in WORD.findall(query or ""))
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def tsquery_text(words: list[str]) -> str:
    """Any of the words, each as a prefix: "back pain hinge" -> back:* | pain:* | hinge:*."""
    return " | ".join(f"{word}:*" for word in words)


def text_query(words: list[str]) -> SearchQuery:
    return SearchQuery(tsquery_text(words), search_type="raw", config=SEARCH_CONFIG)


def corrected_words(*, clinic_id: int, words: list[str]) -> list[str]:
    """For each longer misspelt query word, the closest words the clinic's exercises use.

    "dedlift" -> "deadlift", "romanain" -> "romanian"; a word the exercises use as typed
    needs no correction. One indexed query over the vocabulary (SearchWord), whatever
    the size of the library.
    """
    longer = [word for word in words if len(word) >= MIN_TRIGRAM_WORD_LENGTH]
    if not longer:
        return []
    with connection.cursor() as cursor:
        cursor.execute(CORRECTION_SQL, [longer, clinic_id])
        rows = cursor.fetchall()
    corrections = []
    for typed in longer:
        matches = [(known, score) for word, known, score in rows if word == typed]
        if not matches or any(known == typed for known, _ in matches):
            continue
        best = max(score for _, score in matches)
        corrections += [known for known, score in matches if score >= best - NEAR_TIE]
    # Vocabulary words are letters and digits already; checked again before a tsquery.
    return [word for word in dict.fromkeys(corrections) if WORD.fullmatch(word)]


def visible_exercises(*, user, include_archived=False):
    """The shared library plus the user's clinic's own exercises."""
    exercises = scoped(Exercise, user, include_shared=True)
    return exercises if include_archived else exercises.active()


@dataclass(frozen=True)
class SearchTerms:
    """What was typed, as searched: the words, and those with their typo corrections."""

    words: list[str]
    searched: list[str]

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def tsquery(self) -> SearchQuery | None:
        return text_query(self.searched) if self.searched else None


def search_terms(*, user, query: str) -> SearchTerms:
    """The query's words and, for misspelt ones, the words the exercises use (one query)."""
    words = search_words(query)
    if not words:
        return SearchTerms(words=[], searched=[])
    known = corrected_words(clinic_id=clinic_id_of(user), words=words)
    return SearchTerms(words=words, searched=list(dict.fromkeys([*words, *known])))


def _ranked(queryset, terms: SearchTerms):
    """Best match first (else by name). Works on Exercise and SearchEntry alike.

    An exercise named just what was typed comes before its variations: a bonus for a name
    that is the phrase (1) or starts with it (0.5), case-insensitive. Only the name's first
    len(phrase) letters are upper-cased: upper() on every matching name cost 10 ms at
    10,000 exercises. (The phrase is letters, digits and spaces, so this is the same as
    UPPER(name) = UPPER(phrase) and UPPER(name) LIKE UPPER(phrase) || '%'.)
    """
    if terms.tsquery is None:
        return queryset.annotate(rank=Value(0.0)).order_by("name", "pk")
    phrase = terms.phrase
    name_bonus = Case(
        When(
            Exact(Upper(Left("name", len(phrase))), Upper(Value(phrase))),
            then=Case(
                When(Exact(Length("name"), len(phrase)), then=Value(1.0)),
                default=Value(0.5),
            ),
        ),
        default=Value(0.0),
    )
    return queryset.annotate(
        rank=SearchRank(F("search_vector"), terms.tsquery) + name_bonus
    ).order_by(
        # Among equals, the plain exercise before its longer-named variations.
        "-rank",
        Length("name"),
        "name",
        "pk",  # the exercise's id, in either table
    )


def _matching(
    queryset, *, user, terms, category, pattern, equipment, favourites_only, include_archived
):
    """The rows of an (already clinic-scoped) Exercise or SearchEntry queryset that match."""
    if not include_archived:
        queryset = queryset.filter(archived=False)
    if category:
        queryset = queryset.filter(category=category)
    if pattern:
        queryset = queryset.filter(movement_pattern=pattern)
    if equipment:
        queryset = queryset.filter(equipment__contains=[equipment])
    if favourites_only:
        # A SearchEntry's pk is its exercise's id.
        queryset = queryset.filter(
            Exists(FavouriteExercise.objects.filter(user=user, exercise=OuterRef("pk")))
        )
    if terms.tsquery is not None:
        queryset = queryset.filter(search_vector=terms.tsquery)
    return _ranked(queryset, terms)


def _for_display(exercises, *, user):
    """Only what a result shows (name, picture, dosage, badges, favourite star)."""
    favourites = FavouriteExercise.objects.filter(user=user, exercise=OuterRef("pk"))
    return (
        exercises.only(*LIST_COLUMNS)
        .annotate(is_favourite=Exists(favourites))
        .prefetch_related(
            Prefetch("images", queryset=ExerciseImage.objects.order_by("position", "id"))
        )
    )


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
    """The exercises matching the query and filters, best match first (else by name).

    A queryset of exercises to filter further or slice (the plan builder's search). The
    library list pages through library_search() instead, which ranks in the narrow
    search table; both use the same filters and ranking (tests/exercises/test_list_view.py
    compares them page by page).
    """
    exercises = _matching(
        scoped(Exercise, user, include_shared=True),
        user=user,
        terms=search_terms(user=user, query=query),
        category=category,
        pattern=pattern,
        equipment=equipment,
        favourites_only=favourites_only,
        include_archived=include_archived,
    )
    return _for_display(exercises, user=user)


# The library list's search, written out in SQL: building and compiling the same statements
# with the ORM took longer than PostgreSQL took to run them (bench/bench_exercises.py).
# {conditions} are chosen from PAGE_CONDITIONS, never from input; every value is a
# parameter. Either statement gives the count of matches (at most %(cap)s) and the page's
# ids.
#
# With words, the order is _ranked()'s: text rank plus the name bonus (1 for a name that
# is the phrase, 0.5 for one that starts with it, case-insensitive), then the shorter
# name (its stored length), the name, the id. Upper-casing every matching name for the
# bonus cost more than the text rank itself, so only two kinds of match can be on the
# page: the best by rank alone (a bonus only moves a name up) and the names that start
# with the phrase (found by their index; the phrase is letters, digits and spaces, so
# nothing in it is a LIKE wildcard); the bonus, worked out as before, decides among those.
#
# The best by rank go straight from the scan into a top-N sort: keeping every match (to
# count them from the same rows) cost a fifth of a broad search ("back pain hinge": 7,863
# matches at 10,000 exercises). The count reads the matches again, up to the cap, from a
# statement of its own: a materialized one, planned for all its rows (so the planner uses
# the text index when matches are few, instead of a table scan it expects the cap to end
# early) and read only as far as the cap. The price: a search with about a thousand
# matches reads them twice, from the index (~0.5 ms more than keeping them, against ~2.5
# ms less for the broad search).
TEXT_PAGE_SQL = """
    WITH matching AS MATERIALIZED (
        SELECT entry.exercise_id
        FROM exercises_searchentry AS entry
        WHERE (entry.clinic_id = %(clinic)s OR entry.clinic_id IS NULL){conditions}
    ),
    best AS (
        SELECT entry.exercise_id, entry.name, entry.name_length,
            ts_rank(entry.search_vector, to_tsquery(%(config)s, %(tsquery)s)) AS rank
        FROM exercises_searchentry AS entry
        WHERE (entry.clinic_id = %(clinic)s OR entry.clinic_id IS NULL){conditions}
        ORDER BY rank DESC, entry.name_length, entry.name, entry.exercise_id
        LIMIT %(offset)s + %(limit)s
    ),
    named AS (
        SELECT entry.exercise_id, entry.name, entry.name_length,
            ts_rank(entry.search_vector, to_tsquery(%(config)s, %(tsquery)s)) AS rank
        FROM exercises_searchentry AS entry
        WHERE upper(entry.name) LIKE upper(%(phrase)s) || '%%'
            AND (entry.clinic_id = %(clinic)s OR entry.clinic_id IS NULL){conditions}
    ),
    candidates AS (SELECT * FROM best UNION SELECT * FROM named)
    SELECT
        (SELECT count(*) FROM (SELECT 1 FROM matching LIMIT %(cap)s) AS capped),
        ARRAY(
            SELECT exercise_id FROM candidates
            ORDER BY
                rank + CASE WHEN upper(left(name, %(phrase_length)s)) = upper(%(phrase)s)
                    THEN CASE WHEN name_length = %(phrase_length)s THEN 1.0 ELSE 0.5 END
                    ELSE 0.0 END DESC,
                name_length, name, exercise_id
            LIMIT %(limit)s OFFSET %(offset)s
        )
"""
# Without words: by name; the count stops at the cap.
NAME_PAGE_SQL = """
    WITH listed AS NOT MATERIALIZED (
        SELECT entry.exercise_id, entry.name
        FROM exercises_searchentry AS entry
        WHERE (entry.clinic_id = %(clinic)s OR entry.clinic_id IS NULL){conditions}
    )
    SELECT
        (SELECT count(*) FROM (SELECT 1 FROM listed LIMIT %(cap)s) AS capped),
        ARRAY(
            SELECT exercise_id FROM listed
            ORDER BY name, exercise_id
            LIMIT %(limit)s OFFSET %(offset)s
        )
"""
PAGE_CONDITIONS = {
    "archived": " AND NOT entry.archived",
    "category": " AND entry.category = %(category)s",
    "pattern": " AND entry.movement_pattern = %(pattern)s",
    "equipment": " AND entry.equipment @> ARRAY[%(equipment)s]::varchar(24)[]",
    "favourites": """ AND EXISTS (
            SELECT 1 FROM exercises_favouriteexercise AS favourite
            WHERE favourite.exercise_id = entry.exercise_id AND favourite.user_id = %(user)s
        )""",
    "words": " AND entry.search_vector @@ to_tsquery(%(config)s, %(tsquery)s)",
}
# The page's exercises: the columns a result shows, the user's favourite mark and the
# photos in order (as JSON, in the same statement rather than a prefetch query).
ROWS_SQL_TEMPLATE = """
    SELECT {columns},
        EXISTS (
            SELECT 1 FROM exercises_favouriteexercise AS favourite
            WHERE favourite.exercise_id = exercise.id AND favourite.user_id = %(user)s
        ),
        (
            SELECT json_agg(
                json_build_array({photo_columns})
                ORDER BY photo.position, photo.id
            )
            FROM exercises_exerciseimage AS photo
            WHERE photo.exercise_id = exercise.id
        )
    FROM exercises_exercise AS exercise
    WHERE exercise.id = ANY(%(ids)s)
        AND (exercise.clinic_id = %(clinic)s OR exercise.clinic_id IS NULL)
"""


def _in_model_order(model, names):
    """Model.from_db() takes the values of a partly loaded row in the model's field order."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


ROW_FIELDS = _in_model_order(Exercise, {"id", *LIST_COLUMNS})
PHOTO_FIELDS = _in_model_order(
    ExerciseImage,
    {"id", "exercise_id", "image", "description", "position", "use_instead_of_drawing"},
)
ROWS_SQL = ROWS_SQL_TEMPLATE.format(
    columns=", ".join(f"exercise.{name}" for name in ROW_FIELDS),
    photo_columns=", ".join(f"photo.{name}" for name in PHOTO_FIELDS),
)


@dataclass(frozen=True)
class LibraryResults:
    """One page of the library's search: how many match (at most the cap asked for) and
    the page's exercises, best first, ready to show."""

    count: int
    exercises: list[Exercise]


def library_search(
    *,
    user,
    terms: SearchTerms,
    offset: int,
    limit: int,
    cap: int,
    category: str = "",
    pattern: str = "",
    equipment: str = "",
    favourites_only: bool = False,
    include_archived: bool = False,
) -> LibraryResults:
    """The library list's page of results: the same filters and order as exercise_search().

    Counted and ranked in the narrow search table in one statement, then the page's
    exercises by id in a second: two queries, whatever the size of the library.
    """
    params = {
        "clinic": clinic_id_of(user),
        "user": user.pk,
        "cap": cap,
        "limit": limit,
        "offset": offset,
        "category": category,
        "pattern": pattern,
        "equipment": equipment,
    }
    wanted = {
        "archived": not include_archived,
        "category": bool(category),
        "pattern": bool(pattern),
        "equipment": bool(equipment),
        "favourites": favourites_only,
        "words": bool(terms.searched),
    }
    conditions = "".join(sql for name, sql in PAGE_CONDITIONS.items() if wanted[name])
    if terms.searched:
        params.update(
            config=SEARCH_CONFIG,
            tsquery=tsquery_text(terms.searched),
            phrase=terms.phrase,
            phrase_length=len(terms.phrase),
        )
    sql = (TEXT_PAGE_SQL if terms.searched else NAME_PAGE_SQL).format(conditions=conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, ids = cursor.fetchone()
        if not ids:
            return LibraryResults(count=count, exercises=[])
        cursor.execute(ROWS_SQL, {**params, "ids": ids})
        rows = cursor.fetchall()
    by_id = {}
    for *values, is_favourite, photos in rows:
        exercise = Exercise.from_db(connection.alias, ROW_FIELDS, values)
        exercise.is_favourite = is_favourite
        exercise.listed_photos = [
            ExerciseImage.from_db(connection.alias, PHOTO_FIELDS, photo) for photo in photos or ()
        ]
        by_id[exercise.pk] = exercise
    return LibraryResults(count=count, exercises=[by_id[pk] for pk in ids if pk in by_id])


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
