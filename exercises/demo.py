"""Demo data for `make run`: one exercise of North Clinic's own and a few favourites."""

from exercises.models import Exercise, ExerciseRevision, FavouriteExercise

WALL_SIT = {
    "name": "Wall sit",
    "summary": (
        "You hold a half-squat with your back against a wall. It builds strong legs "
        "without much movement, so it is a good start on a sore day."
    ),
    "category": "strength",
    "movement_pattern": "squat",
    "equipment": ["none"],
    "difficulty": "beginner",
    "starting_position": "Stand with your back flat on a wall and your feet a step away from it.",
    "setup_steps": [
        "Set your feet hip-width apart.",
        "Rest your head, back and hips on the wall.",
    ],
    "movement_steps": [
        "Slide down the wall until your knees are bent about halfway.",
        "Hold still and breathe.",
        "Slide back up to stand.",
    ],
    "coaching_cues": ["Knees over your toes.", "Keep breathing."],
    "common_mistakes": ["Holding your breath.", "Going so low that it hurts your knees."],
    "safety_notes": [
        "Your legs may shake. That is normal.",
        "Stop if your knee pain goes up and stays up.",
    ],
    "what_moves": (
        "You go from standing against the wall to a half-squat, as your knees and hips bend."
    ),
    "tags": ["legs", "squat", "isometric"],
    "sets": 3,
    "reps_min": 0,
    "reps_max": 0,
    "hold_seconds": 30,
    "load_type": "bodyweight",
    "effort_type": "rpe",
    "effort_target": 6,
    "rest_seconds": 60,
    "days_per_week": 3,
}
FAVOURITES = {"pt@north.example": ["deadlift", "bird-dog", "walking-programme"]}


def load_demo_exercises(*, clinics, users):
    north = clinics["North Clinic"]
    admin = users.get("admin@north.example")
    exercise, created = Exercise.objects.get_or_create(
        clinic=north, slug="wall-sit", defaults=WALL_SIT
    )
    if created:
        regression = Exercise.objects.filter(clinic__isnull=True, slug="sit-to-stand").first()
        progression = Exercise.objects.filter(clinic__isnull=True, slug="goblet-squat").first()
        exercise.regression, exercise.progression = regression, progression
        exercise.save()
        ExerciseRevision.objects.create(
            exercise=exercise,
            action=ExerciseRevision.Action.CREATED,
            user=admin,
            user_name=admin.get_full_name() if admin else "",
        )
    for email, slugs in FAVOURITES.items():
        user = users.get(email)
        if user is None:
            continue
        for exercise in Exercise.objects.filter(clinic__isnull=True, slug__in=slugs):
            FavouriteExercise.objects.get_or_create(user=user, exercise=exercise)
