"""Progression engine: week-by-week schedules worked out by hand."""

import pytest

from plans.progression import (
    DOUBLE_PROGRESSION,
    FIXED_INCREMENT,
    NONE,
    RPE_GUIDED,
    Prescription,
    PrescriptionError,
    ProgressionRule,
    WeekDose,
    build_schedule,
    effort_wording,
    format_dose,
)


def table(schedule, *fields):
    return [tuple(getattr(dose, field) for field in ("week", *fields)) for dose in schedule]


def test_double_progression_3x8_12_from_20_kg_over_12_weeks():
    prescription = Prescription(sets=3, reps_min=8, reps_max=12, load=20, load_unit="kg")
    rule = ProgressionRule(DOUBLE_PROGRESSION, increment=2.5)

    schedule = build_schedule(prescription, rule, duration_weeks=12)

    # One rep a week to the top of the range, then +2.5 kg and back to 8 reps.
    assert table(schedule, "reps_min", "reps_max", "load") == [
        (1, 8, 8, 20.0),
        (2, 9, 9, 20.0),
        (3, 10, 10, 20.0),
        (4, 11, 11, 20.0),
        (5, 12, 12, 20.0),
        (6, 8, 8, 22.5),
        (7, 9, 9, 22.5),
        (8, 10, 10, 22.5),
        (9, 11, 11, 22.5),
        (10, 12, 12, 22.5),
        (11, 8, 8, 25.0),
        (12, 9, 9, 25.0),
    ]
    assert all(dose.sets == 3 for dose in schedule)
    assert schedule[5].note == "Add load: 22.5 kg; back to 8 reps"
    assert schedule[6].note == ""


def test_double_progression_two_reps_a_week_stops_at_the_top_of_the_range():
    prescription = Prescription(sets=3, reps_min=8, reps_max=11, load=45, load_unit="lb")
    rule = ProgressionRule(DOUBLE_PROGRESSION, reps_step=2)  # default +5 lb

    schedule = build_schedule(prescription, rule, duration_weeks=5)

    assert table(schedule, "reps_min", "load") == [
        (1, 8, 45.0),
        (2, 10, 45.0),
        (3, 11, 45.0),
        (4, 8, 50.0),
        (5, 10, 50.0),
    ]


def test_double_progression_with_bands_moves_up_a_colour_and_stops_at_black():
    prescription = Prescription(
        sets=3, reps_min=10, reps_max=12, load_unit="band", band_colour="green"
    )

    schedule = build_schedule(prescription, ProgressionRule(DOUBLE_PROGRESSION), 11)

    assert table(schedule, "reps_min", "band_colour") == [
        (1, 10, "green"),
        (2, 11, "green"),
        (3, 12, "green"),
        (4, 10, "blue"),
        (5, 11, "blue"),
        (6, 12, "blue"),
        (7, 10, "black"),
        (8, 11, "black"),
        (9, 12, "black"),
        (10, 12, "black"),
        (11, 12, "black"),
    ]
    assert schedule[3].note == "Move up to the blue band; back to 10 reps"
    assert schedule[9].note == "Strongest band reached: move to the harder version"
    assert schedule[10].note == ""


def test_double_progression_bodyweight_lengthens_the_hold_after_the_top_of_the_range():
    prescription = Prescription(sets=3, reps_min=8, reps_max=10, hold_seconds=5)
    rule = ProgressionRule(DOUBLE_PROGRESSION, reps_step=2, hold_step_seconds=5)

    schedule = build_schedule(prescription, rule, 5)

    assert table(schedule, "reps_min", "hold_seconds", "load") == [
        (1, 8, 5, 0.0),
        (2, 10, 5, 0.0),
        (3, 8, 10, 0.0),
        (4, 10, 10, 0.0),
        (5, 8, 15, 0.0),
    ]


def test_double_progression_bodyweight_without_a_hold_stays_at_the_top():
    schedule = build_schedule(
        Prescription(sets=2, reps_min=8, reps_max=10), ProgressionRule(DOUBLE_PROGRESSION), 5
    )
    assert [dose.reps_min for dose in schedule] == [8, 9, 10, 10, 10]
    assert schedule[3].note == "Top of the rep range: move to the harder version"


def test_fixed_increment_of_5_percent_from_100_kg_rounds_to_half_kilos():
    prescription = Prescription(sets=3, reps_min=5, load=100, load_unit="kg")
    rule = ProgressionRule(FIXED_INCREMENT, increment_percent=5)

    schedule = build_schedule(prescription, rule, 8)

    # 5% compounding on the unrounded load, shown to the nearest 0.5 kg:
    # 105, 110.25, 115.76, 121.55, 127.63, 134.01, 140.71.
    assert [dose.load for dose in schedule] == [
        100.0,
        105.0,
        110.5,
        116.0,
        121.5,
        127.5,
        134.0,
        140.5,
    ]
    assert {(dose.reps_min, dose.reps_max) for dose in schedule} == {(5, 5)}


