"""Exercise pictures engine: the solvers and shortcuts behind fast per-exercise pictures."""

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from exercises.pictures.pose import GRIP, L, Pose
from exercises.pictures.render import arc_through

angle = st.floats(min_value=-60.0, max_value=60.0)


def posed(pitch, roll, flex, twist, wrist):
    return Pose(pitch=pitch, roll=roll).set(spine_flex=flex, spine_twist=twist, r_wrist=wrist)


@settings(max_examples=60, deadline=None)
@given(
    pitch=angle,
    roll=angle,
    flex=st.floats(min_value=-20.0, max_value=40.0),
    twist=st.floats(min_value=-30.0, max_value=30.0),
    wrist=st.floats(min_value=-30.0, max_value=30.0),
    direction=st.tuples(angle, angle, angle),
    reach=st.floats(min_value=0.15, max_value=0.98),
    swivel=st.floats(min_value=0.0, max_value=360.0),
)
# Straight along the elbow's reference direction (found by Hypothesis).
@example(
    pitch=0.0,
    roll=0.0,
    flex=0.0,
    twist=0.0,
    wrist=0.0,
    direction=(1.0, 1.0, 0.0),
    reach=0.5,
    swivel=0.0,
)
def test_closed_form_arm_reach_puts_the_hand_on_any_reachable_target(
    pitch, roll, flex, twist, wrist, direction, reach, swivel
):
    pose = posed(pitch, roll, flex, twist, wrist)
    shoulder = pose.joints()["r_shoulder"]
    norm = math.hypot(*direction)
    if norm < 1.0:
        return
    length = reach * (L["upper_arm"] + L["forearm"] + GRIP * math.cos(math.radians(wrist)))
    target = tuple(shoulder[k] + direction[k] / norm * length for k in range(3))
    pose.reach_arm_swivel("r", target, swivel)
    assert math.dist(pose.joints()["r_hand"], target) < 1e-6


def test_out_of_reach_target_gets_a_straight_arm_pointing_at_it():
    pose = Pose()
    shoulder = pose.joints()["r_shoulder"]
    target = (shoulder[0] + 200.0, shoulder[1], shoulder[2])
    pose.reach_arm_swivel("r", target, 0.0)
    j = pose.joints()
    assert pose.angle("r_elbow") == pytest.approx(0.0, abs=0.1)
    assert j["r_hand"][0] > j["r_elbow"][0] > shoulder[0]
    assert j["r_hand"][1] == pytest.approx(shoulder[1], abs=1e-6)


def test_joints_follow_every_change_to_the_pose():
    pose = Pose()
    before = dict(pose.joints())
    pose.set(r_knee=60.0)
    assert pose.joints()["r_ankle"] != before["r_ankle"]
    pose.angles["r_elbow"] = 90.0  # solvers write angles directly
    assert pose.joints()["r_hand"] != before["r_hand"]
    pose.pitch = 30.0
    assert pose.joints()["head"] != before["head"]


def test_moving_the_figure_moves_every_point_exactly():
    pose = Pose().set(r_knee=40.0, spine_flex=20.0, l_shoulder_flex=70.0)
    before = dict(pose.joints())
    pose.moved(dx=12.5, dy=-3.0, dz=1.0)
    shifted = pose.joints()
    fresh = Pose(root=pose.root, angles=dict(pose.angles)).joints()
    for name, point in before.items():
        assert shifted[name] == pytest.approx((point[0] + 12.5, point[1] - 3.0, point[2] + 1.0))
        assert shifted[name] == pytest.approx(fresh[name])


@pytest.mark.parametrize("spine", [-30.0, 0.0, 45.0])
def test_lowest_is_the_lowest_drawn_surface(spine):
    pose = Pose(pitch=70.0).set(spine_flex=spine, r_knee=90.0, l_hip_flex=100.0)
    sampled = min(p[1] - r for p, r in pose.surface_points())
    assert pose.lowest() == pytest.approx(sampled)


def circumcentre(a, b, c):
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    d = 2.0 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    ux = (ax**2 + ay**2) * (by - cy) + (bx**2 + by**2) * (cy - ay) + (cx**2 + cy**2) * (ay - by)
    uy = (ax**2 + ay**2) * (cx - bx) + (bx**2 + by**2) * (ax - cx) + (cx**2 + cy**2) * (bx - ax)
    return ux / d, uy / d


@pytest.mark.parametrize("bulge", [-8.0, 8.0])
def test_back_arc_runs_through_pelvis_junction_and_neck(bulge):
    a, b, c = (0.0, 0.0), (20.0, bulge), (45.0, 0.0)
    arc = arc_through(a, b, c)
    assert arc[0] == pytest.approx(a) and arc[-1] == pytest.approx(c)
    centre = circumcentre(a, b, c)
    radius = math.dist(centre, a)
    assert all(math.dist(p, centre) == pytest.approx(radius) for p in arc)
    # It bulges the same way as the junction (the short way round, through b).
    assert all(math.copysign(1.0, p[1]) == math.copysign(1.0, bulge) for p in arc[1:-1])
    step = math.dist(arc[0], arc[1])
    assert min(math.dist(p, b) for p in arc) < step  # b lies on the arc, between samples


def test_a_straight_back_stays_straight():
    points = [(0.0, 0.0), (10.0, 0.1), (20.0, 0.0)]
    assert arc_through(*points) == points
