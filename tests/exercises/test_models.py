"""The Exercise model: dosage in words, plain-text storage, search vector, constraints."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from exercises.models import Exercise
from tests.exercises.factories import ExerciseFactory


@pytest.mark.parametrize(
    ("dosage", "text"),
    [
        (
            {"sets": 3, "reps_min": 5, "reps_max": 8, "effort_target": 7},
            "3 sets of 5-8 reps, RPE 7",
        ),
        (
            {"sets": 2, "reps_min": 10, "reps_max": 10, "effort_target": 3},
            "2 sets of 10 reps, RPE 3",
        ),
        (
            {"sets": 3, "reps_min": 6, "reps_max": 8, "hold_seconds": 8, "effort_target": 4},
            "3 sets of 6-8 reps, hold 8 seconds, RPE 4",
        ),
        (
            {"sets": 3, "reps_min": 0, "reps_max": 0, "hold_seconds": 20},
            "3 sets of 20 seconds, RPE 6",
        ),
        (
            {"sets": 1, "reps_min": 0, "reps_max": 0, "duration_minutes": 20, "effort_target": 5},
            "20 minutes, RPE 5",
        ),
        (
            {"sets": 3, "reps_min": 8, "reps_max": 15, "effort_type": "rir", "effort_target": 3},
            "3 sets of 8-15 reps, 3 reps in reserve",
        ),
        ({"sets": 1, "reps_min": 12, "reps_max": 12}, "1 set of 12 reps, RPE 6"),
    ],
)
def test_the_default_dosage_reads_as_words(dosage, text):
    assert Exercise(**{"effort_type": "rpe", "effort_target": 6, **dosage}).dosage_text == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "No set rest"), (45, "45 seconds"), (120, "2 min"), (150, "2 min 30 s")],
)
def test_rest_reads_as_words(seconds, text):
    assert Exercise(rest_seconds=seconds).rest_text == text


def test_author_text_is_stored_as_plain_text(db):
    exercise = ExerciseFactory(
        name="<b>Bold</b> lift",
        summary='Lift <a href="file:///etc/passwd">this</a> & that <script>alert(1)</script>',
        movement_steps=[
            "<img src=x onerror=alert(1)>",
            "Keep hips &lt;b&gt;low&lt;/b&gt;",
            "Go < 10 kg",
        ],
        tags=["<i>hinge</i>"],
    )
    exercise.refresh_from_db()
    assert exercise.name == "Bold lift"
    assert exercise.summary == "Lift this & that"
    assert exercise.movement_steps == ["Keep hips low", "Go < 10 kg"]
    assert exercise.tags == ["hinge"]


def test_the_search_vector_follows_every_save(db):
    exercise = ExerciseFactory(name="Sled push", tags=["conditioning"], movement_pattern="push")
    assert Exercise.objects.filter(search_vector="sled").get() == exercise
    assert Exercise.objects.filter(search_vector="condition").exists()  # tags, stemmed
    assert Exercise.objects.filter(search_vector="push").exists()  # pattern label
    exercise.name = "Prowler drive"
    exercise.save()
    assert not Exercise.objects.filter(search_vector="sled").exists()
    assert Exercise.objects.filter(search_vector="prowler").exists()


def test_a_slug_is_unique_per_clinic_and_once_in_the_shared_library(clinic, other_clinic):
    ExerciseFactory(slug="row")
    ExerciseFactory(slug="row", clinic=clinic)
    ExerciseFactory(slug="row", clinic=other_clinic)
    for owner in (None, clinic):
        with pytest.raises(IntegrityError), transaction.atomic():
            ExerciseFactory(slug="row", clinic=owner)


def test_the_database_refuses_a_backwards_rep_range(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(reps_min=10, reps_max=5)


def test_an_exercise_that_others_point_to_cannot_be_deleted(db):
    easier = ExerciseFactory()
    ExerciseFactory(regression=easier)
    with pytest.raises(ProtectedError):
        easier.delete()
    assert Exercise.objects.filter(pk=easier.pk).exists()


def test_search_has_its_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename IN ('exercises_exercise', 'exercises_searchword')"
        )
        indexes = dict(cursor.fetchall())
    assert "USING gin (search_vector)" in indexes["exercise_search_vector"]
    assert "USING gin (word gin_trgm_ops)" in indexes["search_word_trgm"]


def test_the_typo_vocabulary_has_the_words_of_names_tags_and_summaries(library, clinic):
    from exercises.models import SearchWord, refresh_search_words

    shared = set(SearchWord.objects.filter(clinic__isnull=True).values_list("word", flat=True))
    assert {"deadlift", "romanian", "posterior", "lifting", "hips"} <= shared
    assert not [word for word in shared if len(word) < 3 or word.isdigit()]
    # The one-row rule (on save) and the bulk rule (SQL) agree.
    exercise = ExerciseFactory(clinic=clinic, name="Landmine press 2", tags=["anti-rotation"])
    saved = set(SearchWord.objects.filter(clinic=clinic).values_list("word", flat=True))
    SearchWord.objects.filter(clinic=clinic).delete()
    refresh_search_words()
    assert set(SearchWord.objects.filter(clinic=clinic).values_list("word", flat=True)) == saved
    assert saved == exercise.search_words() and "landmine" in saved and "rotation" in saved


def test_the_one_row_and_the_bulk_search_documents_are_the_same(library):
    from exercises.models import search_vector_expression

    exercise = Exercise.objects.get(slug="pallof-press")
    exercise.save()  # search_vector_of(exercise)
    one_row = Exercise.objects.get(pk=exercise.pk).search_vector
    Exercise.objects.filter(pk=exercise.pk).update(search_vector=search_vector_expression())
    assert Exercise.objects.get(pk=exercise.pk).search_vector == one_row
    assert "'rotat'" in one_row and "'pallof'" in one_row


def test_a_long_exercise_keeps_its_search_document_in_its_row(db):
    """Search reads every match's document twice: it must not need TOAST lookups
    (migration 0002); the long text columns leave the row instead."""
    import uuid

    from django.db import connection

    from tests.exercises.factories import ExerciseFactory

    def notes():  # hard to compress, each list shorter than the search document
        return [uuid.uuid4().hex for _ in range(10)]

    exercise = ExerciseFactory(
        summary=" ".join(f"w{uuid.uuid4().hex[:10]}" for _ in range(60)),
        setup_steps=notes(),
        movement_steps=notes(),
        coaching_cues=notes(),
        common_mistakes=notes(),
        safety_notes=notes(),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(search_vector), pg_column_toast_chunk_id(search_vector),"
            " pg_column_toast_chunk_id(safety_notes) FROM exercises_exercise WHERE id = %s",
            [exercise.pk],
        )
        document_size, document_chunk, notes_chunk = cursor.fetchone()
    assert notes_chunk is not None  # the row was long enough for TOAST
    assert document_size > 600  # the largest value of the row
    assert document_chunk is None


SEARCHED = ("clinic_id", "archived", "name", "category", "movement_pattern", "equipment")


def _entries():
    from exercises.models import SearchEntry

    return {
        entry["exercise_id"]: entry
        for entry in SearchEntry.objects.values("exercise_id", *SEARCHED, "search_vector")
    }


def _exercises():
    return {row["id"]: row for row in Exercise.objects.values("id", *SEARCHED, "search_vector")}


def _same(entries, exercises):
    return {
        pk: {k: v for k, v in entry.items() if k != "exercise_id"} for pk, entry in entries.items()
    } == {pk: {k: v for k, v in row.items() if k != "id"} for pk, row in exercises.items()}


def test_the_search_table_follows_every_way_of_writing_an_exercise(clinic, other_clinic):
    """The trigger copies the searched columns on save, bulk_create, bulk_update and update."""
    saved = ExerciseFactory(clinic=clinic, name="Sled push")
    Exercise.objects.bulk_create(
        [Exercise(clinic=clinic, slug=f"bulk-{n}", name=f"Bulk row {n}") for n in range(3)]
    )
    assert _same(_entries(), _exercises()) and len(_entries()) == 4

    saved.name, saved.archived = "Prowler drive", True
    saved.save()
    bulk = list(Exercise.objects.filter(slug__startswith="bulk-"))
    for row in bulk:
        row.category, row.equipment = "mobility", ["band"]
    Exercise.objects.bulk_update(bulk, ["category", "equipment"])
    Exercise.objects.filter(slug="bulk-0").update(movement_pattern="carry", clinic=other_clinic)
    entries = _entries()
    assert _same(entries, _exercises())
    assert entries[saved.pk]["name"] == "Prowler drive" and entries[saved.pk]["archived"]
    assert "prowler" in entries[saved.pk]["search_vector"]
    assert {entries[row.pk]["category"] for row in bulk} == {"mobility"}

    saved.delete()
    assert saved.pk not in _entries() and _same(_entries(), _exercises())


def test_the_search_table_is_filled_for_the_shared_library(library):
    assert _same(_entries(), _exercises()) and len(_entries()) == 46


def test_the_search_table_stores_the_names_length_in_characters(clinic):
    """A tie-break of the ranking: the same as length(name), whatever writes the name."""
    from exercises.models import SearchEntry

    exercise = ExerciseFactory(clinic=clinic, name="Farmer’s carry – heavy")
    assert SearchEntry.objects.get(pk=exercise.pk).name_length == 22 == len(exercise.name)
    exercise.name = "Sled push"
    exercise.save()
    assert SearchEntry.objects.get(pk=exercise.pk).name_length == 9
    Exercise.objects.filter(pk=exercise.pk).update(name="Œuf hold")
    assert SearchEntry.objects.get(pk=exercise.pk).name_length == 8
