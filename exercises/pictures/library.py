"""Exercise picture library: start and end poses, camera and equipment for every exercise slug."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from . import props as P
from .pose import (
    GRIP,
    HEEL_LOCAL,
    LIMITS,
    TOE_LOCAL,
    TOLERANCE,
    WIDTH,
    L,
    Pose,
    Vec3,
    add,
    along,
    angle_of,
    lerp,
    sub,
)
from .render import FRONT, SIDE, Scene, View, render_pair_svg, render_phase_svg

# Heights of limb centre lines when resting on the floor (drawn radius of each part).
FOOT_R = WIDTH["foot"] / 2
ANKLE_FLAT = -HEEL_LOCAL[1] + FOOT_R  # ankle height with the foot flat on the floor
KNEE_DOWN = WIDTH["thigh"] / 2  # knee centre height when kneeling (the thigh is the thicker end)
WRIST_DOWN = WIDTH["hand"] / 2  # wrist height with the palm on the floor
FOREARM_DOWN = WIDTH["forearm"] / 2
ARM = L["upper_arm"] + L["forearm"]  # shoulder to wrist, straight
ARM_GRIP = ARM + GRIP


def bisect(f: Callable[[float], float], lo: float, hi: float, steps: int = 20) -> float:
    """Root of a monotonic function on [lo, hi] (the end with the smaller |f| if none)."""
    flo, fhi = f(lo), f(hi)
    if flo * fhi > 0:
        return lo if abs(flo) < abs(fhi) else hi
    for _ in range(steps):
        mid = (lo + hi) / 2
        fm = f(mid)
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def place(pose: Pose, joint: str, x: float | None = None, y: float | None = None) -> Pose:
    """Translate the figure so `joint` lands on the given coordinates."""
    j = pose.joints()[joint]
    return pose.moved(dx=0.0 if x is None else x - j[0], dy=0.0 if y is None else y - j[1])


def flat(x: float, level: float = 0.0) -> Vec3:
    """Ankle position for a foot standing flat with its heel-to-ball under x."""
    return (x, level + ANKLE_FLAT, 0.0)


def ankle_for_toe(x: float, foot: float, level: float = 0.0) -> Vec3:
    """Ankle position so the toe rests on the floor at x with the foot at world angle `foot`."""
    off = add(along(TOE_LOCAL[0], foot), along(TOE_LOCAL[1], foot + 90.0))
    return (x - off[0], level + FOOT_R - off[1], 0.0)


def ankle_for_heel(x: float, foot: float, level: float = 0.0) -> Vec3:
    """Ankle position so the heel rests on the floor at x with the foot at world angle `foot`."""
    off = add(along(HEEL_LOCAL[0], foot), along(HEEL_LOCAL[1], foot + 90.0))
    return (x - off[0], level + FOOT_R - off[1], 0.0)


def both(fn: Callable[[str], object]) -> None:
    for side in ("r", "l"):
        fn(side)


def arms_hanging(p: Pose, upper: float = 3.0, fore: float = 10.0) -> Pose:
    p.set_arm("r", upper, fore)
    p.set_arm("l", upper - 2.0, fore - 2.0)
    return p


def stand(x: float = 0.0, knee: float = 3.0) -> Pose:
    """Standing tall, arms by the sides, ankles at x."""
    p = Pose()
    both(lambda s: p.set_leg(s, knee / 2, -knee / 2, 90.0))
    arms_hanging(p)
    p.settle()
    return place(p, "r_ankle", x=x)


def hinge(
    pitch: float, thigh: float, shank: float, ankle_x: float = 0.0, spine: float = 0.0
) -> Pose:
    """Both feet flat at ankle_x, legs at the given world angles, trunk leaning `pitch`."""
    p = Pose(pitch=pitch).set(spine_flex=spine)
    both(lambda s: p.set_leg(s, thigh, shank, 90.0))
    p.settle()
    return place(p, "r_ankle", x=ankle_x)


def prone_legs(p: Pose) -> Pose:
    """Legs lying behind a face-down figure, knees a little bent so the relaxed feet rest on
    their toes instead of poking through the floor."""
    both(lambda s: p.set_leg(s, -90.0, -105.0, -105.0 + 90.0 - 50.0))
    return p


def supine_hook(p: Pose, side: str, foot_x: float) -> Pose:
    """One leg of a figure lying on its back bent with the foot flat at foot_x."""
    return p.reach_leg(side, flat(foot_x), foot=90.0)


def arms_on_floor_supine(p: Pose) -> Pose:
    """Straight arms resting on the floor alongside a figure lying on its back, palms down."""
    for s in ("r", "l"):
        sh = p.joints()[f"{s}_shoulder"]
        dy = sh[1] - WRIST_DOWN
        # Nearly full reach: a bent elbow would fold down into the floor.
        dx = max((ARM - 0.05) ** 2 - dy**2, 1.0) ** 0.5
        p.reach_arm(s, (sh[0] + dx, WRIST_DOWN, 0.0), hand=90.0, grip=False)
    return p


def kneel_leg(p: Pose, side: str, knee_x: float) -> Pose:
    """A kneeling leg: knee on the floor at knee_x, shin back, toes tucked on the floor."""
    hip = p.joints()[f"{side}_hip"]
    knee = (knee_x, KNEE_DOWN, 0.0)
    thigh = seg_angle(hip, knee)

    def toe_gap(shank: float) -> float:
        p.set_leg(side, thigh, shank, shank + 90.0 + 15.0)
        j = p.joints()
        return j[f"{side}_toe"][1] - FOOT_R

    # Tilt the shin up from the floor until the tucked toes just touch it.
    bisect(toe_gap, -92.0, -150.0)
    return p


def seg_angle(a: Vec3, b: Vec3) -> float:
    """World sagittal angle of the segment a -> b."""
    return angle_of(sub(b, a))


def scale_to(v: Vec3, length: float) -> Vec3:
    n = (v[0] ** 2 + v[1] ** 2 + v[2] ** 2) ** 0.5 or 1.0
    return (v[0] * length / n, v[1] * length / n, v[2] * length / n)


ARM_JOINTS = ("shoulder_flex", "shoulder_abd", "shoulder_rot", "elbow")


def _out_of_range(p: Pose, side: str) -> int:
    """How many of one arm's joints are outside their human range."""
    count = 0
    for joint in ARM_JOINTS:
        lo, hi = LIMITS[joint]
        v = p.angle(f"{side}_{joint}")
        count += v < lo - TOLERANCE or v > hi + TOLERANCE
    return count


def reach_arm_scan(
    p: Pose,
    side: str,
    target: Vec3,
    score: Callable[[dict[str, Vec3]], float] = lambda j: 0.0,
) -> Pose:
    """3D arm placement: the hand on `target`, trying the elbow all the way round the
    shoulder-hand line and keeping the placement that stays in joint range, keeps the arm out of
    the floor and scores best on `score` (given the arm's elbow, wrist and hand points)."""
    names = [f"{side}_{joint}" for joint in ARM_JOINTS]
    best: tuple[float, list[float]] | None = None
    for swivel in range(0, 360, 15):
        p.reach_arm_swivel(side, target, float(swivel))
        j = p.arm_points(side)
        # Parts pushed through the floor cost as much as missing the target.
        sunk = sum(max(0.0, 4.0 - j[f"{side}_{n}"][1]) for n in ("elbow", "wrist", "hand"))
        cost = (
            10.0 * math.dist(j[f"{side}_hand"], target)
            + score(j)
            + 4.0 * _out_of_range(p, side)
            + 10.0 * sunk
        )
        if best is None or cost < best[0]:
            best = (cost, [p.angle(n) for n in names])
    assert best is not None
    p.angles.update(zip(names, best[1], strict=True))
    if _out_of_range(p, side):
        # No elbow position is fully in range (a hand tucked far under the back): clamp the arm
        # into its ranges and let the least-squares solver get as close as it can from there.
        for joint, name in zip(ARM_JOINTS, names, strict=True):
            lo, hi = LIMITS[joint]
            p.angles[name] = max(lo, min(hi, p.angle(name)))
        p.reach_arm_3d(side, target, rot=p.angle(f"{side}_shoulder_rot"))
    return p


def cross_arms(p: Pose) -> Pose:
    """Arms crossed on the chest: each hand on the front of the opposite side of the chest,
    elbows kept close in. For a trunk without roll or yaw."""
    j = p.joints()
    up = 90.0 - p.pitch - p.angle("spine_flex")
    for s, z in (("r", -9.0), ("l", 9.0)):
        target = add(add(j["chest"], along(5.0, up)), add(along(-2.0, up + 90.0), (0.0, 0.0, z)))
        reach_arm_scan(p, s, target, lambda jj, s=s: 0.2 * abs(jj[f"{s}_elbow"][2]))
    return p


