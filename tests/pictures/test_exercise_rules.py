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


def test_kettlebell_is_between_the_feet_under_the_shoulders_and_seen_there():
    scene = scene_for("kettlebell-deadlift")
    j = scene.start.joints()
    bell = next(s for s in prop_of("kettlebell-deadlift", P.Kettlebell).shapes(j) if s.radius)
    centre, radius = bell.points[0], bell.radius
    # Between the feet, clear of both: the stance is wider than the bell.
    assert j["l_ankle"][2] + radius < centre[2] < j["r_ankle"][2] - radius
    shoulders = (j["r_shoulder"][0] + j["l_shoulder"][0]) / 2
    assert abs(centre[0] - shoulders) < 8.0  # under the shoulders, not out in front of the shins
    # The camera looks from the front quarter, so the bell shows between the feet on screen.
    feet = sorted(scene.view.project(j[f"{s}_ankle"])[0] for s in ("r", "l"))
    assert feet[0] < scene.view.project(centre)[0] < feet[1]


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


def test_trap_bar_is_seen_from_the_side_with_the_lifter_inside_it():
    scene = scene_for("trap-bar-deadlift")
    assert scene.view.yaw <= 30.0 and scene.view.elevation <= 15.0  # a side view, turned a bit
    for phase in ("start", "end"):
        j = scene.pose(phase).joints()
        centre = j["hands"]
        # Feet inside the hexagonal frame.
        inner = P.TRAP_HEX_R * math.cos(math.radians(30))
        for side in ("r", "l"):
            for point in ("heel", "toe"):
                p = j[f"{side}_{point}"]
                assert abs(p[0] - centre[0]) < inner and abs(p[2]) < inner, (phase, side, point)
        # On screen one plate shows each side of the lifter's hands, clear of them.
        plates = [s for s in prop_of("trap-bar-deadlift", P.TrapBar).shapes(j) if s.closed]
        xs = sorted(sum(scene.view.project(p)[0] for p in s.points) / len(s.points) for s in plates)
        hands = scene.view.project(centre)[0]
        assert xs[0] < hands - 15.0 and xs[-1] > hands + 15.0, phase


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
    # At the top the arms pull square to the trunk; at the bottom straight arms reach up to the
    # bar from the shoulders, leaning no more than a little towards the feet.
    for phase, most in (("end", 8.0), ("start", 20.0)):
        j = joints("inverted-row", phase)
        body = angle_of(sub(j["neck"], j["pelvis"]))
        arm = angle_of(sub(j["r_hand"], j["r_shoulder"]))
        assert abs((body - arm) % 180.0 - 90.0) < most, (phase, body, arm)


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


def test_back_extension_starts_folded_at_the_hips_with_the_head_clear():
    scene = scene_for("back-extension")
    bench = prop_of("back-extension", P.BackExtensionBench)
    pose = scene.start
    j = pose.joints()
    # About a right angle at the hips (not hanging straight down) and a gently rounded back.
    assert 75.0 <= pose.angle("r_hip_flex") <= 105.0, pose.angle("r_hip_flex")
    assert 0.0 < pose.angle("spine_flex") <= 20.0
    # The head hangs well clear of the floor and in front of the bench's front post.
    assert j["head"][1] - HEAD_RADIUS > 25.0
    posts = [s.points[0][0] for s in bench.shapes(j) if len(s.points) == 2]
    assert j["head"][0] - HEAD_RADIUS > max(posts)
    # End: one straight line from the heels through the hips to the head.
    e = scene.end.joints()
    assert off_line(e["r_ankle"], e["neck"], e["pelvis"]) < 3.0


