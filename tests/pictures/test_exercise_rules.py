"""Exercise pictures: what a therapist checks in each picture, as geometry (cm, degrees)."""

import math

import pytest

from exercises.pictures import props as P
from exercises.pictures.library import scene_for
from exercises.pictures.pose import HEAD_RADIUS, WIDTH, angle_of, sub


def joints(slug, phase):
    return scene_for(slug).pose(phase).joints()


def prop_of(slug, kind):
    (prop,) = [p for p in scene_for(slug).props if isinstance(p, kind)]
    return prop


def prop_lowest(slug, phase, kind):
    """Lowest point of a prop's drawing in one phase (the bottom of a plate or a bell)."""
    scene = scene_for(slug)
    j = scene.pose(phase).joints()
    return min(p[1] - (s.radius or 0.0) for s in prop_of(slug, kind).shapes(j) for p in s.points)


def above_horizontal(a, b):
    """Elevation in degrees of the line from a to b (0 = level, 90 = straight up)."""
    return math.degrees(math.atan2(b[1] - a[1], abs(b[0] - a[0])))


def from_vertical(a, b):
    """How far the line a -> b leans from vertical, in degrees."""
    return abs(180.0 - angle_of(sub(b, a))) if b[1] > a[1] else abs(angle_of(sub(b, a)))


def knee_bend(slug, phase, side="r"):
    return scene_for(slug).pose(phase).angle(f"{side}_knee")


def elbow_bend(slug, phase, side="r"):
    return scene_for(slug).pose(phase).angle(f"{side}_elbow")


# --- deadlifts ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["deadlift", "trap-bar-deadlift"])
def test_plates_stand_on_the_floor_at_the_start_of_a_deadlift(slug):
    kind = P.Barbell if slug == "deadlift" else P.TrapBar
    assert prop_lowest(slug, "start", kind) == pytest.approx(0.0, abs=0.5)
    # ...and leave it at the top.
    assert prop_lowest(slug, "end", kind) > 30.0


def test_kettlebell_stands_between_the_feet_at_the_start():
    j = joints("kettlebell-deadlift", "start")
    assert prop_lowest("kettlebell-deadlift", "start", P.Kettlebell) == pytest.approx(0, abs=0.5)
    heel, toe = j["r_heel"][0], j["r_toe"][0]
    assert heel < j["hands"][0] < toe
    assert j["r_hand"][2] > 0 > j["l_hand"][2]  # one hand each side of the bell's centre line


@pytest.mark.parametrize("slug", ["deadlift", "kettlebell-deadlift", "trap-bar-deadlift"])
def test_deadlift_start_is_a_hinge_with_a_flat_back_and_straight_arms(slug):
    pose = scene_for(slug).start
    j = pose.joints()
    knee = knee_bend(slug, "start")
    assert 70.0 <= knee <= 110.0, knee
    assert j["pelvis"][1] > j["r_knee"][1] + 3.0  # hips above the knees
    trunk = above_horizontal(j["pelvis"], j["neck"])
    assert 30.0 <= trunk <= 55.0, trunk
    assert pose.angle("spine_flex") == 0.0  # flat back
    assert from_vertical(j["r_ankle"], j["r_knee"]) <= 30.0  # shins near vertical
    for side in ("r", "l"):
        assert elbow_bend(slug, "start", side) < 10.0  # arms straight...
        assert from_vertical(j[f"{side}_hand"], j[f"{side}_shoulder"]) < 8.0  # ...and hanging


def test_barbell_starts_over_the_mid_foot_against_the_shins():
    j = joints("deadlift", "start")
    bar = j["hands"]
    assert j["r_heel"][0] < bar[0] < j["r_toe"][0]
    # The bar touches the shin: its distance from the shin line is the shin's and bar's radii.
    ankle, knee = j["r_ankle"], j["r_knee"]
    t = (bar[1] - ankle[1]) / (knee[1] - ankle[1])
    shin_x = ankle[0] + t * (knee[0] - ankle[0])
    assert 4.0 <= bar[0] - shin_x <= 9.0


