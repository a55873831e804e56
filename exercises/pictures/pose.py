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

# Per-side dictionary keys, built once (f-strings in the kinematics loop cost real time).
_KEYS: Mapping[str, Mapping[str, str]] = {
    s: {
        **{j: f"{s}_{j}" for j in LIMB_JOINTS},
        **{
            p: f"{s}_{p.removesuffix('_pt')}"
            for p in (
                "hip",
                "knee_pt",
                "ankle_pt",
                "heel",
                "toe",
                "ball",
                "shoulder",
                "elbow_pt",
                "wrist_pt",
                "hand",
            )
        },
    }
    for s in SIDES
}

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


# Right-multiplying by an elementary rotation touches only two columns; these are the hot path
# of forward kinematics (run thousands of times while a pose is solved), so they are unrolled.


def _turn_z(m: Mat3, deg: float) -> Mat3:
    """m @ Rz(deg)."""
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    (a0, a1, a2), (b0, b1, b2), (d0, d1, d2) = m
    return (
        (a0 * c + a1 * s, a1 * c - a0 * s, a2),
        (b0 * c + b1 * s, b1 * c - b0 * s, b2),
        (d0 * c + d1 * s, d1 * c - d0 * s, d2),
    )


def _turn_x(m: Mat3, deg: float) -> Mat3:
    """m @ Rx(deg)."""
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    (a0, a1, a2), (b0, b1, b2), (d0, d1, d2) = m
    return (
        (a0, a1 * c + a2 * s, a2 * c - a1 * s),
        (b0, b1 * c + b2 * s, b2 * c - b1 * s),
        (d0, d1 * c + d2 * s, d2 * c - d1 * s),
    )


def _turn_y(m: Mat3, deg: float) -> Mat3:
    """m @ Ry(deg)."""
    r = math.radians(deg)
    c, s = math.cos(r), math.sin(r)
    (a0, a1, a2), (b0, b1, b2), (d0, d1, d2) = m
    return (
        (a0 * c - a2 * s, a1, a0 * s + a2 * c),
        (b0 * c - b2 * s, b1, b0 * s + b2 * c),
        (d0 * c - d2 * s, d1, d0 * s + d2 * c),
    )