def test_lumbar_rotation_knees_fall_to_the_side_with_the_shoulders_down():
    scene = scene_for("lumbar-rotation")
    # Seen mostly from the side, not from overhead.
    assert scene.view.yaw <= 45.0 and scene.view.elevation <= 30.0
    start, end = scene.start.joints(), scene.end.joints()
    for side in ("r", "l"):
        # The shoulders stay down (the upper back turns back against the pelvis)...
        assert abs(end[f"{side}_shoulder"][1] - start[f"{side}_shoulder"][1]) < 8.0
        # ...while the bent knees, up at the start, swing well over to one side.
        assert start[f"{side}_knee"][1] > 40.0
        assert end[f"{side}_knee"][2] - start[f"{side}_knee"][2] > 20.0
    assert end["r_knee"][1] < start["r_knee"][1] - 15.0  # the lower knee nears the floor


def back_bulge(slug, phase):
    """How far (cm) the thoracolumbar junction sits above (+) or below (-) the straight line
    from the pelvis to the neck: a rounded back is positive, a hollow back negative."""
    j = joints(slug, phase)
    (ax, ay), (bx, by), (px, py) = j["pelvis"][:2], j["neck"][:2], j["trunk"][:2]
    # Signed distance, positive on the upper side of the pelvis -> neck line.
    return ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) / math.hypot(bx - ax, by - ay)


def test_cat_camel_rounds_then_hollows_the_back():
    # The figure faces +x, so the upper side of the pelvis -> neck line is the back.
    # Both ends of the range, so the two pictures differ at a glance: a high rounded back
    # (over 10 cm above the straight line), then a clear dip (over 7 cm below it).
    assert back_bulge("cat-camel", "start") > 10.0
    assert back_bulge("cat-camel", "end") < -7.0
    start, end = joints("cat-camel", "start"), joints("cat-camel", "end")
    assert start["head"][1] < start["neck"][1] < end["head"][1]  # head down, then up


def along_line(a, b, p):
    """How far along the line a -> b (cm from a) point p lies, in the x-y plane."""
    d = math.hypot(b[0] - a[0], b[1] - a[1])
    return ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / d


def test_hip_hinge_dowel_touches_head_upper_back_and_tailbone():
    for phase in ("start", "end"):
        j = joints("hip-hinge-dowel", phase)
        a, b = P.dowel_ends(j)
        # The drawn stick lies on the drawn back: each contact point sits the outline plus the
        # stick's radius from the stick's axis (within a centimetre and a half).
        for point, clear in (
            ("back_of_head", P.DOWEL_CLEAR - 1.1),
            ("upper_back", P.DOWEL_CLEAR),
            ("sacrum", P.DOWEL_CLEAR),
        ):
            assert abs(off_line(a, b, j[point]) - clear) < 1.5, (phase, point)
        hands = {s: j[f"{s}_hand"] for s in ("r", "l")}
        assert all(off_line(a, b, h) < 1.0 for h in hands.values())  # both hands on the dowel
        # The lower hand is in the small of the back, between the tailbone and the ribs...
        low = along_line(a, b, hands["r"])
        assert along_line(a, b, j["sacrum"]) < low < along_line(a, b, j["trunk"]), phase
        # ...and the upper one behind the neck, above the upper back.
        high = along_line(a, b, hands["l"])
        assert along_line(a, b, j["upper_back"]) < high < along_line(a, b, j["back_of_head"])
        # The stick reaches past the head and below the tailbone.
        assert along_line(a, b, j["sacrum"]) > 10.0
        assert math.dist(a, b) - along_line(a, b, j["back_of_head"]) > 10.0
    assert above_horizontal(*[joints("hip-hinge-dowel", "end")[n] for n in ("pelvis", "neck")]) < 50


# --- carries and walking -----------------------------------------------------------------------