def test_fixed_increment_of_5_percent_from_45_lb_rounds_to_whole_pounds():
    prescription = Prescription(sets=3, reps_min=10, load=45, load_unit="lb")
    schedule = build_schedule(
        prescription, ProgressionRule(FIXED_INCREMENT, increment_percent=5), 5
    )
    # 47.25, 49.61, 52.09, 54.70
    assert [dose.load for dose in schedule] == [45.0, 47.0, 50.0, 52.0, 55.0]


def test_fixed_absolute_increment_in_lb_rounds_half_pounds_up():
    prescription = Prescription(sets=3, reps_min=10, load=45, load_unit="lb")
    schedule = build_schedule(prescription, ProgressionRule(FIXED_INCREMENT, increment=2.5), 5)
    assert [dose.load for dose in schedule] == [45.0, 48.0, 50.0, 53.0, 55.0]


def test_fixed_absolute_increment_in_kg():
    prescription = Prescription(sets=3, reps_min=8, reps_max=10, load=20, load_unit="kg")
    schedule = build_schedule(prescription, ProgressionRule(FIXED_INCREMENT, increment=2.5), 4)
    assert [dose.load for dose in schedule] == [20.0, 22.5, 25.0, 27.5]


def test_fixed_increment_bands_move_one_colour_a_week_capped_at_black():
    prescription = Prescription(sets=3, reps_min=10, load_unit="band", band_colour="yellow")

    schedule = build_schedule(prescription, ProgressionRule(FIXED_INCREMENT), 7)

    assert [dose.band_colour for dose in schedule] == [
        "yellow",
        "red",
        "green",
        "blue",
        "black",
        "black",
        "black",
    ]
    assert schedule[5].note == "Strongest band reached: move to the harder version"


def test_fixed_increment_bodyweight_hold_grows_by_the_step():
    prescription = Prescription(sets=3, hold_seconds=10)
    rule = ProgressionRule(FIXED_INCREMENT, hold_step_seconds=5)
    schedule = build_schedule(prescription, rule, 4)
    assert [dose.hold_seconds for dose in schedule] == [10, 15, 20, 25]
    assert [dose.reps_min for dose in schedule] == [None] * 4


def test_rpe_guided_rises_from_6_to_8_over_8_weeks_in_half_points():
    prescription = Prescription(sets=3, reps_min=8, load=20, load_unit="kg")
    rule = ProgressionRule(RPE_GUIDED, start_rpe=6, end_rpe=8)

    schedule = build_schedule(prescription, rule, 8)

    # 6 + 2 x (week - 1) / 7, to the nearest 0.5.
    assert [dose.effort_target for dose in schedule] == [6.0, 6.5, 6.5, 7.0, 7.0, 7.5, 7.5, 8.0]
    assert {dose.effort_type for dose in schedule} == {"RPE"}
    assert {dose.load for dose in schedule} == {None}  # the patient chooses the load
    assert {dose.reps_min for dose in schedule} == {8}
    assert schedule[0].note == "Choose a load you could lift 4 more times at the end of each set."
    assert format_dose(schedule[-1]) == "3 sets of 8 reps, RPE 8"


def test_rpe_guided_end_target_is_capped_at_9():
    prescription = Prescription(sets=3, reps_min=5, load_unit="kg")
    schedule = build_schedule(prescription, ProgressionRule(RPE_GUIDED, start_rpe=7, end_rpe=10), 3)
    assert [dose.effort_target for dose in schedule] == [7.0, 8.0, 9.0]


def test_rpe_guided_for_a_single_week_uses_the_start_target():
    prescription = Prescription(sets=3, reps_min=5, load_unit="kg", start_week=4)
    schedule = build_schedule(prescription, ProgressionRule(RPE_GUIDED), 4)
    assert table(schedule, "effort_target") == [(4, 6.0)]


def test_exercise_starting_in_week_3_has_no_entries_for_weeks_1_and_2():
    prescription = Prescription(
        sets=3, reps_min=8, reps_max=12, load=20, load_unit="kg", start_week=3
    )
    schedule = build_schedule(prescription, ProgressionRule(DOUBLE_PROGRESSION), 6)
    assert table(schedule, "reps_min", "load") == [
        (3, 8, 20.0),
        (4, 9, 20.0),
        (5, 10, 20.0),
        (6, 11, 20.0),
    ]