def _along_y(m: Mat3, length: float) -> Vec3:
    """m @ (0, length, 0): a segment pointing along the frame's own long axis."""
    return (m[0][1] * length, m[1][1] * length, m[2][1] * length)


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
    # The last joints() result with the state it was computed for, kept as one tuple so a
    # reader in another thread never pairs a state with another state's points.
    _memo: tuple[tuple, dict[str, Vec3]] | None = field(default=None, compare=False, repr=False)

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
        memo = self._memo
        fresh = memo is not None and memo[0] == self._state()
        self.root = (self.root[0] + dx, self.root[1] + dy, self.root[2] + dz)
        if fresh:
            # Shifting the whole figure shifts every point: no need to redo the kinematics.
            moved = {k: (v[0] + dx, v[1] + dy, v[2] + dz) for k, v in memo[1].items()}
            self._memo = (self._state(), moved)
        return self

    # Frames ---------------------------------------------------------------------------------

    def pelvis_frame(self) -> Mat3:
        # Pitch is applied in the body frame first, then roll and yaw about world axes, so a
        # lying figure rolls about its own long axis (lumbar rotation) and a standing one leans.
        return _turn_z(_turn_x(_turn_y(IDENTITY, self.yaw), self.roll), -self.pitch)

    def thorax_frame(self) -> Mat3:
        a = self.angle
        m = _turn_y(self.pelvis_frame(), a("spine_twist"))
        return _turn_z(_turn_x(m, -a("spine_bend")), -a("spine_flex"))

    def head_frame(self) -> Mat3:
        a = self.angle
        return _turn_y(_turn_z(self.thorax_frame(), -a("neck_flex")), a("neck_twist"))

    @staticmethod
    def _limb_frame(parent: Mat3, side: str, flex: float, abd: float, rot: float = 0.0) -> Mat3:
        # Abduction moves a right limb towards +z and a left limb towards -z; external rotation
        # turns a bent forearm outwards, the same way on both sides.
        sign = -1.0 if side == "r" else 1.0
        m = _turn_x(_turn_z(parent, flex), sign * abd)
        return _turn_y(m, sign * rot) if rot else m

    # Forward kinematics -----------------------------------------------------------------------

    def _state(self) -> tuple:
        return (self.root, self.pitch, self.roll, self.yaw, tuple(self.angles.items()))

    def joints(self) -> dict[str, Vec3]:
        """World positions of every joint (plus heel, toe, hand grip, nose and back points).

        The result is remembered until the pose changes; treat it as read-only."""
        state = self._state()
        memo = self._memo
        if memo is not None and memo[0] == state:
            return memo[1]
        a = self.angles.get
        pelvis = self.root
        pf = self.pelvis_frame()
        tf = _turn_z(
            _turn_x(_turn_y(pf, a("spine_twist", 0.0)), -a("spine_bend", 0.0)),
            -a("spine_flex", 0.0),
        )
        hf = _turn_y(_turn_z(tf, -a("neck_flex", 0.0)), a("neck_twist", 0.0))
        trunk = add(pelvis, _along_y(pf, LUMBAR))
        neck = add(trunk, _along_y(tf, THORAX))
        head = add(neck, _along_y(hf, NECK_TO_HEAD))
        out: dict[str, Vec3] = {
            "pelvis": pelvis,
            "trunk": trunk,
            "neck": neck,
            "head": head,
            "nose": add(head, _apply(hf, (HEAD_RADIUS + 3.0, -1.5, 0.0))),
            # Surface points on the back, where a dowel or a barbell on the back rests.
            "sacrum": add(pelvis, _apply(pf, (-WIDTH["torso"] / 2, 2.0, 0.0))),
            "upper_back": add(neck, _apply(tf, (-WIDTH["torso"] / 2, -4.0, 0.0))),
            # The back's surface over the thoracolumbar junction: the top of a rounded back.
            "mid_back": add(trunk, _apply(tf, (-WIDTH["torso"] / 2 - 3.0, 0.0, 0.0))),
            "back_of_head": add(head, _apply(hf, (-HEAD_RADIUS, 0.0, 0.0))),
            "hip_crease": add(pelvis, _apply(pf, (WIDTH["torso"] / 2, 2.0, 0.0))),
            "chest": add(neck, _apply(tf, (WIDTH["torso"] / 2, -12.0, 0.0))),
        }
        for s in SIDES:
            k = _KEYS[s]
            lat = 1.0 if s == "r" else -1.0
            thigh_f = self._limb_frame(pf, s, a(k["hip_flex"], 0.0), a(k["hip_abd"], 0.0))
            shank_f = _turn_z(thigh_f, -a(k["knee"], 0.0))
            ff = _turn_z(shank_f, a(k["ankle"], 0.0))
            arm_f = self._limb_frame(
                tf,
                s,
                a(k["shoulder_flex"], 0.0),
                a(k["shoulder_abd"], 0.0),
                a(k["shoulder_rot"], 0.0),
            )
            fore_f = _turn_z(arm_f, a(k["elbow"], 0.0))
            hand_f = _turn_z(fore_f, a(k["wrist"], 0.0))
            hip = add(pelvis, _apply(pf, (0.0, 0.0, lat * HIP_HALF)))
            knee = add(hip, _along_y(thigh_f, -L["thigh"]))
            ankle = add(knee, _along_y(shank_f, -L["shank"]))
            heel = add(ankle, _apply(ff, (*HEEL_LOCAL, 0.0)))
            toe = add(ankle, _apply(ff, (*TOE_LOCAL, 0.0)))
            shoulder = add(neck, _apply(tf, (0.0, -4.0, lat * SHOULDER_HALF)))
            elbow = add(shoulder, _along_y(arm_f, -L["upper_arm"]))
            wrist = add(elbow, _along_y(fore_f, -L["forearm"]))
            hand = add(wrist, _along_y(hand_f, -GRIP))
            out[k["hip"]] = hip
            out[k["knee_pt"]] = knee
            out[k["ankle_pt"]] = ankle
            out[k["heel"]] = heel
            out[k["toe"]] = toe
            out[k["ball"]] = lerp(heel, toe, 0.75)
            out[k["shoulder"]] = shoulder
            out[k["elbow_pt"]] = elbow
            out[k["wrist_pt"]] = wrist
            out[k["hand"]] = hand
        out["hands"] = lerp(out["r_hand"], out["l_hand"], 0.5)
        out["feet"] = lerp(out["r_ball"], out["l_ball"], 0.5)
        self._memo = (state, out)
        return out

    def arm_base(self, side: str) -> tuple[Mat3, Vec3]:
        """Thorax frame and shoulder position: what an arm hangs from (same maths as joints)."""
        tf = self.thorax_frame()
        trunk = add(self.root, _along_y(self.pelvis_frame(), LUMBAR))
        neck = add(trunk, _along_y(tf, THORAX))
        lat = 1.0 if side == "r" else -1.0
        return tf, add(neck, _apply(tf, (0.0, -4.0, lat * SHOULDER_HALF)))

    def head_points(self) -> dict[str, Vec3]:
        """Head centre, nose and back of the head (as named in joints), without the limbs."""
        tf = self.thorax_frame()
        a = self.angles.get
        hf = _turn_y(_turn_z(tf, -a("neck_flex", 0.0)), a("neck_twist", 0.0))
        trunk = add(self.root, _along_y(self.pelvis_frame(), LUMBAR))
        head = add(add(trunk, _along_y(tf, THORAX)), _along_y(hf, NECK_TO_HEAD))
        return {
            "head": head,
            "nose": add(head, _apply(hf, (HEAD_RADIUS + 3.0, -1.5, 0.0))),
            "back_of_head": add(head, _apply(hf, (-HEAD_RADIUS, 0.0, 0.0))),
        }

    def arm_points(self, side: str) -> dict[str, Vec3]:
        """Elbow, wrist and hand grip of one arm (as named in joints), without the rest."""
        a, k = self.angles.get, _KEYS[side]
        tf, shoulder = self.arm_base(side)
        arm_f = self._limb_frame(
            tf,
            side,
            a(k["shoulder_flex"], 0.0),
            a(k["shoulder_abd"], 0.0),
            a(k["shoulder_rot"], 0.0),
        )
        fore_f = _turn_z(arm_f, a(k["elbow"], 0.0))
        elbow = add(shoulder, _along_y(arm_f, -L["upper_arm"]))
        wrist = add(elbow, _along_y(fore_f, -L["forearm"]))
        hand = add(wrist, _along_y(_turn_z(fore_f, a(k["wrist"], 0.0)), -GRIP))
        return {k["elbow_pt"]: elbow, k["wrist_pt"]: wrist, k["hand"]: hand}

    def arm_end(self, side: str, tf: Mat3, shoulder: Vec3) -> Vec3:
        """The hand grip point for the current arm angles, from `arm_base`'s frame."""
        a, k = self.angles.get, _KEYS[side]
        arm_f = self._limb_frame(
            tf,
            side,
            a(k["shoulder_flex"], 0.0),
            a(k["shoulder_abd"], 0.0),
            a(k["shoulder_rot"], 0.0),
        )
        fore_f = _turn_z(arm_f, a(k["elbow"], 0.0))
        hand_f = _turn_z(fore_f, a(k["wrist"], 0.0))
        elbow = add(shoulder, _along_y(arm_f, -L["upper_arm"]))
        wrist = add(elbow, _along_y(fore_f, -L["forearm"]))
        return add(wrist, _along_y(hand_f, -GRIP))

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
        # A capsule's lowest point is at one of its two ends, so the joints alone decide it.
        j = self.joints()
        wanted = CHAINS if chains is None else chains
        low = j["head"][1] - HEAD_RADIUS if "head" in wanted else math.inf
        for name in wanted:
            names, widths = CHAINS[name]
            for a, b, w in zip(names, names[1:], widths, strict=False):
                r = WIDTH[w] / 2
                low = min(low, j[a][1] - r, j[b][1] - r)
        return low

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

    def reach_arm_swivel(self, side: str, target: Vec3, swivel: float) -> Pose:
        """Closed-form 3D reach: put the hand grip on `target` with the elbow swung `swivel`
        degrees round the shoulder-target line (0 = elbow towards the figure's feet-and-back,
        as gravity would hang it). Out-of-reach targets get a straight arm pointing at them.
        The wrist keeps its angle; joint ranges are not enforced (callers score with validate).
        """
        a, k = self.angles.get, _KEYS[side]
        sign = -1.0 if side == "r" else 1.0
        tf, shoulder = self.arm_base(side)
        # The forearm plus the hand (bent at the wrist) acts as one straight bone of length
        # `lower`, turned `offset` degrees from the forearm's own axis.
        w = math.radians(a(k["wrist"], 0.0))
        along_f, across = L["forearm"] + GRIP * math.cos(w), GRIP * math.sin(w)
        lower = math.hypot(along_f, across)
        offset = math.degrees(math.atan2(across, along_f))
        upper = L["upper_arm"]
        to_target = sub(target, shoulder)
        d = max(min(math.dist(target, shoulder), upper + lower - 1e-6), abs(upper - lower) + 1e-6)
        n = scale(to_target, 1.0 / (math.dist(target, shoulder) or 1.0))
        # Two unit vectors across the reach line; the elbow circles in their plane.
        for across in ((-1.0, -1.0, 0.0), (0.0, 0.0, 1.0)):
            ref = _apply(tf, across)
            u = sub(ref, scale(n, sum(x * y for x, y in zip(ref, n, strict=True))))
            un = math.sqrt(sum(x * x for x in u))
            # A target straight along the first reference leaves nothing across: take the
            # second (at right angles to the first).
            if un > 1e-9:
                break
        u = scale(u, 1.0 / (un or 1.0))
        v = (n[1] * u[2] - n[2] * u[1], n[2] * u[0] - n[0] * u[2], n[0] * u[1] - n[1] * u[0])
        cos_s = (upper * upper + d * d - lower * lower) / (2 * upper * d)
        alpha = math.acos(max(-1.0, min(1.0, cos_s)))
        phi = math.radians(swivel)
        radial = add(scale(u, math.cos(phi)), scale(v, math.sin(phi)))
        elbow = add(
            shoulder, scale(add(scale(n, math.cos(alpha)), scale(radial, math.sin(alpha))), upper)
        )
        hand = add(shoulder, scale(n, d))
        # Upper arm direction in the thorax frame -> flexion and abduction.
        t = _transpose(tf)
        up = _apply(t, scale(sub(elbow, shoulder), 1.0 / upper))
        g = math.degrees(math.asin(max(-1.0, min(1.0, -up[2]))))
        flex = math.degrees(math.atan2(up[0], -up[1]))
        m = _turn_x(_turn_z(tf, flex), g)
        low = _apply(_transpose(m), scale(sub(hand, elbow), 1.0 / lower))
        cos_e = max(-1.0, min(1.0, -low[1]))
        bend = math.degrees(math.acos(cos_e))
        # Rotation about the upper arm's long axis sets the plane the elbow bends in.
        h = math.degrees(math.atan2(-low[2], low[0])) if bend > 1e-6 else 0.0
        self.angles[k["shoulder_flex"]] = _wrap(flex)
        self.angles[k["shoulder_abd"]] = _wrap(g / sign)
        self.angles[k["shoulder_rot"]] = _wrap(h / sign)
        self.angles[k["elbow"]] = _wrap(bend - offset)
        return self

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

        last, stalled = math.inf, 0
        for _ in range(40):
            r = residual()
            err = math.hypot(*r)
            if err < 0.1:
                break
            # An unreachable target (or a joint pinned at its limit) stops improving: give up
            # after a few steps that gain almost nothing instead of running out the loop.
            stalled = stalled + 1 if err > 1.0 and err > last - 0.02 else 0
            if stalled >= 3:
                break
            last = err
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