def lean_on_hands(sit: Callable[[float], Pose], arm: float = -25.0) -> Pose:
    """Sitting on the floor leaning back on straight arms: `sit(pitch)` builds the body and the
    lean is chosen so straight arms, angled `arm` degrees behind vertical, reach the floor."""
    drop = (ARM - 0.5) * math.cos(math.radians(arm))
    # The legs do not move the shoulders, so the lean is found on one body, tipped in place.
    body = sit(-30.0)
    pitch = bisect(
        lambda a: body.copy(pitch=a).arm_base("r")[1][1] - WRIST_DOWN - drop, -5.0, -70.0
    )
    p = sit(pitch)
    for s in ("r", "l"):
        wrist = add(p.joints()[f"{s}_shoulder"], along(ARM - 0.5, arm))
        p.reach_arm(s, (wrist[0], WRIST_DOWN, 0.0), hand=-85.0, grip=False)
    return p


def quadruped(
    spine: float = 0.0, neck: float = 0.0, hands_x: float | None = None
) -> tuple[Pose, float]:
    """On hands and knees: knees under the hips, hands under the shoulders (or at hands_x)."""
    hip_h = L["thigh"] + KNEE_DOWN

    def trunk(pitch: float) -> Pose:
        return Pose(root=(0.0, hip_h, 0.0), pitch=pitch).set(spine_flex=spine, neck_flex=neck)

    # The trunk tips until straight arms reach the floor (the legs do not change that).
    pitch = bisect(lambda a: trunk(a).arm_base("r")[1][1] - (ARM + WRIST_DOWN - 1.0), 40.0, 110.0)
    p = trunk(pitch)
    kneel_leg(p, "r", 0.0)
    kneel_leg(p, "l", 0.0)
    sx = p.joints()["r_shoulder"][0] if hands_x is None else hands_x
    for s in ("r", "l"):
        p.reach_arm(s, (sx, WRIST_DOWN, 0.0), hand=90.0, grip=False)
    return p, sx


# --- exercises ---------------------------------------------------------------------------------
# Each builder returns a Scene. The figure faces +x (to the right) in side views; its right side
# is nearest the camera, so the limb that matters is usually the right one.

EXERCISES: dict[str, Callable[[], Scene]] = {}
TITLES: dict[str, str] = {}


def exercise(slug: str, title: str) -> Callable[[Callable[[], Scene]], Callable[[], Scene]]:
    def deco(fn: Callable[[], Scene]) -> Callable[[], Scene]:
        EXERCISES[slug] = fn
        TITLES[slug] = title
        return fn

    return deco


def _pull(
    grip: Vec3,
    pitch: float,
    arm_lean: float = 4.0,
    ankle_x: float = 0.0,
    hands_z: float | None = None,
) -> Pose:
    """A lift with straight arms: hands on `grip`, shoulders `arm_lean` degrees in front of it,
    trunk pitched forward `pitch` degrees with a flat back, feet flat at ankle_x; the hips and
    knees bend to whatever joins the two (the lifter sits back or stands up to suit).
    With `hands_z` the hands hold handles that far out to each side (a trap bar)."""
    p = Pose(root=(0.0, 0.0, 0.0), pitch=pitch)
    sh = p.joints()["r_shoulder"]
    # A hair short of full reach: the arms read as straight (a few degrees at the elbow).
    reach = ARM_GRIP - 0.03
    if hands_z is not None:
        reach = math.sqrt(reach**2 - (hands_z - sh[2]) ** 2)
    shoulder = add(grip, along(reach, 180.0 - arm_lean))
    p.moved(dx=shoulder[0] - sh[0], dy=shoulder[1] - sh[1])
    both(lambda s: p.reach_leg(s, flat(ankle_x), foot=90.0))
    if hands_z is None:
        return _both_arms(p, grip)
    return _side_grip(p, grip, hands_z)


def _side_grip(p: Pose, at: Vec3, z: float) -> Pose:
    """Both hands on handles at `at`, `z` out to either side of the body's midline."""
    for s, side_z in (("r", z), ("l", -z)):
        p.reach_arm_3d(s, (at[0], at[1], side_z), rot=0.0)
    return p


def _grip_under_shoulder(p: Pose, y: float, dx: float = 0.0) -> Vec3:
    sh = p.joints()["r_shoulder"]
    return (sh[0] + dx, y, 0.0)


def _both_arms(p: Pose, target: Vec3, **kw: object) -> Pose:
    p.reach_arm("r", target, **kw)  # type: ignore[arg-type]
    p.reach_arm("l", target, **kw)  # type: ignore[arg-type]
    return p


PLATE_R = 22.5  # a standard 45 cm bumper plate: the bar's centre rests this high
BAR_AT_SHIN = 12.5  # bar over the mid-foot, touching the shins
KETTLEBELL_GRIP = P.KETTLEBELL_HANDLE  # handle height of a bell standing on the floor


def _lockout(arm_lean: float = 2.0) -> Pose:
    """Standing tall at the top of a lift, straight arms holding the weight at the thighs."""
    end = stand()
    arms_hanging(end, arm_lean, arm_lean)
    return end


@exercise("deadlift", "Deadlift")
def deadlift() -> Scene:
    # Shins leaning ~25 degrees into the bar, knees ~90, hips above the knees, a flat back ~30
    # degrees above horizontal, straight arms hanging just behind the shoulders.
    start = _pull((BAR_AT_SHIN, PLATE_R, 0.0), pitch=55.0, arm_lean=0.0)
    return Scene(
        start,
        _lockout(),
        props=(P.Barbell(),),
        track=("hands",),
        arrow_gap=30.0,
    )


@exercise("reverse-hyper", "Reverse hyperextension")
def reverse_hyper() -> Scene:
    top = 100.0
    edge = (0.0, top, 0.0)
    drop = 24.0  # handles this far below the shoulders, in front of the head

    def lying(thigh: float) -> Pose:
        p = Pose(root=(-2.0, top + WIDTH["torso"] / 2, 0.0), pitch=90.0)
        both(lambda s: p.set_leg(s, thigh, thigh, thigh + 90.0 - 30.0))
        # Hands on the handles at the front end of the pad, arms reaching forward past the
        # head, nearly straight and clear of the body.
        sh = p.joints()["r_shoulder"]
        reach = math.sqrt((ARM_GRIP - 1.5) ** 2 - drop**2)
        return _both_arms(p, (sh[0] + reach, sh[1] - drop, 0.0))

    start, end = lying(-8.0), lying(-90.0)
    pad = start.joints()["hands"][0] - 4.0 - edge[0]
    pivot = (12.0, top - 45.0, -25.0)
    return Scene(
        start,
        end,
        props=(P.ReverseHyper(edge, length=pad, pivot=pivot, arm=55.0),),
        track=("r_ankle",),
        moving=frozenset({"r_leg", "l_leg"}),
    )


@exercise("back-extension", "Back extension (45-degree bench)")
def back_extension() -> Scene:
    hip = (0.0, 95.0, 0.0)

    def on_bench(pitch: float, spine: float) -> Pose:
        p = Pose(root=hip, pitch=pitch).set(spine_flex=spine)
        both(lambda s: p.set_leg(s, -45.0, -45.0, 45.0))
        return cross_arms(p)

    # Start: folded forward over the pad, about a right angle at the hips with the back gently
    # rounded, head well clear of the floor and the bench's post; end: one straight line.
    start, end = on_bench(126.0, 14.0), on_bench(45.0, 0.0)
    j = start.joints()
    pad = add(j["r_hip"], add(along(9.0, -45.0), along(WIDTH["thigh"] / 2, 45.0)))
    foot = lerp(j["r_heel"], j["r_toe"], 0.4)
    foot = add(foot, along(FOOT_R + 1.0, -45.0))
    roller = add(j["r_ankle"], add(along(12.0, 135.0), along(WIDTH["shank"] / 2 + 5.0, -135.0)))
    return Scene(start, end, props=(P.BackExtensionBench(pad, foot, roller),), track=("head",))


@exercise("good-morning", "Good morning")
def good_morning() -> Scene:
    def pose(pitch: float, thigh: float, shank: float) -> Pose:
        p = hinge(pitch, thigh, shank)
        bar = P.outward("upper_back", "chest", 3.0)(p.joints())
        for s in ("r", "l"):
            p.reach_arm_3d(s, (bar[0], bar[1], 30.0 if s == "r" else -30.0), rot=80.0)
        return p

    start = pose(0.0, 2.0, -2.0)
    end = pose(82.0, 14.0, -8.0)
    bar = P.outward("upper_back", "chest", 3.0)
    return Scene(
        start,
        end,
        props=(P.Barbell(at=bar, plate_radius=17.0),),
        track=("neck",),
        arrow_gap=28.0,
        moving=frozenset({"torso", "head", "r_arm", "l_arm"}),
    )


