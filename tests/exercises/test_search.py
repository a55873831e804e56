"""Search: full text with weights and prefixes, trigram typos, filters, clinic scoping."""

import json

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import Exercise, FavouriteExercise, SearchEntry, SearchWord
from exercises.selectors import (
    CORRECTION_SQL,
    corrected_words,
    exercise_search,
    search_words,
    text_query,
)
from tests.exercises.factories import ExerciseFactory


def names(**kwargs):
    return [exercise.name for exercise in exercise_search(**kwargs)]


def test_a_misspelling_finds_the_exercise(library, therapist):
    found = names(user=therapist, query="dedlift")
    assert found[0] == "Deadlift"
    assert {"Romanian deadlift", "Trap bar deadlift", "Kettlebell deadlift"} <= set(found)


def test_a_misspelt_two_word_name_is_found(library, therapist):
    assert names(user=therapist, query="romanain dedlift")[0] == "Romanian deadlift"


def test_back_pain_hinge_finds_the_hinge_family_first(library, therapist):
    hinge = set(
        Exercise.objects.filter(clinic__isnull=True, movement_pattern="hinge").values_list(
            "name", flat=True
        )
    )
    found = names(user=therapist, query="back pain hinge")
    assert len(hinge) >= 15
    assert set(found[: len(hinge)]) == hinge


def test_words_match_as_you_type(library, therapist):
    assert names(user=therapist, query="kettle")[0] == "Kettlebell deadlift"
    assert "Bird dog" in names(user=therapist, query="bird d")


def test_tags_and_labels_are_searched(library, therapist):
    assert "Sciatic nerve slider" in names(user=therapist, query="neural")  # category label
    assert "Pallof press" in names(user=therapist, query="anti-rotation")  # pattern label


def test_filters_narrow_the_list(library, therapist):
    assert set(names(user=therapist, category="aerobic")) == {
        "Walking programme",
        "Stationary cycling",
    }
    assert "Farmer's carry" in names(user=therapist, pattern="carry")
    kettlebell = names(user=therapist, equipment="kettlebell")
    assert "Kettlebell deadlift" in kettlebell and "Deadlift" not in kettlebell
    assert names(user=therapist, query="deadlift", equipment="trap_bar") == ["Trap bar deadlift"]


def test_no_query_lists_everything_by_name(library, therapist):
    found = names(user=therapist)
    assert len(found) == 46
    assert found == sorted(found, key=str.lower) or found[0] == "Back extension (45-degree bench)"


def test_only_the_users_clinic_and_the_shared_library_are_searched(
    therapist, shared_exercise, north_exercise, south_exercise
):
    found = names(user=therapist)
    assert shared_exercise.name in found and north_exercise.name in found
    assert south_exercise.name not in found
    assert names(user=therapist, query="farmer walk") == []


def test_archived_exercises_are_hidden_unless_asked_for(therapist, north_exercise):
    north_exercise.archived = True
    north_exercise.save()
    assert north_exercise.name not in names(user=therapist)
    assert north_exercise.name in names(user=therapist, include_archived=True)


def test_favourites_only(therapist, colleague, shared_exercise, north_exercise):
    FavouriteExercise.objects.create(user=therapist, exercise=north_exercise)
    FavouriteExercise.objects.create(user=colleague, exercise=shared_exercise)
    assert names(user=therapist, favourites_only=True) == [north_exercise.name]
    flags = {e.name: e.is_favourite for e in exercise_search(user=therapist)}
    assert flags == {north_exercise.name: True, shared_exercise.name: False}


def test_query_words_are_letters_and_digits_only():
    assert search_words("Back-pain: hinge!! 'OR' & | :* 3x") == [
        "back",
        "pain",
        "hinge",
        "or",
        "3x",
    ]
    assert search_words("a " * 20) == ["a"]
    assert len(search_words(" ".join(f"w{i}" for i in range(20)))) == 8