def test_trap_bar_hands_hold_the_side_handles():
    scene = scene_for("trap-bar-deadlift")
    for phase in ("start", "end"):
        j = scene.pose(phase).joints()
        for side, z in (("r", P.TRAP_HANDLE_Z), ("l", -P.TRAP_HANDLE_Z)):
            assert j[f"{side}_hand"][2] == pytest.approx(z, abs=1.0)
            assert j[f"{side}_hand"][1] == pytest.approx(j["hands"][1], abs=1.0)


@pytest.mark.parametrize(
    "slug", ["deadlift", "kettlebell-deadlift", "trap-bar-deadlift", "romanian-deadlift"]
)
def test_deadlift_lockout_is_standing_tall_with_the_weight_at_the_thighs(slug):
    phase = "start" if slug == "romanian-deadlift" else "end"
    pose = scene_for(slug).pose(phase)
    j = pose.joints()
    assert knee_bend(slug, phase) <= 10.0
    assert abs(pose.pitch) <= 5.0
    assert elbow_bend(slug, phase) < 10.0
    assert j["r_knee"][1] < j["hands"][1] < j["pelvis"][1]


def test_romanian_deadlift_sends_the_hips_back_with_soft_knees():
    j = joints("romanian-deadlift", "end")
    knee = knee_bend("romanian-deadlift", "end")
    assert 15.0 <= knee <= 35.0, knee
    assert j["pelvis"][0] < j["r_heel"][0] - 15.0  # hips well behind the heels
    assert scene_for("romanian-deadlift").end.angle("spine_flex") == 0.0
    mid_shin = (j["r_ankle"][1] + j["r_knee"][1]) / 2
    assert abs(j["hands"][1] - mid_shin) < 6.0  # the bar reaches the middle of the shins
    assert above_horizontal(j["pelvis"], j["neck"]) < 25.0


# --- legs -------------------------------------------------------------------------------------


def test_split_squat_starts_tall_and_ends_low():
    start, end = joints("split-squat", "start"), joints("split-squat", "end")
    assert start["pelvis"][1] - end["pelvis"][1] > 25.0
    assert knee_bend("split-squat", "start", "r") < 10.0
    assert knee_bend("split-squat", "start", "l") < 20.0
    for j in (start, end):
        assert j["l_heel"][1] > j["l_toe"][1] + 8.0  # back heel up, on the ball of the foot
        assert j["r_toe"][0] > j["pelvis"][0] > j["l_toe"][0]  # feet split front and back
    # Bottom: back knee just off the floor, front thigh about level.
    assert 7.0 < end["l_knee"][1] < 15.0
    assert abs(above_horizontal(end["r_knee"], end["r_hip"])) < 15.0
    # The feet stay where they were.
    for point in ("r_heel", "r_toe", "l_toe"):
        assert math.dist(start[point][:2], end[point][:2]) < 1.0


# --- pulls and pushes -------------------------------------------------------------------------


def off_line(a, b, p):
    """Distance (x-y plane) of point p from the straight line through a and b."""
    (ax, ay), (bx, by), (px, py) = a[:2], b[:2], p[:2]
    return abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / math.hypot(bx - ax, by - ay)


def test_inverted_row_hangs_straight_under_a_horizontal_bar():
    bar = prop_of("inverted-row", P.RackBar).at
    for phase in ("start", "end"):
        j = joints("inverted-row", phase)
        for name in ("pelvis", "r_knee", "r_heel", "chest"):
            assert j[name][1] < bar[1] - 3.0, (phase, name)  # hanging under the bar...
        assert math.dist(j["head"][:2], bar[:2]) > HEAD_RADIUS + 3.0  # ...head clear of it
        for side in ("r", "l"):
            assert math.dist(j[f"{side}_hand"][:2], bar[:2]) < 1.0  # hands on the bar
        assert j["r_heel"][1] < 6.0  # heels on the floor
        # Straight from heels to head: no sagging hips.
        assert off_line(j["r_heel"], j["neck"], j["pelvis"]) < 3.0, phase
        assert j["nose"][1] > j["head"][1]  # face up
    assert elbow_bend("inverted-row", "start") < 10.0
    end = joints("inverted-row", "end")
    assert end["chest"][1] > bar[1] - 12.0  # chest pulled up to the bar
    assert elbow_bend("inverted-row", "end") > 70.0