@exercise("bent-over-row", "Bent-over barbell row")
def bent_over_row() -> Scene:
    def pose(pull: bool) -> Pose:
        p = hinge(50.0, 25.0, -12.0)
        if pull:
            j = p.joints()
            target = add(
                lerp(j["trunk"], j["pelvis"], 0.1), along(WIDTH["torso"] / 2 + 4.0, 90.0 - 50.0)
            )
        else:
            target = _grip_under_shoulder(p, p.joints()["r_shoulder"][1] - ARM_GRIP + 0.5, 3.0)
        return _both_arms(p, target)

    return Scene(
        pose(False),
        pose(True),
        props=(P.Barbell(),),
        track=("hands",),
        arrow_gap=30.0,
        moving=frozenset({"r_arm", "l_arm"}),
    )


@exercise("reverse-plank", "Reverse plank")
def reverse_plank() -> Scene:
    heel_x = 60.0
    foot = 150.0

    def sit(pitch: float) -> Pose:
        p = Pose(root=(0.0, WIDTH["torso"] / 2, 0.0), pitch=pitch)

        # Straight legs slope down a touch from the hips so the heels, not the air, carry them.
        def heel_gap(t: float) -> float:
            both(lambda s: p.set_leg(s, t, t, t + foot - 90.0))
            return p.joints()["r_heel"][1] - FOOT_R

        bisect(heel_gap, 70.0, 95.0)
        return place(p, "r_heel", x=heel_x)

    start = lean_on_hands(sit)

    def build(incline: float) -> Pose:
        p = Pose(pitch=-(90.0 - incline))
        both(lambda s: p.set_leg(s, 90.0 - incline, 90.0 - incline, foot - incline))
        p.settle()
        return place(p, "r_heel", x=heel_x)

    # Arms a little off vertical, hands towards the feet, keeps shoulder extension in range.
    arm = 16.0
    reach = add((0.0, WRIST_DOWN, 0.0), along(-(ARM - 0.5), arm))
    incline = bisect(lambda a: build(a).joints()["r_shoulder"][1] - reach[1], 0.0, 40.0)
    end = build(incline)
    sh = end.joints()["r_shoulder"]
    for s in ("r", "l"):
        # Fingers point towards the feet, as taught for the reverse plank.
        end.reach_arm(s, (sh[0] - reach[0], WRIST_DOWN, 0.0), hand=85.0, grip=False)
    end.set_head(180.0 - end.pitch - 15.0)
    return Scene(start, end, track=("pelvis",))


@exercise("hip-hinge-dowel", "Hip hinge with dowel")
def hip_hinge_dowel() -> Scene:
    def pose(pitch: float, thigh: float, shank: float) -> Pose:
        p = hinge(pitch, thigh, shank)
        j = p.joints()
        # Head back against the dowel: the back of the head, upper back and tailbone touch it.
        a, b = P.dowel_ends(j)
        axis = sub(b, a)
        length = math.hypot(axis[0], axis[1])

        def head_gap(neck: float) -> float:
            p.set(neck_flex=neck)
            h = p.head_points()["back_of_head"]
            # Signed distance of the back of the head in front of the stick's axis, less the
            # clearance the drawn head and stick need to just touch.
            ahead = (axis[1] * (h[0] - a[0]) - axis[0] * (h[1] - a[1])) / length
            return ahead - (P.DOWEL_CLEAR - 1.1)

        bisect(head_gap, -30.0, 40.0)
        # Near hand holds the dowel in the small of the back (the lumbar curve), elbow bent out
        # behind; the far hand holds it behind the neck. Both grip the stick's axis.
        low = lerp(a, b, 0.24)
        high = lerp(a, b, 0.68)
        reach_arm_scan(p, "r", low, lambda jj: 0.2 * jj["r_elbow"][0] - 0.2 * jj["r_elbow"][2])
        reach_arm_scan(p, "l", high, lambda jj: -0.3 * jj["l_elbow"][1])
        return p

    return Scene(
        pose(0.0, 2.0, -2.0),
        pose(55.0, 14.0, -8.0),
        props=(P.Dowel(),),
        track=("neck",),
        arrow_gap=30.0,
        moving=frozenset({"torso", "head"}),
    )


# Seen from a front quarter at floor level: the bell between the feet shows between the legs
# and the hinge still reads from the side; the floor stays one straight line.
KETTLEBELL_VIEW = View(yaw=30.0)
KB_STANCE = 14.0  # hip abduction (degrees): feet wider than the hips, room for the bell
KB_HANDLE_Z = 4.5  # each hand this far from the middle of the handle


def _kettlebell_stance(p: Pose, grip: Vec3 | None = None) -> Pose:
    """Widen the stance of a pose built in the side view, put the feet back flat on the floor
    and both hands on the handle at `grip` (None: hanging straight down from the shoulders)."""
    both(lambda s: p.set(**{f"{s}_hip_abd": KB_STANCE}))
    p.moved(dy=ANKLE_FLAT - p.joints()["r_ankle"][1])
    if grip is None:
        sh = p.joints()["r_shoulder"]
        drop = math.sqrt((ARM_GRIP - 0.3) ** 2 - (sh[2] - KB_HANDLE_Z) ** 2)
        grip = (sh[0] + 3.0, sh[1] - drop, 0.0)
    return _side_grip(p, grip, KB_HANDLE_Z)


@exercise("kettlebell-deadlift", "Kettlebell deadlift")
def kettlebell_deadlift() -> Scene:
    # The bell stands on the floor between the feet, under the shoulders, so the trunk can stay
    # a little more upright than with a barbell in front of the shins.
    grip = (6.0, KETTLEBELL_GRIP, 0.0)

    def lift(dy: float) -> Pose:
        return _pull((grip[0], grip[1] + dy, 0.0), pitch=48.0, arm_lean=2.0, hands_z=KB_HANDLE_Z)

    # Widening the stance lowers the hips; build the pose that much higher so the arms stay
    # straight once the feet are back on the floor.
    wide = lift(0.0)
    both(lambda s: wide.set(**{f"{s}_hip_abd": KB_STANCE}))
    start = _kettlebell_stance(lift(wide.joints()["r_ankle"][1] - ANKLE_FLAT), grip)
    end = _kettlebell_stance(stand())
    return Scene(
        start,
        end,
        view=KETTLEBELL_VIEW,
        props=(P.Kettlebell(across=True, front=False),),
        solid=frozenset({"l_leg"}),
        track=("hands",),
        arrow_gap=24.0,
    )


# Seen from the side, turned a little towards the front and a little from above: the lifter
# stands inside the hexagonal frame, a handle beside each thigh and a plate on either side;
# a patch of floor under the bar (a floor line cannot stay level for the far plate).
TRAP_BAR_VIEW = View(yaw=22.0, elevation=10.0)
TRAP_BAR_GRIP = 3.0  # handles over the middle of the feet, beside the legs


@exercise("trap-bar-deadlift", "Trap bar deadlift")
def trap_bar_deadlift() -> Scene:
    # Hands at the sides let the lifter sit down more: knees ~105, trunk ~50 degrees up.
    bar = (TRAP_BAR_GRIP, PLATE_R, 0.0)
    start = _pull(bar, pitch=42.0, arm_lean=0.0, hands_z=P.TRAP_HANDLE_Z)
    end = _lockout(0.0)
    sh = end.joints()["r_shoulder"]
    # Straight arms reaching a little out to the handles.
    drop = math.sqrt((ARM_GRIP - 0.05) ** 2 - (P.TRAP_HANDLE_Z - sh[2]) ** 2)
    _side_grip(end, (sh[0], sh[1] - drop, 0.0), P.TRAP_HANDLE_Z)
    return Scene(
        start,
        end,
        view=TRAP_BAR_VIEW,
        floor=False,
        props=(P.Mat(-56.0, 60.0, half_width=88.0), P.TrapBar()),
        track=("hands",),
        arrow_gap=26.0,
    )


@exercise("romanian-deadlift", "Romanian deadlift")
def romanian_deadlift() -> Scene:
    # From standing, the hips travel far back with soft knees (~25 degrees) and a flat back
    # until the bar, sliding down the thighs, reaches the middle of the shins.
    start = stand(knee=8.0)
    arms_hanging(start, 2.0, 2.0)
    end = _pull((5.0, 30.0, 0.0), pitch=76.0, arm_lean=4.0)
    return Scene(
        start,
        end,
        props=(P.Barbell(),),
        track=("hands",),
        arrow_gap=30.0,
        moving=frozenset({"torso", "head", "r_arm", "l_arm"}),
    )