def test_farmers_carry_holds_heavy_weights_at_the_sides_standing_tall():
    scene = scene_for("farmers-carry")
    assert all(p.heavy for p in scene.props if isinstance(p, P.Dumbbell))
    for phase in ("start", "end"):
        pose = scene.pose(phase)
        j = pose.joints()
        assert abs(pose.pitch + pose.angle("spine_flex")) < 3.0  # upright trunk
        for side, sign in (("r", 1), ("l", -1)):
            assert pose.angle(f"{side}_elbow") < 5.0  # arms straight down...
            assert from_vertical(j[f"{side}_hand"], j[f"{side}_shoulder"]) < 12.0
            assert sign * j[f"{side}_hand"][2] > sign * j[f"{side}_hip"][2] + 10.0  # ...at sides


def test_walking_is_a_stride_with_bent_arms_swinging():
    for phase in ("start", "end"):
        pose = scene_for("walking-programme").pose(phase)
        j = pose.joints()
        lead = "r" if j["r_ankle"][0] > j["l_ankle"][0] else "l"
        trail = "l" if lead == "r" else "r"
        assert j[f"{lead}_heel"][1] < j[f"{lead}_toe"][1]  # front heel strikes
        assert j[f"{trail}_heel"][1] > j[f"{trail}_toe"][1]  # back foot pushes off its toes
        assert j[f"{trail}_hand"][0] > j["pelvis"][0] + 15.0  # opposite arm forward
        assert j[f"{lead}_elbow"][0] < j["pelvis"][0] - 5.0  # the other back
        assert min(pose.angle("r_elbow"), pose.angle("l_elbow")) > 60.0  # brisk: bent elbows


def test_reverse_hyper_hands_hold_the_front_of_the_pad_clear_of_the_body():
    for phase in ("start", "end"):
        j = joints("reverse-hyper", phase)
        for side in ("r", "l"):
            assert j[f"{side}_hand"][0] > j["head"][0] + 10.0  # in front of the head
            assert j[f"{side}_elbow"][0] > j[f"{side}_shoulder"][0]  # arms reach forward


def test_hip_thrust_starts_seated_with_the_plates_on_the_floor_and_ends_level():
    assert prop_lowest("hip-thrust", "start", P.Barbell) == pytest.approx(0.0, abs=0.5)
    end = joints("hip-thrust", "end")
    assert abs(end["pelvis"][1] - end["r_shoulder"][1]) < 10.0  # hips up level with shoulders
    assert 70.0 <= knee_bend("hip-thrust", "end") <= 110.0
    assert end["r_heel"][1] < 4.0  # feet flat


def test_pallof_press_pushes_straight_out_from_the_chest_against_a_side_band():
    band = prop_of("pallof-press", P.Band)
    start, end = joints("pallof-press", "start"), joints("pallof-press", "end")
    # The band comes from the side at chest height, not from in front.
    assert abs(band.anchor[2] - start["chest"][2]) > 80.0
    assert abs(band.anchor[0] - start["chest"][0]) < 30.0
    assert abs(band.anchor[1] - start["chest"][1]) < 10.0
    # Hands start at the chest and press straight out in front of it, at the same height.
    assert math.dist(start["hands"], start["chest"]) < 15.0
    assert end["hands"][0] - end["chest"][0] > 40.0
    assert abs(end["hands"][1] - end["chest"][1]) < 10.0
    assert max(elbow_bend("pallof-press", "end", s) for s in ("r", "l")) < 25.0
    assert min(elbow_bend("pallof-press", "start", s) for s in ("r", "l")) > 60.0


def test_cycling_feet_stay_on_the_pedals_round_the_crank():
    bike = prop_of("stationary-cycling", P.ExerciseBike)
    heights = []
    for phase in ("start", "end"):
        j = joints("stationary-cycling", phase)
        for side in ("r", "l"):
            # The ball of the foot rides just above the pedal at the end of the crank.
            reach = math.dist(j[f"{side}_ball"][:2], bike.crank[:2])
            assert reach == pytest.approx(bike.crank_length, abs=6.0), (phase, side)
        heights.append(j["r_ball"][1])
    assert heights[0] - heights[1] > 20.0  # the near pedal goes from the top down
