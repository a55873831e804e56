"""Pose model: a 3D line-art human figure placed by joint angles through forward kinematics."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

Vec3 = tuple[float, float, float]

# Everything is in centimetres for a figure of this standing height, so props can use real
# equipment sizes (a 45 cm bumper plate, a 43 cm bench) without conversion.
HEIGHT = 175.0

# Segment lengths as fractions of body height H, from the segment-length diagram in
# D. A. Winter, "Biomechanics and Motor Control of Human Movement" (4th ed., 2009, fig. 4.1),
# which is based on Drillis & Contini (1966), "Body segment parameters", Report 1166-03,
# New York University School of Engineering and Science.
RATIOS: Mapping[str, float] = {
    "thigh": 0.245,  # hip joint (0.530 H) to knee (0.285 H)
    "shank": 0.246,  # knee to ankle (0.039 H)
    "ankle_height": 0.039,
    "foot": 0.152,
    "upper_arm": 0.186,
    "forearm": 0.146,
    "hand": 0.108,
    "trunk": 0.288,  # hip joint (0.530 H) to shoulder (0.818 H)
    "neck": 0.052,  # shoulder (0.818 H) to chin (0.870 H)
    "head": 0.130,  # chin to vertex
    "shoulder_width": 0.259,
    "hip_width": 0.191,
}

L = {name: ratio * HEIGHT for name, ratio in RATIOS.items()}
# The trunk is split at the thoracolumbar junction so the spine can round (cat) or arch (camel);
# the lumbar part is the shorter one, as in the spine itself.
LUMBAR = 0.42 * L["trunk"]
THORAX = L["trunk"] - LUMBAR
HEAD_RADIUS = L["head"] / 2
# The head circle sits on the neck: shoulder line to head centre is neck plus half the head.
NECK_TO_HEAD = L["neck"] + HEAD_RADIUS
# Hip joint centres are narrower than the bitrochanteric hip width (Winter's 0.191 H).
HIP_HALF = 0.28 * L["hip_width"]
SHOULDER_HALF = 0.5 * L["shoulder_width"] * 0.8
# Where a closed hand grips a bar, measured from the wrist along the hand.
GRIP = 0.40 * L["hand"]
# Foot drawn heel -> ball; coordinates in the foot frame (x forward, y up) relative to the ankle.
HEEL_LOCAL = (-0.035 * HEIGHT, -0.024 * HEIGHT)
TOE_LOCAL = (0.112 * HEIGHT, -0.024 * HEIGHT)

# Drawn thickness (diameter, cm) of each body part; also used to find the figure's lowest surface.
WIDTH: Mapping[str, float] = {
    "torso": 24.0,
    "neck": 10.0,
    "upper_arm": 8.5,
    "forearm": 7.0,
    "hand": 7.0,
    "thigh": 13.5,
    "shank": 9.5,
    "foot": 6.0,
}

# Joint ranges in degrees (min, max), positive = flexion unless noted. Based on the AAOS
# normal ranges of motion (Greene & Heckman 1994) with the limits called for by the app:
# knees may hyperextend only ~5 deg, hips -30..130, shoulders -60..180, elbows 0..150.
LIMITS: Mapping[str, tuple[float, float]] = {
    "spine_flex": (-35.0, 80.0),  # thoracolumbar extension / flexion
    "spine_bend": (-35.0, 35.0),  # lateral flexion
    "spine_twist": (-45.0, 45.0),  # axial rotation
    "neck_flex": (-60.0, 50.0),  # extension (looking up) / flexion (chin down)
    "neck_twist": (-80.0, 80.0),
    "hip_flex": (-30.0, 130.0),
    "hip_abd": (-30.0, 50.0),  # adduction / abduction
    "knee": (-5.0, 150.0),  # flexion; a knee bent backwards shows up as below -5
    "ankle": (-55.0, 40.0),  # plantarflexion / dorsiflexion (weight-bearing lunge ~40)
    "shoulder_flex": (-60.0, 180.0),  # extension / flexion
    "shoulder_abd": (-30.0, 180.0),
    "shoulder_rot": (-70.0, 90.0),  # internal / external rotation
    "elbow": (0.0, 150.0),
    "wrist": (-90.0, 90.0),  # a palm flat on the floor under the shoulder needs ~90
}
# Numerical slack for inverse kinematics that lands a hair outside a range (e.g. -1e-9).
TOLERANCE = 0.5
SIDES = ("r", "l")
LIMB_JOINTS = (
    "hip_flex",
    "hip_abd",
    "knee",
    "ankle",
    "shoulder_flex",
    "shoulder_abd",
    "shoulder_rot",
    "elbow",
    "wrist",
)
AXIAL_JOINTS = ("spine_flex", "spine_bend", "spine_twist", "neck_flex", "neck_twist")
JOINT_NAMES = AXIAL_JOINTS + tuple(f"{s}_{j}" for s in SIDES for j in LIMB_JOINTS)

# Drawing chains: name -> (ordered joint names, segment width key per link).
CHAINS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "torso": (("pelvis", "trunk", "neck"), ("torso", "torso")),
    "head": (("neck", "head"), ("neck",)),
    **{
        f"{s}_leg": (
            (f"{s}_hip", f"{s}_knee", f"{s}_ankle", f"{s}_heel", f"{s}_toe"),
            ("thigh", "shank", "foot", "foot"),
        )
        for s in SIDES
    },
    **{
        f"{s}_arm": (
            (f"{s}_shoulder", f"{s}_elbow", f"{s}_wrist", f"{s}_hand"),
            ("upper_arm", "forearm", "hand"),
        )
        for s in SIDES
    },
}


# --- small 3D linear algebra (tuples keep it dependency-free and hashable) -------------------

Mat3 = tuple[Vec3, Vec3, Vec3]
IDENTITY: Mat3 = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def _rx(deg: float) -> Mat3:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def _ry(deg: float) -> Mat3:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def _rz(deg: float) -> Mat3:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _mul(a: Mat3, b: Mat3) -> Mat3:
    (a00, a01, a02), (a10, a11, a12), (a20, a21, a22) = a
    (b00, b01, b02), (b10, b11, b12), (b20, b21, b22) = b
    return (
        (
            a00 * b00 + a01 * b10 + a02 * b20,
            a00 * b01 + a01 * b11 + a02 * b21,
            a00 * b02 + a01 * b12 + a02 * b22,
        ),
        (
            a10 * b00 + a11 * b10 + a12 * b20,
            a10 * b01 + a11 * b11 + a12 * b21,
            a10 * b02 + a11 * b12 + a12 * b22,
        ),
        (
            a20 * b00 + a21 * b10 + a22 * b20,
            a20 * b01 + a21 * b11 + a22 * b21,
            a20 * b02 + a21 * b12 + a22 * b22,
        ),
    )


def _chain(*ms: Mat3) -> Mat3:
    out = IDENTITY
    for m in ms:
        out = _mul(out, m)
    return out


def _apply(m: Mat3, v: Vec3) -> Vec3:
    x, y, z = v
    return (
        m[0][0] * x + m[0][1] * y + m[0][2] * z,
        m[1][0] * x + m[1][1] * y + m[1][2] * z,
        m[2][0] * x + m[2][1] * y + m[2][2] * z,
    )


def _transpose(m: Mat3) -> Mat3:
    return tuple(zip(*m, strict=True))  # type: ignore[return-value]


def add(a: Vec3, b: Vec3) -> Vec3:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec3, b: Vec3) -> Vec3:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def scale(a: Vec3, k: float) -> Vec3:
    return (a[0] * k, a[1] * k, a[2] * k)


def lerp(a: Vec3, b: Vec3, t: float) -> Vec3:
    return add(a, scale(sub(b, a), t))


def dist(a: Vec3, b: Vec3) -> float:
    return math.dist(a, b)


def along(length: float, deg: float) -> Vec3:
    """Sagittal-plane vector of `length` at world angle `deg` (0 = down, 90 = forward, 180 = up)."""
    r = math.radians(deg)
    return (length * math.sin(r), -length * math.cos(r), 0.0)


def angle_of(v: Vec3) -> float:
    """World sagittal angle of a vector, same convention as `along`."""
    return math.degrees(math.atan2(v[0], -v[1]))


# --- the pose -----------------------------------------------------------------------------------


@dataclass
class Pose:
    """A figure: root (hip-joint centre) position and orientation plus relative joint angles.

    Orientation: `pitch` leans the pelvis/lumbar segment forward from vertical (90 = lying face
    down with the head towards +x, -90 = lying on the back with the head towards -x), `roll`
    tips it sideways about the world x axis (90 = lying on the right side), `yaw` turns it about
    the vertical. The figure faces +x; +z is its right side, which is nearest the side-view camera.
    """

    root: Vec3 = (0.0, L["thigh"] + L["shank"] + L["ankle_height"], 0.0)
    pitch: float = 0.0
    roll: float = 0.0
    yaw: float = 0.0
    angles: dict[str, float] = field(default_factory=dict)

    def angle(self, name: str) -> float:
        return self.angles.get(name, 0.0)

    def copy(self, **changes: object) -> Pose:
        new = replace(self, **changes)  # type: ignore[arg-type]
        if "angles" not in changes:
            new.angles = dict(self.angles)
        return new

    def set(self, **angles: float) -> Pose:
        """Set joint angles in place (keyword names as in JOINT_NAMES); returns self to chain."""
        for name, value in angles.items():
            if name not in JOINT_NAMES:
                raise KeyError(f"unknown joint {name!r}")
            self.angles[name] = _wrap(float(value))
        return self

    def moved(self, dx: float = 0.0, dy: float = 0.0, dz: float = 0.0) -> Pose:
        self.root = (self.root[0] + dx, self.root[1] + dy, self.root[2] + dz)
        return self

    # Frames ---------------------------------------------------------------------------------

    def pelvis_frame(self) -> Mat3:
        # Pitch is applied in the body frame first, then roll and yaw about world axes, so a
        # lying figure rolls about its own long axis (lumbar rotation) and a standing one leans.
        return _chain(_ry(self.yaw), _rx(self.roll), _rz(-self.pitch))

    def thorax_frame(self) -> Mat3:
        a = self.angle
        return _chain(
            self.pelvis_frame(), _ry(a("spine_twist")), _rx(-a("spine_bend")), _rz(-a("spine_flex"))
        )

    def head_frame(self) -> Mat3:
        a = self.angle
        return _chain(self.thorax_frame(), _rz(-a("neck_flex")), _ry(a("neck_twist")))

    def _limb_frame(
        self, parent: Mat3, side: str, flex: float, abd: float, rot: float = 0.0
    ) -> Mat3:
        # Abduction moves a right limb towards +z and a left limb towards -z; external rotation
        # turns a bent forearm outwards, the same way on both sides.
        sign = -1.0 if side == "r" else 1.0
        return _chain(parent, _rz(flex), _rx(sign * abd), _ry(sign * rot))

    def thigh_frame(self, side: str) -> Mat3:
        return self._limb_frame(
            self.pelvis_frame(), side, self.angle(f"{side}_hip_flex"), self.angle(f"{side}_hip_abd")
        )

    def shank_frame(self, side: str) -> Mat3:
        return _mul(self.thigh_frame(side), _rz(-self.angle(f"{side}_knee")))

    def foot_frame(self, side: str) -> Mat3:
        return _mul(self.shank_frame(side), _rz(self.angle(f"{side}_ankle")))

    def upper_arm_frame(self, side: str) -> Mat3:
        a = self.angle
        return self._limb_frame(
            self.thorax_frame(),
            side,
            a(f"{side}_shoulder_flex"),
            a(f"{side}_shoulder_abd"),
            a(f"{side}_shoulder_rot"),
        )

    def forearm_frame(self, side: str) -> Mat3:
        return _mul(self.upper_arm_frame(side), _rz(self.angle(f"{side}_elbow")))

    def hand_frame(self, side: str) -> Mat3:
        return _mul(self.forearm_frame(side), _rz(self.angle(f"{side}_wrist")))

    # Forward kinematics -----------------------------------------------------------------------

    def joints(self) -> dict[str, Vec3]:
        """World positions of every joint (plus heel, toe, hand grip, nose and back points)."""
        a = self.angle
        pelvis = self.root
        # Each frame is built once from its parent; this runs thousands of times while solving.
        pf = self.pelvis_frame()
        tf = _chain(pf, _ry(a("spine_twist")), _rx(-a("spine_bend")), _rz(-a("spine_flex")))
        hf = _chain(tf, _rz(-a("neck_flex")), _ry(a("neck_twist")))
        trunk = add(pelvis, _apply(pf, (0.0, LUMBAR, 0.0)))
        neck = add(trunk, _apply(tf, (0.0, THORAX, 0.0)))
        head = add(neck, _apply(hf, (0.0, NECK_TO_HEAD, 0.0)))
        out: dict[str, Vec3] = {
            "pelvis": pelvis,
            "trunk": trunk,
            "neck": neck,
            "head": head,
            "nose": add(head, _apply(hf, (HEAD_RADIUS + 3.0, -1.5, 0.0))),
            # Surface points on the back, where a dowel or a barbell on the back rests.
            "sacrum": add(pelvis, _apply(pf, (-WIDTH["torso"] / 2, 2.0, 0.0))),
            "upper_back": add(neck, _apply(tf, (-WIDTH["torso"] / 2, -4.0, 0.0))),
            "back_of_head": add(head, _apply(hf, (-HEAD_RADIUS, 0.0, 0.0))),
            "hip_crease": add(pelvis, _apply(pf, (WIDTH["torso"] / 2, 2.0, 0.0))),
            "chest": add(neck, _apply(tf, (WIDTH["torso"] / 2, -12.0, 0.0))),
        }
        for s in SIDES:
            lat = 1.0 if s == "r" else -1.0
            thigh_f = self._limb_frame(pf, s, a(f"{s}_hip_flex"), a(f"{s}_hip_abd"))
            shank_f = _mul(thigh_f, _rz(-a(f"{s}_knee")))
            ff = _mul(shank_f, _rz(a(f"{s}_ankle")))
            arm_f = self._limb_frame(
                tf, s, a(f"{s}_shoulder_flex"), a(f"{s}_shoulder_abd"), a(f"{s}_shoulder_rot")
            )
            fore_f = _mul(arm_f, _rz(a(f"{s}_elbow")))
            hand_f = _mul(fore_f, _rz(a(f"{s}_wrist")))
            hip = add(pelvis, _apply(pf, (0.0, 0.0, lat * HIP_HALF)))
            knee = add(hip, _apply(thigh_f, (0.0, -L["thigh"], 0.0)))
            ankle = add(knee, _apply(shank_f, (0.0, -L["shank"], 0.0)))
            heel = add(ankle, _apply(ff, (*HEEL_LOCAL, 0.0)))
            toe = add(ankle, _apply(ff, (*TOE_LOCAL, 0.0)))
            shoulder = add(neck, _apply(tf, (0.0, -4.0, lat * SHOULDER_HALF)))
            elbow = add(shoulder, _apply(arm_f, (0.0, -L["upper_arm"], 0.0)))
            wrist = add(elbow, _apply(fore_f, (0.0, -L["forearm"], 0.0)))
            hand = add(wrist, _apply(hand_f, (0.0, -GRIP, 0.0)))
            out.update(
                {
                    f"{s}_hip": hip,
                    f"{s}_knee": knee,
                    f"{s}_ankle": ankle,
                    f"{s}_heel": heel,
                    f"{s}_toe": toe,
                    f"{s}_ball": lerp(heel, toe, 0.75),
                    f"{s}_shoulder": shoulder,
                    f"{s}_elbow": elbow,
                    f"{s}_wrist": wrist,
                    f"{s}_hand": hand,
                }
            )
        out["hands"] = lerp(out["r_hand"], out["l_hand"], 0.5)
        out["feet"] = lerp(out["r_ball"], out["l_ball"], 0.5)
        return out

    def arm_base(self, side: str) -> tuple[Mat3, Vec3]:
        """Thorax frame and shoulder position: what an arm hangs from (same maths as joints)."""
        a = self.angle
        pf = self.pelvis_frame()
        tf = _chain(pf, _ry(a("spine_twist")), _rx(-a("spine_bend")), _rz(-a("spine_flex")))
        trunk = add(self.root, _apply(pf, (0.0, LUMBAR, 0.0)))
        neck = add(trunk, _apply(tf, (0.0, THORAX, 0.0)))
        lat = 1.0 if side == "r" else -1.0
        return tf, add(neck, _apply(tf, (0.0, -4.0, lat * SHOULDER_HALF)))

    def arm_end(self, side: str, tf: Mat3, shoulder: Vec3) -> Vec3:
        """The hand grip point for the current arm angles, from `arm_base`'s frame."""
        a = self.angle
        arm_f = self._limb_frame(
            tf,
            side,
            a(f"{side}_shoulder_flex"),
            a(f"{side}_shoulder_abd"),
            a(f"{side}_shoulder_rot"),
        )
        fore_f = _mul(arm_f, _rz(a(f"{side}_elbow")))
        hand_f = _mul(fore_f, _rz(a(f"{side}_wrist")))
        elbow = add(shoulder, _apply(arm_f, (0.0, -L["upper_arm"], 0.0)))
        wrist = add(elbow, _apply(fore_f, (0.0, -L["forearm"], 0.0)))
        return add(wrist, _apply(hand_f, (0.0, -GRIP, 0.0)))

    def surface_points(self, chains: Iterable[str] | None = None) -> list[tuple[Vec3, float]]:
        """Points with the drawn radius around them; their extremes bound the drawn figure."""
        j = self.joints()
        wanted = set(CHAINS) if chains is None else set(chains)
        pts: list[tuple[Vec3, float]] = [(j["head"], HEAD_RADIUS)] if "head" in wanted else []
        for name, (names, widths) in CHAINS.items():
            if name not in wanted:
                continue
            for a, b, w in zip(names, names[1:], widths, strict=False):
                r = WIDTH[w] / 2
                # Sample along each capsule so a lying limb's middle counts, not only its ends.
                for k in range(5):
                    pts.append((lerp(j[a], j[b], k / 4), r))
        return pts

    def lowest(self, chains: Iterable[str] | None = None) -> float:
        """Height of the lowest drawn surface of the figure (or of the named chains)."""
        return min(p[1] - r for p, r in self.surface_points(chains))

    def settle(self, level: float = 0.0) -> Pose:
        """Move the figure vertically so its lowest surface rests at `level`."""
        return self.moved(dy=level - self.lowest())

    # Sagittal-plane helpers (world angles: 0 = down, 90 = forward, 180 = up) ----------------------
    # They assume no roll or yaw, which holds for every pose built in the side view.

    def trunk_angle(self) -> float:
        """World angle of the thorax's downward axis (what a hanging arm is measured from)."""
        return -(self.pitch + self.angle("spine_flex"))

    def set_leg(
        self, side: str, thigh: float, shank: float | None = None, foot: float | None = None
    ) -> Pose:
        """Point the thigh, shank and foot (heel -> toe) at world angles."""
        shank = thigh if shank is None else shank
        self.set(**{f"{side}_hip_flex": thigh + self.pitch, f"{side}_knee": thigh - shank})
        if foot is not None:
            self.set(**{f"{side}_ankle": foot - shank - 90.0})
        return self

    def set_arm(
        self, side: str, upper: float, fore: float | None = None, hand: float | None = None
    ) -> Pose:
        """Point the upper arm, forearm and hand at world angles."""
        fore = upper if fore is None else fore
        hand = fore if hand is None else hand
        base = self.trunk_angle()
        self.set(
            **{
                f"{side}_shoulder_flex": upper - base,
                f"{side}_elbow": fore - upper,
                f"{side}_wrist": hand - fore,
            }
        )
        return self

    def set_head(self, deg: float) -> Pose:
        """Point the neck at a world angle (180 = straight up; larger tips the face back)."""
        thorax_up = 180.0 - self.pitch - self.angle("spine_flex")
        return self.set(neck_flex=thorax_up - deg)

    def reach_leg(self, side: str, ankle: Vec3, foot: float | None = 90.0) -> Pose:
        """Two-bone IK: bend hip and knee so the ankle lands on `ankle` (knee in front)."""
        hip = self.joints()[f"{side}_hip"]
        thigh, shank = _two_bone(hip, ankle, L["thigh"], L["shank"], bend=+1)
        return self.set_leg(side, thigh, shank, foot)

    def reach_arm(
        self, side: str, target: Vec3, hand: float | None = None, grip: bool = True
    ) -> Pose:
        """Two-bone IK: bend shoulder and elbow so the hand grip (or wrist) lands on `target`.

        With `grip` the hand continues the forearm line (a closed hand on a bar); otherwise the
        wrist is placed and the hand is pointed at the world angle `hand` (e.g. flat on the floor).
        """
        shoulder = self.joints()[f"{side}_shoulder"]
        fore_len = L["forearm"] + (GRIP if grip else 0.0)
        upper, fore = _two_bone(shoulder, target, L["upper_arm"], fore_len, bend=-1)
        return self.set_arm(side, upper, fore, None if grip else hand)

    def reach_arm_3d(
        self, side: str, target: Vec3, rot: float = 0.0, abd: float | None = None
    ) -> Pose:
        """Place the hand grip on a 3D target by least squares over shoulder flexion, abduction
        and elbow, for grips off the sagittal plane (hands together in front, a bar on the back).
        With `abd` given, abduction is held and only flexion and elbow are solved in x-y."""
        self.set(**{f"{side}_shoulder_rot": rot})
        names = [f"{side}_shoulder_flex", f"{side}_elbow"] + (
            [] if abd is not None else [f"{side}_shoulder_abd"]
        )
        if abd is not None:
            self.set(**{f"{side}_shoulder_abd": abd})
        dims = 2 if abd is not None else 3
        lo = [LIMITS["shoulder_flex"][0], LIMITS["elbow"][0], LIMITS["shoulder_abd"][0]]
        hi = [LIMITS["shoulder_flex"][1], LIMITS["elbow"][1], LIMITS["shoulder_abd"][1]]

        # Only the arm moves while solving: its base (thorax frame and shoulder) is found once
        # and each trial pose costs a few matrix products instead of a whole-body pass.
        tf, shoulder = self.arm_base(side)

        def residual() -> list[float]:
            h = self.arm_end(side, tf, shoulder)
            return [h[k] - target[k] for k in range(dims)]

        for _ in range(40):
            r = residual()
            if math.hypot(*r) < 0.1:
                break
            cols = []
            for n in names:
                keep = self.angle(n)
                self.angles[n] = keep + 0.5
                r2 = residual()
                self.angles[n] = keep
                cols.append([(b - a) / 0.5 for a, b in zip(r, r2, strict=True)])
            # Damped normal equations (Levenberg-Marquardt) so unreachable targets still settle.
            m = len(names)
            jtj = [
                [
                    sum(cols[i][k] * cols[j][k] for k in range(dims)) + (0.05 if i == j else 0.0)
                    for j in range(m)
                ]
                for i in range(m)
            ]
            jtr = [sum(cols[i][k] * r[k] for k in range(dims)) for i in range(m)]
            step = _solve_linear(jtj, [-v for v in jtr])
            for i, n in enumerate(names):
                v = self.angle(n) + max(-20.0, min(20.0, step[i]))
                self.angles[n] = max(lo[i] - 0.0, min(hi[i], v))
        return self