@exercise("single-leg-romanian-deadlift", "Single-leg Romanian deadlift")
def single_leg_rdl() -> Scene:
    start = Pose()
    start.set_leg("l", 2.0, -2.0, 90.0)
    start.set_leg("r", -4.0, -14.0, 50.0)
    arms_hanging(start)
    start.settle()
    place(start, "l_ankle", x=0.0)
    end = Pose(pitch=82.0)
    end.set_leg("l", 14.0, -6.0, 90.0)
    end.set_leg("r", -86.0, -86.0, -20.0)
    end.settle()
    place(end, "l_ankle", x=0.0)
    sh = end.joints()["r_shoulder"]
    end.reach_arm("r", (sh[0] + 2.0, sh[1] - ARM_GRIP + 1.0, 0.0))
    end.reach_arm("l", (sh[0] + 2.0, sh[1] - ARM_GRIP + 1.0, 0.0))
    return Scene(
        start,
        end,
        props=(P.Dumbbell("r_hand"),),
        track=("r_heel", "head"),
        moving=frozenset({"r_leg", "torso", "head"}),
    )


def _bridge(pitch: float, foot_x: float, one_leg: bool = False) -> Pose:
    """Lying on the back (pitch -90) or bridging (more negative pitch lifts the hips), upper back
    on the floor, feet planted at foot_x (the right leg held straight if one_leg)."""
    p = Pose(pitch=pitch)
    p.set_head(-90.0)
    p.set_leg("r", 90.0, 90.0, 170.0)
    p.set_leg("l", 90.0, 90.0, 170.0)
    # Rest the upper back on the floor with the neck base at a fixed spot.
    p.root = (0.0, 0.0, 0.0)
    neck = p.joints()["neck"]
    p.root = (-neck[0], WIDTH["torso"] / 2 - neck[1], 0.0)
    p.moved(dx=-50.0)
    supine_hook(p, "l", foot_x)
    if one_leg:
        j = p.joints()
        knee_angle = seg_angle(j["l_hip"], j["l_knee"])
        p.set_leg("r", knee_angle + 4.0, knee_angle + 4.0, knee_angle + 4.0 + 75.0)
    else:
        supine_hook(p, "r", foot_x)
    arms_on_floor_supine(p)
    return p


@exercise("glute-bridge", "Glute bridge")
def glute_bridge() -> Scene:
    return Scene(_bridge(-90.0, 45.0), _bridge(-124.0, 45.0), track=("pelvis",), props=(P.Mat(),))


@exercise("single-leg-glute-bridge", "Single-leg glute bridge")
def single_leg_glute_bridge() -> Scene:
    return Scene(
        _bridge(-90.0, 45.0, True),
        _bridge(-124.0, 45.0, True),
        track=("pelvis",),
        props=(P.Mat(),),
    )


@exercise("hip-thrust", "Barbell hip thrust")
def hip_thrust() -> Scene:
    bench_top = 43.0
    edge_x = 0.0

    def build(pitch: float) -> Pose:
        p = Pose(root=(0.0, 0.0, 0.0), pitch=pitch)
        p.set_head(180.0 - pitch - 20.0)
        j = p.joints()
        # Rest the shoulder blades on the bench edge.

        blade = add(j["upper_back"], along(8.0, -pitch))
        return p.moved(dx=edge_x - blade[0] + 2.0, dy=bench_top - blade[1])

    end = build(-93.0)
    foot_x = end.joints()["pelvis"][0] + L["thigh"] + 2.0
    # Start sitting low with the plates resting on the floor and the bar across the hips.
    on_hips = P.outward("hip_crease", "sacrum", 6.0)
    start = build(bisect(lambda a: on_hips(build(a).joints())[1] - PLATE_R, -93.0, -20.0))
    for p in (start, end):
        supine_hook(p, "r", foot_x)
        supine_hook(p, "l", foot_x)
        _both_arms(p, on_hips(p.joints()))
    bench = P.Bench(edge_x - 45.0, edge_x, top=bench_top)
    return Scene(
        start,
        end,
        props=(bench, P.Barbell(at=on_hips)),
        track=("pelvis",),
        arrow_gap=32.0,
        arrow_side=-1,
    )


@exercise("cable-pull-through", "Cable pull-through")
def cable_pull_through() -> Scene:
    start = hinge(68.0, 22.0, -14.0)
    j = start.joints()
    _both_arms(start, (j["pelvis"][0] - 4.0, j["r_knee"][1] + 6.0, 0.0))
    end = stand()
    j = end.joints()
    _both_arms(end, add(j["hip_crease"], (12.0, -14.0, 0.0)))
    cable = P.Cable(column=(-95.0, 0.0), pulley=18.0, rope=True)
    return Scene(
        start,
        end,
        props=(cable,),
        track=("pelvis",),
        moving=frozenset({"torso", "head", "r_leg", "l_leg"}),
    )


@exercise("floor-back-extension", "Floor back extension")
def floor_back_extension() -> Scene:
    def build(lift: float) -> Pose:
        p = Pose(pitch=90.0 - lift * 0.6).set(spine_flex=-lift * 0.4)
        prone_legs(p)
        for s in ("r", "l"):
            p.set_arm(s, -80.0 + lift * 0.3, -75.0 + lift * 0.3, -75.0)
        p.settle()
        return place(p, "pelvis", x=0.0)

    return Scene(
        build(0.0),
        build(30.0),
        props=(P.Mat(),),
        track=("head",),
        moving=frozenset({"torso", "head", "r_arm", "l_arm"}),
    )


@exercise("supported-dumbbell-row", "Supported one-arm dumbbell row")
def supported_dumbbell_row() -> Scene:
    bench_top = 40.0

    def build(pull: bool) -> Pose:
        p = Pose(root=(0.0, bench_top + KNEE_DOWN + L["thigh"], 0.0), pitch=84.0)
        kneel = (0.0, bench_top + KNEE_DOWN, 0.0)
        p.set_leg("l", 0.0, -90.0, -90.0 + 90.0 - 45.0)
        p.moved(dx=kneel[0] - p.joints()["l_knee"][0], dy=kneel[1] - p.joints()["l_knee"][1])
        sh = p.joints()["l_shoulder"]
        p.reach_arm("l", (sh[0] + 2.0, bench_top + WRIST_DOWN, 0.0), hand=90.0, grip=False)
        p.reach_leg("r", flat(p.root[0] + 22.0), foot=90.0)
        if pull:
            j = p.joints()
            p.reach_arm("r", (j["pelvis"][0] + 14.0, j["pelvis"][1] - 14.0, 0.0))
        else:
            sh = p.joints()["r_shoulder"]
            p.reach_arm("r", (sh[0] + 2.0, sh[1] - ARM_GRIP + 0.5, 0.0))
        p.set_head(100.0)
        return p

    start, end = build(False), build(True)
    j = start.joints()
    bench = P.Bench(j["l_ankle"][0] - 12.0, j["l_wrist"][0] + 18.0, top=bench_top, z=-14.0)
    return Scene(
        start,
        end,
        props=(bench, P.Dumbbell("r_hand")),
        track=("r_hand",),
        moving=frozenset({"r_arm"}),
        arrow_gap=20.0,
    )


@exercise("band-row", "Band row")
def band_row() -> Scene:
    def build(pull: bool) -> Pose:
        p = stand(knee=10.0)
        j = p.joints()
        if pull:
            target = add(j["trunk"], (WIDTH["torso"] / 2 + 2.0, 2.0, 0.0))
        else:
            target = (j["r_shoulder"][0] + ARM_GRIP - 2.0, j["r_shoulder"][1] - 12.0, 0.0)
        return _both_arms(p, target)

    start = build(False)
    anchor = (start.joints()["hands"][0] + 70.0, start.joints()["hands"][1] + 4.0, 0.0)
    return Scene(
        start,
        build(True),
        props=(P.Band(anchor),),
        track=("hands",),
        moving=frozenset({"r_arm", "l_arm"}),
    )


# Seen from the side and a little from the feet, at floor level: the body hangs under the bar
# as one straight line from the heels, the bar runs a short way across the picture between
# its uprights, and the floor stays one straight line.
ROW_VIEW = View(yaw=18.0)
# Chest surface to bar centre at the top: half the trunk, its drawn outline and the bar.
BAR_REACH = 12.0 + 6.0


