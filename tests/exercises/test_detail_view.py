"""The exercise page: everything about the exercise; the edit history for clinic admins."""

from exercises.models import Exercise
from exercises.services import exercise_update


def test_it_shows_the_whole_exercise(library, therapist_client):
    deadlift = Exercise.objects.get(clinic__isnull=True, slug="deadlift")
    html = therapist_client.get(f"/exercises/{deadlift.pk}/").content.decode()
    assert "<h1>Deadlift" in html
    assert "Shared library" in html
    assert "3 sets of 5-8 reps, RPE 7" in html
    assert "2 min 30 s" in html
    for text in [*deadlift.movement_steps, *deadlift.coaching_cues, *deadlift.safety_notes]:
        assert text in html
    assert deadlift.starting_position in html and deadlift.what_moves in html
    trap_bar = deadlift.regression
    assert f'<a href="/exercises/{trap_bar.pk}/">Trap bar deadlift</a>' in html
    assert f'href="/exercises/{deadlift.pk}/sheet.pdf"' in html
    assert "Edit history" not in html


def test_it_links_the_harder_progression(library, therapist_client):
    bridge = Exercise.objects.get(clinic__isnull=True, slug="glute-bridge")
    html = therapist_client.get(bridge.get_absolute_url()).content.decode()
    assert f'<a href="{bridge.progression.get_absolute_url()}">Single-leg glute bridge</a>' in html


def test_admins_see_who_changed_what(clinic_admin, admin_client_, north_exercise):
    exercise_update(exercise=north_exercise, user=clinic_admin, fields={"sets": 4})
    html = admin_client_.get(north_exercise.get_absolute_url()).content.decode()
    assert "Edit history" in html
    assert clinic_admin.get_full_name() in html
    assert "<strong>Sets</strong>" in html
    assert '<del><span class="visually-hidden">was </span>3</del>' in html
    assert '<ins><span class="visually-hidden">now </span>4</ins>' in html


def test_therapists_and_front_desk_do_not_see_the_history(
    therapist_client, desk_client, north_exercise
):
    for client in (therapist_client, desk_client):
        assert "Edit history" not in client.get(north_exercise.get_absolute_url()).content.decode()


def test_shared_exercises_offer_a_copy_not_an_edit(admin_client_, shared_exercise):
    html = admin_client_.get(shared_exercise.get_absolute_url()).content.decode()
    assert "Make a clinic copy" in html
    assert f"/exercises/{shared_exercise.pk}/edit/" not in html
    assert "Exercises in the shared library cannot be changed" in html


def test_own_exercises_offer_edit_photos_and_archive(admin_client_, north_exercise):
    html = admin_client_.get(north_exercise.get_absolute_url()).content.decode()
    for url in ("edit", "images", "archive", "duplicate"):
        assert f"/exercises/{north_exercise.pk}/{url}/" in html
    assert "delete" not in html.lower()


def test_an_archived_exercise_still_opens_with_a_notice(therapist_client, north_exercise):
    north_exercise.archived = True
    north_exercise.save()
    html = therapist_client.get(north_exercise.get_absolute_url()).content.decode()
    assert "This exercise is archived" in html