@pytest.mark.parametrize("slug", ["push-up", "incline-push-up"])
def test_push_up_starts_at_the_top_on_straight_arms_and_lowers_the_chest(slug):
    start, end = joints(slug, "start"), joints(slug, "end")
    hand_level = start["r_wrist"][1]
    for side in ("r", "l"):
        assert elbow_bend(slug, "start", side) < 5.0
        assert abs(start[f"{side}_shoulder"][0] - start[f"{side}_wrist"][0]) < 3.0  # under
    for j in (start, end):
        assert off_line(j["r_ankle"], j["neck"], j["pelvis"]) < 3.0  # a straight body
        assert j["r_toe"][1] < j["r_heel"][1]  # on the toes
    assert start["chest"][1] - end["chest"][1] > 20.0  # the start is the top
    assert 80.0 <= elbow_bend(slug, "end") <= 125.0
    chest_surface = end["chest"][1] - 12.0
    assert chest_surface - hand_level < 15.0  # chest near the floor (or box)


def test_front_plank_lifts_from_the_knees_onto_the_toes_on_the_forearms():
    from exercises.pictures.library import FOREARM_DOWN, KNEE_DOWN

    start, end = joints("front-plank", "start"), joints("front-plank", "end")
    for j in (start, end):
        for side in ("r", "l"):
            assert j[f"{side}_elbow"][1] == pytest.approx(FOREARM_DOWN, abs=0.5)
            assert j[f"{side}_wrist"][1] == pytest.approx(FOREARM_DOWN, abs=0.5)
            assert abs(j[f"{side}_elbow"][0] - j[f"{side}_shoulder"][0]) < 3.0
        assert j["pelvis"][1] > 20.0  # hips up: not a sphinx (hips on the floor)
    # Start: knees down, body straight from the head to the knees.
    assert start["r_knee"][1] == pytest.approx(KNEE_DOWN, abs=0.5)
    assert off_line(start["r_knee"], start["neck"], start["pelvis"]) < 3.0
    # End: on the toes, straight from head to heels.
    assert end["r_knee"][1] > KNEE_DOWN + 5.0
    assert off_line(end["r_ankle"], end["neck"], end["pelvis"]) < 3.0
    assert end["r_toe"][1] < 4.0


# --- trunk ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["side-plank", "side-plank-knees"])
def test_side_plank_lifts_the_hips_off_the_floor_on_one_forearm(slug):
    scene = scene_for(slug)
    _, _, toward = scene.view.axes()
    for phase in ("start", "end"):
        pose = scene.pose(phase)
        j = pose.joints()
        # Propped on the bottom forearm: elbow under the shoulder, forearm flat on the floor.
        assert math.dist(j["r_elbow"][::2], j["r_shoulder"][::2]) < 3.0
        assert j["r_elbow"][1] < 5.0 and j["r_wrist"][1] < 5.0
        # Lying on the side facing the viewer, top leg stacked on the bottom one.
        face = [j["nose"][k] - j["head"][k] for k in range(3)]
        assert sum(f * t for f, t in zip(face, toward, strict=True)) > 0
        assert j["l_ankle"][1] > j["r_ankle"][1] + 4.0
        assert math.dist(j["l_ankle"][::2], j["r_ankle"][::2]) < 10.0
        if slug == "side-plank-knees":
            assert 80.0 <= pose.angle("r_knee") <= 100.0
            assert j["r_ankle"][0] < j["r_knee"][0] - 25.0  # feet behind the body
    # The side of the bottom hip rests on the floor, then lifts well clear of it.
    hip_side = WIDTH["thigh"] / 2
    assert scene.start.joints()["r_hip"][1] - hip_side < 3.0
    e = scene.end.joints()
    assert e["r_hip"][1] - hip_side > 12.0
    # One straight line: no bend at the waist or the bottom hip.
    assert scene.end.angle("spine_bend") == 0.0
    assert abs(scene.end.angle("r_hip_abd")) < 5.0