@exercise("inverted-row", "Inverted row")
def inverted_row() -> Scene:
    bar = (0.0, 100.0, 0.0)  # about hip height when standing

    def build(incline: float, heel_x: float = 0.0) -> Pose:
        """Body straight from heels to head, face up, tilted `incline` degrees up from the
        floor, heels on the floor at heel_x."""
        p = Pose(pitch=-(90.0 - incline))
        both(lambda s: p.set_leg(s, 90.0 - incline, 90.0 - incline, 160.0 - incline))
        p.settle()
        return place(p, "r_heel", x=heel_x)

    def on_chest(p: Pose) -> Vec3:
        """The bar touching the chest square out from the shoulders: at the top the arms pull
        at right angles to the trunk."""
        j = p.joints()
        up = sub(j["neck"], j["pelvis"])
        out = (up[1], -up[0], 0.0)  # the figure faces up: this normal points out of the chest
        sh = j["r_shoulder"]
        return add((sh[0], sh[1], 0.0), scale_to(out, BAR_REACH))

    # The heels are the pivot. Top first: the chest touches the bar from below; that fixes where
    # the heels must be. The body then swings down about the heels until the arms are straight.
    top = bisect(lambda a: on_chest(build(a))[1] - bar[1], 10.0, 70.0)
    heel_x = bar[0] - on_chest(build(top))[0]
    end = build(top, heel_x)

    def arm_gap(a: float) -> float:
        return math.dist(build(a, heel_x).joints()["r_shoulder"][:2], bar[:2]) - (ARM_GRIP - 0.03)

    start = build(bisect(arm_gap, 0.0, top), heel_x)
    for p in (start, end):
        _both_arms(p, bar)
    return Scene(
        start,
        end,
        view=ROW_VIEW,
        props=(P.RackBar(bar, half_length=80.0),),
        track=("chest",),
        arrow_side=1,
        arrow_gap=24.0,
        moving=frozenset({"torso", "head", "r_arm", "l_arm", "r_leg", "l_leg"}),
    )


def _push_up(hand_y: float, bottom: bool, toe_x: float = 0.0) -> Pose:
    """Push-up body line on the toes; hands on a surface at hand_y (floor or bench)."""

    def build(incline: float) -> Pose:
        p = Pose(pitch=90.0 - incline)
        both(lambda s: p.set_leg(s, -90.0 + incline, -90.0 + incline, incline + 10.0))
        toe = p.joints()["r_toe"]
        return p.moved(dx=toe_x - toe[0], dy=FOOT_R - toe[1])

    top_incline = bisect(
        lambda a: build(a).joints()["r_shoulder"][1] - (hand_y + WRIST_DOWN + ARM - 0.03), 0.0, 70.0
    )
    hand_x = build(top_incline).joints()["r_shoulder"][0]
    if bottom:
        # Chest a fist's height above the floor (or box), elbows bent to about a right angle.
        target_chest = hand_y + 11.0
        inc = bisect(
            lambda a: (
                min(y for y in (build(a).joints()["chest"][1] - WIDTH["torso"] / 2,)) - target_chest
            ),
            0.0,
            top_incline,
        )
        p = build(inc)
    else:
        p = build(top_incline)
    for s in ("r", "l"):
        p.reach_arm(s, (hand_x, hand_y + WRIST_DOWN, 0.0), hand=90.0, grip=False)
    return p


@exercise("push-up", "Push-up")
def push_up() -> Scene:
    return Scene(
        _push_up(0.0, False),
        _push_up(0.0, True),
        track=("chest",),
        moving=frozenset({"torso", "head", "r_leg", "l_leg", "r_arm", "l_arm"}),
    )


@exercise("incline-push-up", "Incline push-up")
def incline_push_up() -> Scene:
    top = 45.0
    start, end = _push_up(top, False), _push_up(top, True)
    hx = start.joints()["r_wrist"][0]
    return Scene(
        start,
        end,
        props=(P.Box(hx - 18.0, hx + 30.0, top),),
        track=("chest",),
        moving=frozenset({"torso", "head", "r_leg", "l_leg", "r_arm", "l_arm"}),
    )


@exercise("front-plank", "Front plank")
def front_plank() -> Scene:
    # Start with the knees down and the body already straight from head to knees, then lift
    # the knees so the body is one straight line from head to heels, on the toes. The forearms
    # stay flat with the elbows under the shoulders.
    def build(incline: float) -> Pose:
        p = Pose(pitch=90.0 - incline)
        both(lambda s: p.set_leg(s, -90.0 + incline, -90.0 + incline, incline + 10.0))
        for s in ("r", "l"):
            p.set_arm(s, 0.0, 90.0, 90.0)
        return place(p, "r_elbow", x=0.0, y=FOREARM_DOWN)

    end = build(bisect(lambda a: build(a).joints()["r_toe"][1] - FOOT_R, 0.0, 40.0))
    incline = bisect(lambda a: build(a).joints()["r_knee"][1] - KNEE_DOWN, 0.0, 40.0)
    start = build(incline)
    # Shins lifted off the floor behind, feet relaxed: the knees carry the legs.
    both(lambda s: start.set_leg(s, -90.0 + incline, -140.0, -80.0))
    return Scene(start, end, props=(P.Mat(),), track=("r_knee",), arrow_side=-1, arrow_gap=14.0)


HIPS_DOWN_ROLL = 26.0  # how far the pelvis tips up when propped on an elbow, hips down


def _side_plank(lifted: bool, knees: bool) -> Pose:
    """Lying on the right side, propped on the right forearm with the elbow under the shoulder,
    legs stacked (knees bent behind for the knee version); `lifted` raises the hips until the
    body is one straight line."""

    def build(tilt: float) -> Pose:
        # Roll 90 lies the figure on its right side. Lifted, the whole body tilts up from the
        # feet (less roll). With the hips down, the pelvis tips up a little and the waist
        # side-bends to prop the chest up, while the legs stay flat on the floor.
        lift = tilt if lifted else HIPS_DOWN_ROLL
        p = Pose(roll=90.0 - lift)
        if not lifted:
            p.set(spine_bend=tilt)
        # The upper arm stays vertical in the world, the forearm flat on the floor in front.
        p.set(r_shoulder_abd=90.0 - lift - (0.0 if lifted else tilt), r_elbow=90.0, r_wrist=0.0)
        # Legs pressed together, the top one resting on the bottom one; with the hips down the
        # legs swing back up to lie along the floor.
        swing = 0.0 if lifted else HIPS_DOWN_ROLL
        p.set(r_hip_abd=-swing, l_hip_abd=swing - 8.0)
        if knees:
            for s in ("r", "l"):
                p.set(**{f"{s}_hip_flex": 15.0, f"{s}_knee": 90.0})
        p.root = (0.0, 0.0, 0.0)
        e = p.joints()["r_elbow"]
        return p.moved(dx=-e[0], dy=WIDTH["upper_arm"] / 2 - e[1], dz=-e[2])

    body = ("torso", "r_leg", "l_leg")
    tilt = bisect(lambda t: build(t).lowest(body), 0.0, 45.0 if lifted else 35.0)
    p = build(tilt)
    # Top hand resting on the hip.
    j = p.joints()
    p.reach_arm_3d("l", add(j["l_hip"], scale_to(sub(j["l_hip"], j["r_hip"]), 9.0)), rot=10.0)
    return p


# From the front and above: the body lies across the picture on a mat, the forearm on the
# floor points out of it and bent knees show behind the body.
SIDE_PLANK_VIEW = View(yaw=80.0, elevation=35.0)


def _side_plank_scene(knees: bool) -> Scene:
    start, end = _side_plank(False, knees), _side_plank(True, knees)
    pts = [p for pose in (start, end) for p in pose.joints().values()]
    xs, zs = [p[0] for p in pts], [p[2] for p in pts]
    # Seen from above, the floor is a mat under the whole body and the forearm.
    mat = P.Mat(min(xs) - 10.0, max(xs) + 10.0, z0=min(zs) - 12.0, z1=max(zs) + 12.0)
    return Scene(
        start,
        end,
        view=SIDE_PLANK_VIEW,
        floor=False,
        props=(mat,),
        track=("pelvis",),
        moving=frozenset({"torso"}),
        solid=frozenset({"r_arm", "r_leg"}),
    )


@exercise("side-plank", "Side plank")
def side_plank() -> Scene:
    return _side_plank_scene(knees=False)


@exercise("side-plank-knees", "Side plank on knees")
def side_plank_knees() -> Scene:
    return _side_plank_scene(knees=True)