def _solve_linear(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def _two_bone(base: Vec3, target: Vec3, a: float, b: float, bend: int) -> tuple[float, float]:
    """World angles of two segments from `base` reaching `target` in the x-y plane.

    bend=+1 puts the middle joint in front of the base-target line (a knee), -1 behind it (an
    elbow, which flexes forwards). Out-of-reach targets give a straight limb pointing at them.
    """
    d = (target[0] - base[0], target[1] - base[1], 0.0)
    reach = min(math.hypot(d[0], d[1]), a + b - 1e-6)
    reach = max(reach, abs(a - b) + 1e-6)
    direction = angle_of(d)
    cos_base = (a * a + reach * reach - b * b) / (2 * a * reach)
    base_off = math.degrees(math.acos(max(-1.0, min(1.0, cos_base))))
    first = direction + bend * base_off
    end = add(base, along(reach, direction))
    second = angle_of(sub(end, add(base, along(a, first))))
    return first, second


def _wrap(deg: float) -> float:
    """Angles to (-180, 180] so a 350-degree wrap is not mistaken for hyperflexion."""
    v = (deg + 180.0) % 360.0 - 180.0
    return 180.0 if v == -180.0 else v


def validate(pose: Pose) -> list[str]:
    """List every joint angle outside its human range (empty list = plausible pose)."""
    problems = []
    for name, value in pose.angles.items():
        key = name.split("_", 1)[1] if name[:2] in ("r_", "l_") else name
        if key not in LIMITS:
            problems.append(f"{name}: unknown joint")
            continue
        lo, hi = LIMITS[key]
        v = _wrap(value)
        if v < lo - TOLERANCE or v > hi + TOLERANCE:
            problems.append(f"{name}: {v:.1f} deg outside {lo:g}..{hi:g}")
    return problems


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """In-between pose, angle by angle, for drawing the path a joint takes."""
    names = set(a.angles) | set(b.angles)
    mix = {n: a.angle(n) + (_wrap(b.angle(n) - a.angle(n))) * t for n in names}
    return Pose(
        root=lerp(a.root, b.root, t),
        pitch=a.pitch + _wrap(b.pitch - a.pitch) * t,
        roll=a.roll + _wrap(b.roll - a.roll) * t,
        yaw=a.yaw + _wrap(b.yaw - a.yaw) * t,
        angles=mix,
    )


def all_points(poses: Iterable[Pose]) -> list[Vec3]:
    return [p for pose in poses for p in pose.joints().values()]