def test_rule_none_keeps_the_same_dose_every_week():
    prescription = Prescription(
        sets=3,
        reps_min=8,
        reps_max=10,
        load=20,
        load_unit="kg",
        effort_type="RPE",
        effort_target=7,
    )
    schedule = build_schedule(prescription, ProgressionRule(NONE), 6)
    assert len(schedule) == 6
    assert {format_dose(dose) for dose in schedule} == {"3 sets of 8-10 reps, 20 kg, RPE 7"}


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (WeekDose(1, 3, 8, 10, None, 20.0, "kg", "RPE", 7), "3 sets of 8-10 reps, 20 kg, RPE 7"),
        (WeekDose(1, 3, None, None, 10, 0.0, "bodyweight", None, None), "3 sets, hold 10 seconds"),
        (
            WeekDose(1, 3, 10, 10, None, 0.0, "band", None, None, band_colour="red"),
            "3 sets of 10 reps, red band",
        ),
        (WeekDose(1, 1, 1, 1, 1, 0.0, "bodyweight", None, None), "1 set of 1 rep, hold 1 second"),
        (WeekDose(1, 2, 12, 12, None, 22.5, "lb", "RIR", 2), "2 sets of 12 reps, 22.5 lb, RIR 2"),
        (WeekDose(1, 3, 5, 5, None, None, "kg", "RPE", 7.5), "3 sets of 5 reps, RPE 7.5"),
    ],
)
def test_format_dose(dose, text):
    assert format_dose(dose) == text


@pytest.mark.parametrize(
    ("effort_type", "target", "unit", "text"),
    [
        ("RPE", 8, "kg", "Choose a load you could lift 2 more times at the end of each set."),
        ("RPE", 9, "kg", "Choose a load you could lift 1 more time at the end of each set."),
        (
            "RPE",
            7.5,
            "kg",
            "Choose a load you could lift 2 to 3 more times at the end of each set.",
        ),
        ("RIR", 3, "band", "Choose a band you could pull 3 more times at the end of each set."),
        ("RPE", 10, "kg", "Choose a load you could not lift again at the end of each set."),
        ("RIR", 2, "bodyweight", "Stop each set when you could still do it 2 more times."),
    ],
)
def test_effort_wording(effort_type, target, unit, text):
    assert effort_wording(effort_type, target, unit) == text


@pytest.mark.parametrize(
    ("prescription", "rule", "weeks", "field"),
    [
        (Prescription(sets=3, reps_min=12, reps_max=8), ProgressionRule(), 4, "reps_min"),
        (Prescription(sets=0, reps_min=8), ProgressionRule(), 4, "sets"),
        (Prescription(sets=3), ProgressionRule(), 4, "reps_min"),
        (Prescription(sets=3, reps_min=8), ProgressionRule(), 0, "duration_weeks"),
        (Prescription(sets=3, reps_min=8), ProgressionRule(), 53, "duration_weeks"),
        (Prescription(sets=3, reps_min=8, load=-5, load_unit="kg"), ProgressionRule(), 4, "load"),
        (Prescription(sets=3, reps_min=8, load=5), ProgressionRule(), 4, "load"),
        (Prescription(sets=3, reps_min=8, load_unit="stone"), ProgressionRule(), 4, "load_unit"),
        (Prescription(sets=3, reps_min=8, load_unit="band"), ProgressionRule(), 4, "band_colour"),
        (
            Prescription(sets=3, reps_min=8, load_unit="band", band_colour="purple"),
            ProgressionRule(),
            4,
            "band_colour",
        ),
        (Prescription(sets=3, reps_min=8, start_week=5), ProgressionRule(), 4, "start_week"),
        (
            Prescription(sets=3, reps_min=8, effort_type="RPE", effort_target=11),
            ProgressionRule(),
            4,
            "effort_target",
        ),
        (Prescription(sets=3, reps_min=8), ProgressionRule("linear"), 4, "kind"),
        (
            Prescription(sets=3, reps_min=8, load=20, load_unit="kg"),
            ProgressionRule(FIXED_INCREMENT),
            4,
            "increment",
        ),
        (
            Prescription(sets=3, reps_min=8, load=20, load_unit="kg"),
            ProgressionRule(FIXED_INCREMENT, increment=2.5, increment_percent=5),
            4,
            "increment",
        ),
        (
            Prescription(sets=3, reps_min=8, load=20, load_unit="kg"),
            ProgressionRule(DOUBLE_PROGRESSION, increment=-2.5),
            4,
            "increment",
        ),
        (Prescription(sets=3, reps_min=8), ProgressionRule(FIXED_INCREMENT), 4, "hold_seconds"),
        (
            Prescription(sets=3, reps_min=8, load_unit="kg"),
            ProgressionRule(RPE_GUIDED, end_rpe=11),
            4,
            "end_rpe",
        ),
    ],
)
def test_invalid_prescriptions_name_the_field(prescription, rule, weeks, field):
    with pytest.raises(PrescriptionError) as error:
        build_schedule(prescription, rule, weeks)
    assert error.value.field == field
    assert field in str(error.value) or field == "kind"


def test_reps_min_more_than_reps_max_message():
    with pytest.raises(ValueError, match="reps_min must not be more than reps_max"):
        build_schedule(Prescription(sets=3, reps_min=12, reps_max=8), ProgressionRule(), 4)