@exercise("tabletop-hold", "Tabletop hold (bent-knee reverse plank)")
def tabletop_hold() -> Scene:
    foot_x = 55.0

    def sit(pitch: float) -> Pose:
        p = Pose(root=(0.0, WIDTH["torso"] / 2, 0.0), pitch=pitch)
        both(lambda s: supine_hook(p, s, foot_x))
        return p

    start = lean_on_hands(sit)
    hand_x = start.joints()["r_wrist"][0]

    # Straight arms leaning towards the feet, as in the start, keep shoulder extension in range.
    arm = 38.0
    reach = along(-(ARM - 1.0), arm)

    def build(pitch: float) -> Pose:
        p = Pose(root=(0.0, 0.0, 0.0), pitch=pitch)
        sh = p.joints()["r_shoulder"]
        p.moved(dx=hand_x + reach[0] - sh[0], dy=WRIST_DOWN + reach[1] - sh[1])
        return p

    end = build(
        bisect(
            lambda a: build(a).joints()["pelvis"][1] - (L["shank"] + ANKLE_FLAT - 6.0),
            -60.0,
            -100.0,
        )
    )
    end.set_head(180.0 - end.pitch - 20.0)
    # Shins vertical at the top; the start is slid so both pictures share the feet.
    feet = end.joints()["pelvis"][0] + L["thigh"] + 2.0
    for s in ("r", "l"):
        supine_hook(end, s, feet)
        end.reach_arm(s, (hand_x, WRIST_DOWN, 0.0), hand=85.0, grip=False)
    place(start, "r_ankle", x=feet)
    return Scene(start, end, track=("pelvis",))


@exercise("bird-dog", "Bird dog")
def bird_dog() -> Scene:
    start, hx = quadruped()
    end, _ = quadruped(hands_x=hx)
    end.set_leg("r", -90.0 + 3.0, -90.0 + 3.0, -20.0)
    end.set_arm("l", 90.0 + 8.0, 98.0, 98.0)
    return Scene(
        start,
        end,
        track=("r_ankle", "l_hand"),
        moving=frozenset({"r_leg", "l_arm"}),
        props=(P.Mat(),),
    )


@exercise("dead-bug", "Dead bug")
def dead_bug() -> Scene:
    def build(lowered: bool) -> Pose:
        p = Pose(pitch=-90.0)
        both(lambda s: p.set_leg(s, 180.0, 90.0, 160.0))
        both(lambda s: p.set_arm(s, 180.0, 180.0))
        if lowered:
            p.set_leg("r", 97.0, 97.0, 150.0)
            p.set_arm("l", -97.0, -97.0)
        p.root = (0.0, WIDTH["torso"] / 2, 0.0)
        return p

    return Scene(
        build(False),
        build(True),
        track=("r_ankle", "l_hand"),
        moving=frozenset({"r_leg", "l_arm"}),
        props=(P.Mat(),),
    )


@exercise("mcgill-curl-up", "McGill curl-up")
def mcgill_curl_up() -> Scene:
    def build(lift: float) -> Pose:
        p = Pose(root=(0.0, WIDTH["torso"] / 2, 0.0), pitch=-90.0).set(spine_flex=lift)
        p.set_leg("r", 90.0, 90.0, 165.0)
        p.set_leg("l", 90.0, 90.0, 165.0)
        p.settle()
        supine_hook(p, "l", p.root[0] + 42.0)
        j = p.joints()
        # Hands flat under the small of the back, elbows resting on the floor out to the sides.
        # (The palms slide under the edges of the low back; the lumbar curve is kept.)
        for s, z in (("r", 20.0), ("l", -20.0)):
            reach_arm_scan(
                p,
                s,
                (j["trunk"][0] + 6.0, 4.0, z),
                lambda jj, s=s: abs(jj[f"{s}_elbow"][1] - FOREARM_DOWN),
            )
        return p

    return Scene(
        build(0.0),
        # Head and shoulders only just off the floor, the neck in line: a small lift that still
        # shows against the ghost of the start.
        build(22.0),
        track=("neck",),
        arrow_side=1,
        arrow_gap=16.0,
        moving=frozenset({"torso", "head"}),
        props=(P.Mat(),),
    )


# Seen from the front quarter and above: the arms press forward (down to the right in the
# picture) while the band runs off to the side anchor (down to the left), so both show.
PALLOF_VIEW = View(yaw=45.0, elevation=30.0)
PALLOF_ANCHOR_Z = 110.0  # the anchor is level with the chest, off the right shoulder


@exercise("pallof-press", "Pallof press")
def pallof_press() -> Scene:
    def build(pressed: bool) -> Pose:
        p = stand(knee=14.0)
        both(lambda s: p.set(**{f"{s}_hip_abd": 6.0}))
        p.settle()
        place(p, "pelvis", x=0.0)
        j = p.joints()
        chest = j["chest"]
        if pressed:
            # Arms all but straight, hands together in front of the breastbone.
            sh = j["r_shoulder"]
            dy, dz = chest[1] + 2.0 - sh[1], sh[2]
            ahead = math.sqrt((ARM_GRIP - 1.0) ** 2 - dy**2 - dz**2)
            target = (sh[0] + ahead, chest[1] + 2.0, 0.0)
        else:
            target = (chest[0] + 9.0, chest[1] + 2.0, 0.0)
        for s in ("r", "l"):
            p.reach_arm_3d(s, target, rot=-20.0 if not pressed else 0.0)
        return p

    start = build(False)
    anchor = (start.joints()["chest"][0] + 10.0, start.joints()["chest"][1], PALLOF_ANCHOR_Z)
    floor = P.Mat(z0=-28.0, z1=PALLOF_ANCHOR_Z + 18.0)
    return Scene(
        start,
        build(True),
        view=PALLOF_VIEW,
        floor=False,
        props=(floor, P.Band(anchor)),
        track=("hands",),
        moving=frozenset({"r_arm", "l_arm"}),
    )


def _stride(lead: str, x: float, swing: bool = True, carry: bool = False) -> Pose:
    """Mid-stride: `lead` leg's heel landing in front, the other foot pushing off its toes.
    `swing` swings bent arms opposite to the legs (brisk walking); `carry` holds the arms
    straight down at the sides, a little out, as under heavy weights."""
    trail = "l" if lead == "r" else "r"
    p = Pose(root=(x, 0.0, 0.0), pitch=3.0)
    step = 34.0

    def build(h: float) -> Pose:
        p.root = (x, h, 0.0)
        p.reach_leg(lead, ankle_for_heel(x + step, 100.0), foot=100.0)
        p.reach_leg(trail, ankle_for_toe(x - step + 8.0, 40.0), foot=40.0)
        return p

    top = L["thigh"] + L["shank"] + ANKLE_FLAT
    # Highest hip that still lets both feet reach their marks, so the legs stay nearly straight.
    h = bisect(
        lambda hh: build(hh).joints()[f"{lead}_heel"][1] - FOOT_R - 0.3, top - 15.0, top + 5.0
    )
    build(h - 0.3)
    if carry:
        p.pitch = 0.0  # tall and upright under the load
        build(h - 0.3)
        for s in ("r", "l"):
            p.set_arm(s, 0.0, 0.0)
            p.set(**{f"{s}_shoulder_abd": 8.0})
    elif swing:
        # Brisk walking: elbows bent to about a right angle, the arm opposite the front leg
        # swinging forward and the other back.
        p.set_arm(trail, 28.0, 105.0)
        p.set_arm(lead, -32.0, 45.0)
    return p


CARRY_VIEW = View(yaw=32.0, elevation=8.0)


@exercise("farmers-carry", "Farmer's carry")
def farmers_carry() -> Scene:
    start, end = _stride("r", 0.0, carry=True), _stride("l", 68.0, carry=True)
    return Scene(
        start,
        end,
        view=CARRY_VIEW,
        props=(P.Dumbbell("r_hand", heavy=True), P.Dumbbell("l_hand", heavy=True)),
        track=("pelvis",),
        moving=frozenset({"r_leg", "l_leg"}),
        arrow_side=-1,
        arrow_gap=40.0,
    )


@exercise("suitcase-carry", "Suitcase carry")
def suitcase_carry() -> Scene:
    start, end = _stride("r", 0.0, carry=True), _stride("l", 68.0, carry=True)
    for p in (start, end):
        p.set(l_shoulder_abd=12.0, l_elbow=20.0)
    return Scene(
        start,
        end,
        view=View(yaw=62.0, elevation=6.0),
        props=(P.Kettlebell("r_hand"),),
        track=("pelvis",),
        moving=frozenset({"r_arm"}),
        arrow_side=-1,
        arrow_gap=40.0,
    )


@exercise("goblet-squat", "Goblet squat")
def goblet_squat() -> Scene:
    def hold(p: Pose) -> Pose:
        j = p.joints()
        up = 90.0 - p.pitch - p.angle("spine_flex")
        return _both_arms(p, add(add(j["chest"], along(10.0, up)), along(-2.0, up + 90.0)))

    start = stand()
    end = hinge(36.0, 80.0, -36.0)
    return Scene(hold(start), hold(end), props=(P.Kettlebell(),), track=("pelvis",), arrow_side=-1)


@exercise("sit-to-stand", "Sit to stand")
def sit_to_stand() -> Scene:
    seat = 45.0
    start = Pose(root=(0.0, seat + 10.0, 0.0), pitch=18.0)
    foot_x = 44.0
    both(lambda s: supine_hook(start, s, foot_x))
    end = stand(x=foot_x - 3.0)
    for p in (start, end):
        cross_arms(p)  # as in the chair-stand test
    return Scene(start, end, props=(P.Chair(front=12.0, seat=seat),), track=("pelvis",))