def explain(queryset):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_text_search_and_the_typo_lookup_can_use_their_indexes(library, clinic):
    """Neither lookup needs to scan a table (checked with sequential scans off)."""
    words = search_words("dedlift hinge")
    plan = explain(Exercise.objects.filter(search_vector=text_query(words)))
    assert "Seq Scan" not in plan
    assert "Bitmap Index Scan on exercise_search_vector" in plan
    plan = explain(SearchEntry.objects.filter(search_vector=text_query(words)))
    assert "Seq Scan" not in plan
    assert "Bitmap Index Scan on search_entry_vector" in plan
    plan = explain(SearchWord.objects.filter(word__trigram_similar="dedlift"))
    assert "Seq Scan" not in plan
    assert "Bitmap Index Scan on search_word_trgm" in plan
    with connection.cursor() as cursor:  # the correction query runs as written
        cursor.execute(CORRECTION_SQL, [words, clinic.pk])
        assert {("dedlift", "deadlift"), ("hinge", "hinge")} <= {
            row[:2] for row in cursor.fetchall()
        }


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        (["dedlift"], {"deadlift"}),
        (["romanain", "dedlift"], {"deadlift", "romanian"}),
        (["deadlfit"], {"deadlift"}),
        (["hamstrng"], {"hamstring"}),
        (["plnk"], {"plank"}),
        (["row"], set()),  # too short to correct
        (["zzzzzz"], set()),
    ],
)
def test_typos_are_corrected_to_words_the_exercises_use(library, clinic, typed, known):
    found = corrected_words(clinic_id=clinic.pk, words=typed)
    assert known <= set(found) and len(found) <= 2 * len(typed)


def _similarity_loops(words, clinic_id):
    """How often the correction query ran its trigram lookup (the scan filtered by `%`)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + CORRECTION_SQL, [words, clinic_id])
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    loops, nodes = 0, [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes += node.get("Plans", [])
        conditions = " ".join(node.get(key, "") for key in ("Filter", "Index Cond", "Recheck Cond"))
        # Any scan that tests `%` (a bitmap's heap scan names it too, so not its index scan).
        if "%" in conditions and node["Node Type"] != "Bitmap Index Scan":
            loops += node["Actual Loops"]
    return loops


def test_a_word_the_exercises_use_as_typed_needs_no_similarity_lookup(library, clinic):
    assert corrected_words(clinic_id=clinic.pk, words=["back", "pain", "hinge"]) == []
    assert _similarity_loops(["back", "pain", "hinge"], clinic.pk) == 0
    # A misspelt word among them is still looked up, and corrected.
    assert _similarity_loops(["back", "hinge", "dedlift"], clinic.pk) == 1
    assert corrected_words(clinic_id=clinic.pk, words=["hinge", "dedlift"]) == ["deadlift"]


def test_the_vocabulary_follows_saves_and_stays_with_its_clinic(clinic, other_clinic, therapist):
    ExerciseFactory(clinic=other_clinic, name="Sandbag shouldering")
    assert corrected_words(clinic_id=clinic.pk, words=["sandbg"]) == []
    assert corrected_words(clinic_id=other_clinic.pk, words=["sandbg"]) == ["sandbag"]
    ExerciseFactory(clinic=clinic, name="Sandbag carry")
    assert corrected_words(clinic_id=clinic.pk, words=["sandbg"]) == ["sandbag"]
    assert names(user=therapist, query="sandbg cary") == ["Sandbag carry"]
    assert not SearchWord.objects.filter(word__in=["a", "12"]).exists()


def test_the_exact_name_comes_before_its_variations(library, therapist, clinic):
    deadlift = Exercise.objects.get(clinic__isnull=True, slug="deadlift")
    ExerciseFactory(
        clinic=clinic,
        name="Paused deadlift on a bench",
        summary=deadlift.summary,
        tags=deadlift.tags,
    )
    assert names(user=therapist, query="deadlift")[0] == "Deadlift"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=120))
def test_any_typed_text_searches_without_error(therapist, shared_exercise, query):
    list(exercise_search(user=therapist, query=query.replace("\x00", "")))


@pytest.mark.parametrize("query", ["&", "!", "'", ":*", "a & b", "(x", "x:*|y", "-deadlift", '"'])
def test_tsquery_syntax_is_harmless(library, therapist, query):
    list(exercise_search(user=therapist, query=query))


def test_a_clinic_exercise_is_found_by_its_new_name_at_once(therapist, clinic):
    exercise = ExerciseFactory(clinic=clinic, name="Sandbag shouldering")
    assert names(user=therapist, query="sandbag") == ["Sandbag shouldering"]
    exercise.name = "Stone lift"
    exercise.save()
    assert names(user=therapist, query="sandbag") == []
    assert names(user=therapist, query="stone") == ["Stone lift"]