@exercise("split-squat", "Split squat")
def split_squat() -> Scene:
    # The feet stay put, a stride apart; the back foot is on its toes with the heel up.
    front, back = 34.0, -42.0

    def build(hip_x: float, h: float, back_foot: float, tilt: float) -> Pose:
        # The pelvis tips forward a little (the low back keeps the trunk upright) so the back
        # hip is not forced past its extension range.
        p = Pose(root=(hip_x, h, 0.0), pitch=tilt).set(spine_flex=-0.7 * tilt)
        p.reach_leg("r", flat(front), foot=90.0)
        p.reach_leg("l", ankle_for_toe(back, back_foot), foot=back_foot)
        arms_hanging(p, 2.0, 8.0)
        return p

    # Top: standing tall, the front knee all but straight and the back knee nearly so.
    h = bisect(lambda h: build(-1.0, h, 50.0, 8.0).angle("r_knee") - 4.0, 75.0, 95.0)
    start = build(-1.0, h, 50.0, 8.0)
    # Bottom: straight down until the back knee hovers just above the floor, the front thigh
    # about level; the back heel rises further as the shin tips back.
    h = bisect(lambda h: build(0.0, h, 18.0, 4.0).joints()["l_knee"][1] - 11.0, 40.0, 70.0)
    end = build(0.0, h, 18.0, 4.0)
    return Scene(
        start,
        end,
        track=("pelvis",),
        moving=frozenset({"torso", "r_leg", "l_leg"}),
        arrow_side=1,
        arrow_gap=26.0,
    )


@exercise("step-up", "Step-up")
def step_up() -> Scene:
    box_h = STEP_BOX
    start = Pose(root=(-6.0, 0.0, 0.0), pitch=12.0)

    def build(h: float) -> Pose:
        start.root = (-6.0, h, 0.0)
        start.reach_leg("r", flat(32.0, box_h), foot=90.0)
        start.reach_leg("l", flat(-14.0), foot=90.0)
        return start

    build(
        bisect(
            lambda h: build(h).joints()["l_knee"][0] - build(h).joints()["l_hip"][0] - 3.0,
            70.0,
            95.0,
        )
    )
    arms_hanging(start)
    end = stand(x=32.0)
    end.moved(dy=box_h)
    end.set_leg("l", 40.0, -40.0, 70.0)
    return Scene(start, end, props=(P.Box(8.0, 62.0, box_h),), track=("pelvis",))


@exercise("walking-programme", "Walking")
def walking_programme() -> Scene:
    return Scene(
        _stride("r", 0.0),
        _stride("l", 68.0),
        track=("pelvis",),
        moving=frozenset({"r_leg", "l_leg"}),
        arrow_side=-1,
        arrow_gap=40.0,
    )


@exercise("stationary-cycling", "Stationary cycling")
def stationary_cycling() -> Scene:
    crank = (0.0, 32.0, 0.0)
    saddle = (-24.0, 94.0, 0.0)
    bars = (46.0, 112.0, 0.0)

    def build(angle: float) -> Pose:
        # Pedal angle in degrees, 0 = forward horizontal, 90 = top, measured anticlockwise.
        import math

        p = Pose(root=(saddle[0] + 2.0, saddle[1] + 10.0, 0.0), pitch=36.0)
        for s, a in (("r", angle), ("l", angle + 180.0)):
            pedal = (
                crank[0] + 17.5 * math.cos(math.radians(a)),
                crank[1] + 17.5 * math.sin(math.radians(a)),
                0.0,
            )
            foot = 78.0
            ball = add(
                along(TOE_LOCAL[0] * 0.75 + HEEL_LOCAL[0] * 0.25, foot),
                along(TOE_LOCAL[1] - FOOT_R - 1.0, foot + 90.0),
            )
            p.reach_leg(s, (pedal[0] - ball[0], pedal[1] - ball[1], 0.0), foot=foot)
        _both_arms(p, bars)
        p.set_head(150.0)
        return p

    return Scene(
        build(60.0),
        build(-80.0),
        props=(P.ExerciseBike(crank, saddle, bars),),
        track=("r_ball",),
        moving=frozenset({"r_leg"}),
        arrow_gap=16.0,
    )


@exercise("cat-camel", "Cat-camel")
def cat_camel() -> Scene:
    # Both ends of the range, clearly different: the back rounded right up with the chin
    # tucked, then hollowed as far as it goes with the head raised.
    start, hx = quadruped(spine=58.0, neck=45.0)
    end, _ = quadruped(spine=-35.0, neck=-45.0, hands_x=hx)
    return Scene(
        start,
        end,
        track=("mid_back",),
        moving=frozenset({"torso", "head"}),
        props=(P.Mat(),),
        arrow_side=1,
        arrow_gap=14.0,
    )


@exercise("prone-press-up", "Prone press-up")
def prone_press_up() -> Scene:
    def build(lift: float, hand_x: float | None, arms: bool = True) -> tuple[Pose, float]:
        p = Pose(pitch=90.0 - lift * 0.5).set(spine_flex=-lift * 0.5)
        prone_legs(p)
        p.set_leg("r", -90.0, -104.0, -104.0 + 40.0)
        p.set_leg("l", -90.0, -104.0, -104.0 + 40.0)
        p.set(neck_flex=-10.0 if lift else 0.0)
        p.settle()
        place(p, "pelvis", x=0.0)
        sh = p.joints()["r_shoulder"]
        hx = sh[0] + 8.0 if hand_x is None else hand_x
        if not arms:
            return p, hx
        # Palms on the floor beside the chest; when lying flat the elbows bend up and out.
        for s, z in (("r", 24.0), ("l", -24.0)):
            reach_arm_scan(p, s, (hx, WRIST_DOWN, z), lambda jj, s=s: -0.3 * jj[f"{s}_elbow"][1])
        # Folded arms can dip a hair under the chest line; rest the lowest part on the floor.
        return p.settle(), hx

    start, hx = build(0.0, None)
    lift = bisect(
        lambda a: build(a, hx, arms=False)[0].joints()["r_shoulder"][1] - (ARM + WRIST_DOWN - 4.0),
        0.0,
        60.0,
    )
    end, _ = build(lift, hx)
    return Scene(
        start,
        end,
        track=("head",),
        moving=frozenset({"torso", "head"}),
        props=(P.Mat(),),
    )


# Seen from the side, a little from the feet end and from above: the figure lies along the
# picture on its back, knees up, and the knees fall towards the viewer onto the mat in front
# of the body while the shoulders stay down.
LUMBAR_ROTATION_VIEW = View(yaw=25.0, elevation=22.0)


@exercise("lumbar-rotation", "Lumbar rotation")
def lumbar_rotation() -> Scene:
    def build(roll: float) -> Pose:
        p = Pose(root=(0.0, WIDTH["torso"] / 2, 0.0), pitch=-90.0)
        supine_hook(p, "r", 42.0)
        supine_hook(p, "l", 42.0)
        p.roll = roll
        # The thorax counter-rotates so the shoulders stay on the floor.
        p.set(spine_twist=min(roll, 45.0))
        for s in ("r", "l"):
            p.set(**{f"{s}_shoulder_abd": 50.0, f"{s}_elbow": 10.0, f"{s}_shoulder_flex": 0.0})
        p.set_head(-90.0)
        p.set(neck_flex=0.0)
        return p.settle()

    return Scene(
        build(0.0),
        build(55.0),
        view=LUMBAR_ROTATION_VIEW,
        floor=False,
        props=(P.Mat(half_width=62.0),),
        track=("l_knee",),
        arrow_gap=20.0,
        moving=frozenset({"r_leg", "l_leg"}),
    )


@exercise("knee-to-chest", "Knee to chest")
def knee_to_chest() -> Scene:
    def build(hug: bool) -> Pose:
        p = Pose(root=(0.0, WIDTH["torso"] / 2, 0.0), pitch=-90.0)
        supine_hook(p, "l", 44.0)
        if hug:
            p.set_leg("r", 205.0, 85.0, 150.0)
            j = p.joints()
            target = lerp(j["r_knee"], j["r_ankle"], 0.25)
            target = add(target, along(6.0, 180.0))
            _both_arms(p, target)
        else:
            supine_hook(p, "r", 44.0)
            arms_on_floor_supine(p)
        return p

    return Scene(
        build(False),
        build(True),
        track=("r_knee",),
        moving=frozenset({"r_leg", "r_arm", "l_arm"}),
        props=(P.Mat(),),
    )


@exercise("sciatic-nerve-slider", "Sciatic nerve slider")
def sciatic_nerve_slider() -> Scene:
    seat = 45.0

    def build(straight: bool) -> Pose:
        p = Pose(root=(0.0, seat + 10.0, 0.0), pitch=-4.0)
        supine_hook(p, "l", 42.0)
        if straight:
            p.set_leg("r", 92.0, 88.0, 168.0)
            p.set_head(195.0)
        else:
            supine_hook(p, "r", 42.0)
            p.set_head(150.0)
        j = p.joints()
        for s in ("r", "l"):
            p.reach_arm(s, (j["pelvis"][0] + 6.0, seat + 3.0, 0.0))
        return p

    return Scene(
        build(False),
        build(True),
        props=(P.Chair(front=14.0, seat=seat),),
        track=("r_ankle",),
        moving=frozenset({"r_leg", "head"}),
    )


@exercise("sciatic-nerve-tensioner", "Sciatic nerve tensioner (slump)")
def sciatic_nerve_tensioner() -> Scene:
    seat = 45.0

    def build(straight: bool) -> Pose:
        p = Pose(root=(0.0, seat + 10.0, 0.0), pitch=8.0).set(spine_flex=30.0)
        supine_hook(p, "l", 42.0)
        if straight:
            p.set_leg("r", 90.0, 86.0, 86.0 + 90.0 + 15.0)
            p.set(neck_flex=45.0)
        else:
            supine_hook(p, "r", 42.0)
            p.set(neck_flex=-30.0)
        # Hands resting on the thighs.
        j = p.joints()
        for s in ("r", "l"):
            on_thigh = lerp(j[f"{s}_hip"], j[f"{s}_knee"], 0.55)
            p.reach_arm(s, (on_thigh[0], on_thigh[1] + WIDTH["thigh"] / 2 + 2.0, 0.0))
        return p

    return Scene(
        build(False),
        build(True),
        props=(P.Chair(front=14.0, seat=seat),),
        track=("r_ankle",),
        moving=frozenset({"r_leg", "head"}),
    )


@exercise("half-kneeling-hip-flexor-stretch", "Half-kneeling hip flexor stretch")
def half_kneeling_hip_flexor_stretch() -> Scene:
    front_x = 58.0

    def build(shift: float) -> Pose:
        p = Pose(
            root=(shift, KNEE_DOWN + L["thigh"] * (1.0 if not shift else 0.97), 0.0), pitch=-3.0
        )
        kneel_leg(p, "r", 0.0)
        p.reach_leg("l", flat(front_x), foot=90.0)
        j = p.joints()
        _both_arms(p, add(j["hip_crease"], (2.0, 10.0, 0.0)))
        return p

    return Scene(
        build(0.0),
        build(18.0),
        track=("pelvis",),
        moving=frozenset({"r_leg"}),
        props=(P.Mat(),),
        arrow_side=1,
    )


@exercise("supine-hamstring-stretch", "Supine hamstring stretch with strap")
def supine_hamstring_stretch() -> Scene:
    def build(raise_deg: float) -> Pose:
        p = Pose(root=(0.0, WIDTH["torso"] / 2, 0.0), pitch=-90.0)
        p.set_leg("l", 90.0, 90.0, 165.0)
        p.set_leg("r", 90.0 + raise_deg, 90.0 + raise_deg, 165.0 + raise_deg - 20.0)
        j = p.joints()
        target = lerp(j["chest"], j["r_toe"], 0.22 if raise_deg > 30 else 0.45)
        target = (target[0], max(target[1], 30.0), 0.0)
        _both_arms(p, target)
        return p

    return Scene(
        build(8.0),
        build(72.0),
        props=(P.Strap("r"), P.Mat()),
        track=("r_ankle",),
        moving=frozenset({"r_leg"}),
    )


@exercise("hamstring-bridge-walkout", "Hamstring bridge walkout")
def hamstring_bridge_walkout() -> Scene:
    def build(far: bool) -> Pose:
        p = _bridge(-124.0 if not far else -107.0, 45.0)
        if far:
            for s in ("r", "l"):
                p.reach_leg(s, ankle_for_heel(88.0, 140.0), foot=140.0)
        return p

    return Scene(
        build(False),
        build(True),
        track=("r_ankle",),
        moving=frozenset({"r_leg", "l_leg"}),
        props=(P.Mat(),),
    )


# --- public API ----------------------------------------------------------------------------------

EXERCISE_SLUGS: tuple[str, ...] = tuple(EXERCISES)
PHASES = ("start", "end")


HINGE = frozenset({"torso", "head"})
# The accent marks the part a patient should watch; hinges highlight the trunk swinging about
# the hips, other lifts keep whatever the exercise builder chose.
ACCENT: dict[str, frozenset[str]] = {
    "deadlift": HINGE,
    "kettlebell-deadlift": HINGE,
    "trap-bar-deadlift": HINGE,
    "romanian-deadlift": HINGE,
    "good-morning": HINGE,
    "hip-hinge-dowel": HINGE,
    "back-extension": HINGE,
    "cable-pull-through": HINGE,
    "single-leg-romanian-deadlift": frozenset({"torso", "head", "r_leg"}),
    "reverse-plank": frozenset({"torso", "r_leg", "l_leg"}),
    "tabletop-hold": frozenset({"torso"}),
    "glute-bridge": frozenset({"torso"}),
    "single-leg-glute-bridge": frozenset({"torso", "r_leg"}),
    "hip-thrust": frozenset({"torso"}),
    "push-up": frozenset({"r_arm", "l_arm"}),
    "incline-push-up": frozenset({"r_arm", "l_arm"}),
    "inverted-row": frozenset({"r_arm", "l_arm"}),
    "front-plank": frozenset({"torso", "r_leg", "l_leg"}),
    "goblet-squat": frozenset({"r_leg", "l_leg"}),
    "sit-to-stand": frozenset({"r_leg", "l_leg"}),
    "split-squat": frozenset({"r_leg", "l_leg"}),
    "step-up": frozenset({"r_leg"}),
    "floor-back-extension": frozenset({"torso", "head"}),
    "farmers-carry": frozenset(),
    "suitcase-carry": frozenset({"r_arm"}),
    "walking-programme": frozenset(),
}


STEP_BOX = 32.0
# Where each figure rests when it is not on the floor in both pictures.
GROUND: dict[str, tuple[float | None, float | None]] = {
    "reverse-hyper": (None, None),  # lying on the machine's pad, legs hanging
    "back-extension": (None, None),  # feet on the bench's foot plate
    "stationary-cycling": (None, None),  # on the saddle, feet on the pedals
    "step-up": (0.0, STEP_BOX),  # ends standing on the box
}


# How far a mat reaches past the outermost joints: under the head and the feet, no further, so
# lying figures are framed by themselves and fill the picture's width.
MAT_OVERHANG = 6.0


@cache
def scene_for(slug: str) -> Scene:
    """The Scene (poses, camera, props) for a slug; KeyError if there are no pictures."""
    scene = EXERCISES[slug]()
    # Mats without explicit ends run under both poses, whatever the figure's length.
    xs = [p[0] for pose in (scene.start, scene.end) for p in pose.joints().values()]
    mats = tuple(
        replace(prop, x0=min(xs) - MAT_OVERHANG, x1=max(xs) + MAT_OVERHANG)
        if isinstance(prop, P.Mat) and prop.x0 is None
        else prop
        for prop in scene.props
    )
    scene = replace(scene, props=mats)
    if slug in GROUND:
        scene = replace(scene, ground=GROUND[slug])
    if slug in ACCENT:
        scene = replace(scene, moving=ACCENT[slug])
    return scene


def has_pictures(slug: str) -> bool:
    return slug in EXERCISES


def poses_for(slug: str) -> tuple[Pose, Pose]:
    """(start, end) poses, so callers and tests can check joint ranges and framing."""
    s = scene_for(slug)
    return s.start, s.end


def title_for(slug: str) -> str:
    return TITLES[slug]


@cache
def render_exercise_svg(slug: str, phase: str) -> str:
    """Standalone SVG of the start or end position of an exercise."""
    if phase not in PHASES:
        raise ValueError("phase must be 'start' or 'end'")
    return render_phase_svg(
        scene_for(slug), phase, f"{TITLES[slug]}: {phase} position", f"pic-{slug}-{phase}"
    )


@cache
def render_exercise_pair_svg(slug: str) -> str:
    """Start and end side by side with "Start" and "End" labels, for exercise sheets."""
    return render_pair_svg(
        scene_for(slug), f"{TITLES[slug]}: start and end positions", f"pic-{slug}-pair"
    )


__all__ = [
    "EXERCISE_SLUGS",
    "FRONT",
    "SIDE",
    "has_pictures",
    "poses_for",
    "render_exercise_pair_svg",
    "render_exercise_svg",
    "scene_for",
    "title_for",
]
