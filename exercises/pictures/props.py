"""Exercise equipment drawn with the figure: each prop turns the pose's joints into 3D shapes."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .pose import Vec3, add, dist, lerp, scale, sub

Joints = Mapping[str, Vec3]
# A prop position is a fixed point, the name of a pose point ("hands", "r_ankle", ...) or a
# function of the joints, so equipment held or worn moves with the figure.
Anchor = Vec3 | str | Callable[[Joints], Vec3]

INK = "#1a1a1a"
PROP = "#4a4a4a"
PROP_FILL = "#ececec"
PLATE_FILL = "#b8b8b8"
BAND = "#2b2b2b"


@dataclass(frozen=True)
class Shape:
    """A 3D polyline/polygon (or a circle facing the camera) with presentation attributes."""

    points: tuple[Vec3, ...]
    stroke: str = PROP
    width: float = 2.0
    fill: str = "none"
    closed: bool = False
    radius: float | None = None  # set: draw a camera-facing circle around points[0]
    normal: Vec3 | None = None  # set: a face that is hidden when it looks away from the camera
    opacity: float = 1.0  # fill opacity, so a plate in front of a shin does not hide it
    bias: float = 0.0  # nudges painter's order without moving the shape
    bounds: bool = True  # False for the floor line, which spans any frame


def resolve(j: Joints, at: Anchor) -> Vec3:
    if isinstance(at, str):
        return j[at]
    if callable(at):
        return at(j)
    return at


def unit(v: Vec3) -> Vec3:
    n = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2) or 1.0
    return scale(v, 1.0 / n)


def outward(a: str, b: str, distance: float) -> Callable[[Joints], Vec3]:
    """Anchor `distance` beyond point `a`, away from point `b` (e.g. off the front of the hips)."""

    def f(j: Joints) -> Vec3:
        return add(j[a], scale(unit(sub(j[a], j[b])), distance))

    return f


def offset(
    at: Anchor, dx: float = 0.0, dy: float = 0.0, dz: float = 0.0
) -> Callable[[Joints], Vec3]:
    def f(j: Joints) -> Vec3:
        return add(resolve(j, at), (dx, dy, dz))

    return f


def capsule(
    points: list[Vec3], width: float, stroke: str = PROP, fill: str = PROP_FILL, bias: float = 0.0
) -> list[Shape]:
    """An outlined rounded bar: a wide dark stroke under a narrower light one."""
    pts = tuple(points)
    return [
        Shape(pts, stroke=stroke, width=width, bias=bias),
        Shape(pts, stroke=fill, width=max(width - 3.0, 0.5), bias=bias + 0.01),
    ]


def disc(
    centre: Vec3,
    radius: float,
    axis: str,
    fill: str = PLATE_FILL,
    opacity: float = 0.35,
    n: int = 36,
) -> Shape:
    """A flat disc whose face points along a world axis (a plate on a bar running along `axis`)."""
    pts = []
    for k in range(n):
        t = 2 * math.pi * k / n
        a, b = radius * math.cos(t), radius * math.sin(t)
        d = {"x": (0.0, a, b), "y": (a, 0.0, b), "z": (a, b, 0.0)}[axis]
        pts.append(add(centre, d))
    return Shape(tuple(pts), stroke=PROP, width=2.2, fill=fill, closed=True, opacity=opacity)


# Painter's offset for equipment the figure lies, sits, kneels or stands on: drawn before the
# figure so the body reads as resting on top of it.
SUPPORT = -1000.0


def box(
    x0: float,
    x1: float,
    y0: float,
    y1: float,
    z0: float,
    z1: float,
    fill: str = PROP_FILL,
    bias: float = SUPPORT,
) -> list[Shape]:
    """A solid axis-aligned box as six faces; faces turned from the camera are skipped."""
    c = [(x, y, z) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
    faces = {
        (-1.0, 0.0, 0.0): (0, 1, 3, 2),
        (1.0, 0.0, 0.0): (4, 5, 7, 6),
        (0.0, -1.0, 0.0): (0, 1, 5, 4),
        (0.0, 1.0, 0.0): (2, 3, 7, 6),
        (0.0, 0.0, -1.0): (0, 2, 6, 4),
        (0.0, 0.0, 1.0): (1, 3, 7, 5),
    }
    return [
        Shape(
            tuple(c[i] for i in idx),
            stroke=PROP,
            width=2.0,
            fill=fill,
            closed=True,
            normal=n,
            bias=bias,
        )
        for n, idx in faces.items()
    ]


def line(a: Vec3, b: Vec3, width: float = 2.5, stroke: str = PROP, bias: float = 0.0) -> Shape:
    return Shape((a, b), stroke=stroke, width=width, bias=bias)


class Prop:
    """Base class: `shapes(joints)` gives the drawing; `held` props move with the figure."""

    held = False

    def shapes(self, j: Joints) -> list[Shape]:
        raise NotImplementedError


@dataclass
class Floor(Prop):
    level: float = 0.0

    def shapes(self, j: Joints) -> list[Shape]:
        y = self.level
        return [
            Shape(
                ((-5000.0, y, 0.0), (5000.0, y, 0.0)),
                stroke=INK,
                width=1.6,
                bias=-1e6,
                bounds=False,
            )
        ]


@dataclass
class Mat(Prop):
    """A floor mat (or, seen from above, the patch of floor the figure is on)."""

    x0: float | None = None  # None: the library sizes the mat to the figure
    x1: float | None = None
    half_width: float = 32.0
    z0: float | None = None  # across the picture; None: +-half_width
    z1: float | None = None

    def shapes(self, j: Joints) -> list[Shape]:
        return box(
            self.x0 or 0.0,
            self.x1 or 0.0,
            -1.2,
            0.0,
            -self.half_width if self.z0 is None else self.z0,
            self.half_width if self.z1 is None else self.z1,
            fill="#d9d9d9",
            bias=SUPPORT - 10,
        )


@dataclass
class Barbell(Prop):
    at: Anchor = "hands"
    plate_radius: float = 22.5
    held: bool = True

    def shapes(self, j: Joints) -> list[Shape]:
        c = resolve(j, self.at)
        out = [disc(add(c, (0.0, 0.0, -70.0)), self.plate_radius, "z")]
        out += capsule([add(c, (0.0, 0.0, -105.0)), add(c, (0.0, 0.0, 105.0))], 4.0, fill="#9a9a9a")
        out.append(disc(add(c, (0.0, 0.0, 70.0)), self.plate_radius, "z"))
        out.append(disc(add(c, (0.0, 0.0, 71.0)), self.plate_radius * 0.3, "z", opacity=0.0))
        out.append(
            Shape((add(c, (0.0, 0.0, 106.0)),), stroke=PROP, width=1.5, fill=PROP, radius=2.6)
        )
        return out


# Trap bar: handles this far either side of the centre, frame corners on the sleeve axis.
TRAP_HANDLE_Z = 28.0
TRAP_HEX_R = 46.0


@dataclass
class TrapBar(Prop):
    """A hexagonal bar the lifter stands inside: handles at the hands, plates on side sleeves.
    Seen from the side the frame is a long rail in front of and behind the legs."""

    at: Anchor = "hands"
    plate_radius: float = 22.5
    held: bool = True

    def shapes(self, j: Joints) -> list[Shape]:
        c = resolve(j, self.at)
        c = (c[0], c[1], 0.0)
        hexagon = [
            add(
                c,
                (
                    TRAP_HEX_R * math.sin(math.radians(60 * k)),
                    0.0,
                    TRAP_HEX_R * math.cos(math.radians(60 * k)),
                ),
            )
            for k in range(7)
        ]
        out = [disc(add(c, (0.0, 0.0, -72.0)), self.plate_radius, "z")]
        out += capsule(
            [add(c, (0.0, 0.0, -95.0)), add(c, (0.0, 0.0, -TRAP_HEX_R))], 4.0, fill="#9a9a9a"
        )
        out += capsule(hexagon, 3.5, fill="#9a9a9a", bias=-5.0)
        for z in (-TRAP_HANDLE_Z, TRAP_HANDLE_Z):
            # Handles run front to back inside the frame, joined to it at both ends.
            out += capsule([add(c, (-13.0, 0.0, z)), add(c, (13.0, 0.0, z))], 4.5, bias=8.0)
        out += capsule(
            [add(c, (0.0, 0.0, TRAP_HEX_R)), add(c, (0.0, 0.0, 95.0))], 4.0, fill="#9a9a9a"
        )
        out.append(disc(add(c, (0.0, 0.0, 72.0)), self.plate_radius, "z"))
        return out


@dataclass
class Dumbbell(Prop):
    """A dumbbell in the hand; `heavy` draws the big heads of a loaded carry weight."""

    at: Anchor = "r_hand"
    axis: str = "x"  # "x": neutral grip seen from the side; "z": handle pointing at the camera
    heavy: bool = False
    held: bool = True

    def shapes(self, j: Joints) -> list[Shape]:
        c = resolve(j, self.at)
        e = {"x": (1.0, 0.0, 0.0), "y": (0.0, 1.0, 0.0), "z": (0.0, 0.0, 1.0)}[self.axis]
        grip, head, size = (8.0, 9.0, 21.0) if self.heavy else (10.0, 3.0, 13.0)
        out = capsule(
            [add(c, scale(e, -grip)), add(c, scale(e, grip))], 4.0, fill="#9a9a9a", bias=3.0
        )
        for s in (-1.0, 1.0):
            ends = [add(c, scale(e, s * grip)), add(c, scale(e, s * (grip + head)))]
            out += capsule(ends, size, fill=PLATE_FILL if self.heavy else PROP_FILL, bias=3.0)
        return out


# A 16-24 kg bell: body radius, and how far the handle grip sits above the floor when the
# bell stands on it.
KETTLEBELL_R = 11.5
KETTLEBELL_DROP = 17.0  # grip to the bell's centre
KETTLEBELL_HANDLE = KETTLEBELL_DROP + KETTLEBELL_R


@dataclass
class Kettlebell(Prop):
    """A bell hanging from the hand grip at `at`. `across` turns the handle to run across the
    body (held in both hands, seen in a front-quarter view); `front` draws the bell in front of
    the near leg, for side views where a bell between the feet would otherwise be hidden."""

    at: Anchor = "hands"
    held: bool = True
    across: bool = False
    front: bool = True

    def shapes(self, j: Joints) -> list[Shape]:
        c = resolve(j, self.at)
        bias = 12.0 if self.front else 0.0
        bell = add(c, (0.0, -KETTLEBELL_DROP, 0.0 if self.across else 4.0))
        arc = []
        for k in range(13):
            t = math.radians(200 - 220 * k / 12)
            u, v = 8.0 * math.cos(t), 8.0 * math.sin(t) - 6.0
            arc.append(add(c, (0.0, v, u) if self.across else (u, v, 4.0)))
        return [
            Shape(tuple(arc), stroke=PROP, width=3.5, bias=bias),
            Shape((bell,), stroke=PROP, width=2.2, fill=PLATE_FILL, radius=KETTLEBELL_R, bias=bias),
        ]


@dataclass
class Bench(Prop):
    x0: float
    x1: float
    top: float = 43.0
    half_width: float = 15.0
    z: float = 0.0

    def shapes(self, j: Joints) -> list[Shape]:
        w, z = self.half_width, self.z
        out = box(self.x0, self.x1, self.top - 7.0, self.top, z - w, z + w)
        for x in (self.x0 + 8.0, self.x1 - 8.0):
            out.append(line((x, self.top - 7.0, z), (x, 0.0, z), width=4.0, bias=SUPPORT))
            out.append(line((x - 9.0, 0.0, z), (x + 9.0, 0.0, z), width=4.0, bias=SUPPORT))
        return out


@dataclass
class Box(Prop):
    x0: float
    x1: float
    height: float = 30.0
    half_width: float = 25.0

    def shapes(self, j: Joints) -> list[Shape]:
        return box(self.x0, self.x1, 0.0, self.height, -self.half_width, self.half_width)


@dataclass
class Chair(Prop):
    front: float  # x of the seat's front edge; the seat extends towards -x
    seat: float = 45.0
    depth: float = 42.0

    def shapes(self, j: Joints) -> list[Shape]:
        f, b, s = self.front, self.front - self.depth, self.seat
        out = box(b, f, s - 4.0, s, -22.0, 22.0)
        out.append(line((b + 2.0, s, -20.0), (b - 3.0, s + 45.0, -20.0), width=5.0, bias=SUPPORT))
        out.append(
            line((b - 3.0, s + 45.0, -20.0), (b - 3.0, s + 45.0, -20.0), width=9.0, bias=SUPPORT)
        )
        for x in (b + 3.0, f - 3.0):
            out.append(line((x, s - 4.0, -20.0), (x, 0.0, -20.0), width=3.5, bias=SUPPORT))
        return out


@dataclass
class BackExtensionBench(Prop):
    """A 45-degree hyperextension bench: hip pad at `pad`, ankle roller and foot plate at `foot`."""

    pad: Vec3
    foot: Vec3
    roller: Vec3

    def shapes(self, j: Joints) -> list[Shape]:
        d = unit(sub(self.pad, self.foot))
        n = (d[1], -d[0], 0.0)  # perpendicular, pointing below/in front of the incline
        # The thick hip pad under the front of the thighs, its top edge at the hip crease, set
        # off the thigh by its drawn outline so it shows beside the legs.
        pad_c = add(self.pad, scale(n, 9.0))
        out = capsule(
            [add(pad_c, scale(d, -20.0)), add(pad_c, scale(d, 6.0))], 15.0, bias=SUPPORT + 1
        )
        beam_top = add(pad_c, scale(n, 14.0))
        beam_low = add(self.foot, scale(n, 14.0))
        plate_a, plate_b = add(self.foot, scale(n, -8.0)), add(self.foot, scale(n, 12.0))
        out.append(line(plate_a, plate_b, width=4.0, bias=SUPPORT))
        out.append(line(pad_c, beam_top, width=4.0, bias=SUPPORT))
        out.append(line(beam_low, beam_top, width=5.0, bias=SUPPORT))
        out.append(line(beam_low, (beam_low[0], 0.0, 0.0), width=5.0, bias=SUPPORT))
        out.append(line(beam_top, (beam_top[0], 0.0, 0.0), width=5.0, bias=SUPPORT))
        out.append(
            line(
                (beam_low[0] - 12.0, 0.0, 0.0),
                (beam_top[0] + 12.0, 0.0, 0.0),
                width=5.0,
                bias=SUPPORT,
            )
        )
        out.append(line(self.roller, beam_low, width=3.0, bias=SUPPORT))
        out.append(
            Shape((self.roller,), stroke=PROP, width=2.0, fill=PROP_FILL, radius=5.0, bias=30.0)
        )
        return out


@dataclass
class ReverseHyper(Prop):
    """Reverse-hyper machine: a high pad whose back edge is at `edge`, handles at the front,
    and a pendulum from `pivot` strapped to the ankles."""

    edge: Vec3
    length: float = 85.0
    pivot: Vec3 = (0.0, 0.0, 0.0)
    arm: float = 70.0

    def shapes(self, j: Joints) -> list[Shape]:
        x0, y = self.edge[0], self.edge[1]
        x1 = x0 + self.length
        out = box(x0, x1, y - 9.0, y, -20.0, 20.0)
        post = x0 + 25.0
        out.append(line((post, y - 9.0, -25.0), (post, 0.0, -25.0), width=6.0, bias=SUPPORT))
        out.append(line((x0 - 40.0, 0.0, -25.0), (x1 + 20.0, 0.0, -25.0), width=6.0, bias=SUPPORT))
        out.append(
            line((x1 - 5.0, y - 9.0, -25.0), (x1 - 5.0, 0.0, -25.0), width=6.0, bias=SUPPORT)
        )
        hands = j["hands"]
        out.append(line((x1 - 5.0, y, -25.0), (hands[0], hands[1], -25.0), width=4.0, bias=SUPPORT))
        out.append(line(self.pivot, (post, y - 9.0, -25.0), width=5.0, bias=SUPPORT))
        ankle = j["r_ankle"]
        reach = dist(self.pivot, ankle)
        end = lerp(self.pivot, ankle, min(1.0, self.arm / reach)) if reach > 1e-6 else ankle
        out.append(line(self.pivot, end, width=5.0, bias=SUPPORT))
        out.append(line(end, (ankle[0], ankle[1], -25.0), width=2.0, bias=SUPPORT))
        out.append(
            Shape((self.pivot,), stroke=PROP, width=2.0, fill=PROP_FILL, radius=4.0, bias=SUPPORT)
        )
        out.append(
            Shape(
                (add(ankle, (-3.0, 5.0, -8.0)),),
                stroke=PROP,
                width=2.0,
                fill=PROP_FILL,
                radius=5.0,
                bias=SUPPORT,
            )
        )
        return out


@dataclass
class Band(Prop):
    """An elastic band from a fixed anchor on an upright to a body point."""

    anchor: Vec3
    to: Anchor = "hands"
    post: bool = True

    def shapes(self, j: Joints) -> list[Shape]:
        a, b = self.anchor, resolve(j, self.to)
        out = []
        if self.post:
            out += capsule(
                [(a[0], 0.0, a[2] - 3.0), (a[0], a[1] + 40.0, a[2] - 3.0)], 8.0, bias=-80.0
            )
        out.append(Shape((a, b), stroke=BAND, width=2.4, bias=2.0))
        out.append(Shape((a,), stroke=BAND, width=1.6, fill=PROP, radius=2.6, bias=2.0))
        return out


@dataclass
class Cable(Prop):
    """A cable stack: column at `column` (x, z), pulley at height `pulley`, line to the handle."""

    column: tuple[float, float]
    pulley: float
    to: Anchor = "hands"
    rope: bool = False

    def shapes(self, j: Joints) -> list[Shape]:
        x, z = self.column
        out = box(x - 7.0, x + 7.0, 0.0, 205.0, z - 14.0, z - 1.0)
        p = (x, self.pulley, z)
        h = resolve(j, self.to)
        out.append(Shape((p,), stroke=PROP, width=2.0, fill=PROP_FILL, radius=4.0, bias=1.0))
        out.append(Shape((p, h), stroke=BAND, width=1.6, bias=1.0))
        if self.rope:
            d = unit(sub(h, p))
            out.append(
                Shape(
                    (h, add(h, add(scale(d, 6.0), (0.0, -6.0, 0.0)))),
                    stroke=PROP,
                    width=3.0,
                    bias=30.0,
                )
            )
        else:
            out += capsule([add(h, (0.0, 0.0, -10.0)), add(h, (0.0, 0.0, 10.0))], 4.0, bias=30.0)
        return out


# Drawn outlines make the body look thicker than its centre-line geometry: the dowel runs this
# far (cm) out from the back's surface points so the drawn stick and the drawn back touch.
DOWEL_RADIUS = 2.25
DOWEL_CLEAR = 2.2 + DOWEL_RADIUS  # the body's outline, then the stick's own radius


@dataclass
class Dowel(Prop):
    """A stick along the spine touching the back of the head, upper back and sacrum. It is
    drawn over the trunk (under the near arm), so the three contacts show in a side view."""

    held: bool = True

    def shapes(self, j: Joints) -> list[Shape]:
        a, b = dowel_ends(j)
        return capsule([a, b], 2 * DOWEL_RADIUS, fill="#caa472", bias=6.0)


def dowel_ends(j: Joints) -> tuple[Vec3, Vec3]:
    low, high = j["sacrum"], j["upper_back"]
    d = unit(sub(high, low))
    # Out from the back: perpendicular to the back line, away from the front of the hips.
    front = sub(j["hip_crease"], j["sacrum"])
    out = unit(sub(scale(d, sum(x * y for x, y in zip(front, d, strict=True))), front))
    low, high = add(low, scale(out, DOWEL_CLEAR)), add(high, scale(out, DOWEL_CLEAR))
    low, high = add(low, (0.0, 0.0, -1.0)), add(high, (0.0, 0.0, -1.0))
    return add(low, scale(d, -16.0)), add(high, scale(d, 48.0))


@dataclass
class ExerciseBike(Prop):
    crank: Vec3
    saddle: Vec3
    bars: Vec3
    crank_length: float = 17.5

    def shapes(self, j: Joints) -> list[Shape]:
        c, s, b = self.crank, self.saddle, self.bars
        z = -16.0
        w = 5.0
        fly = add(c, (38.0, 12.0, 0.0))
        out = [
            line((c[0] - 55.0, 0.0, z), (c[0] - 55.0, 0.0, z), width=8.0, bias=SUPPORT),
            line((c[0] - 70.0, 0.0, z), (c[0] - 40.0, 0.0, z), width=w, bias=SUPPORT),
            line((fly[0] - 15.0, 0.0, z), (fly[0] + 20.0, 0.0, z), width=w, bias=SUPPORT),
            line((c[0] - 55.0, 0.0, z), (c[0], c[1], z), width=w, bias=SUPPORT),
            line((c[0], c[1], z), (fly[0], 0.0, z), width=w, bias=SUPPORT),
            line((c[0], c[1], z), (s[0] + 3.0, s[1] - 4.0, z), width=w, bias=SUPPORT),
            line((c[0], c[1], z), (b[0] - 8.0, b[1] - 6.0, z), width=w, bias=SUPPORT),
            line((b[0] - 8.0, b[1] - 6.0, z), (b[0], b[1], z), width=w, bias=SUPPORT),
            Shape(
                ((fly[0], fly[1], z),),
                stroke=PROP,
                width=2.5,
                fill=PROP_FILL,
                radius=24.0,
                bias=SUPPORT,
            ),
        ]
        out += capsule(
            [add(s, (-13.0, 0.0, 0.0)), add(s, (10.0, -1.0, 0.0))], 6.0, bias=SUPPORT + 2
        )
        out += capsule([add(b, (0.0, 0.0, -22.0)), add(b, (0.0, 0.0, 22.0))], 4.0, bias=-20.0)
        out.append(Shape((c,), stroke=PROP, width=2.0, fill=PROP_FILL, radius=6.0, bias=-10.0))
        for side, zz in (("l", -10.0), ("r", 10.0)):
            ball = j[f"{side}_ball"]
            pedal = add(c, scale(unit(sub((ball[0], ball[1], c[2]), c)), self.crank_length))
            pedal = (pedal[0], pedal[1], zz)
            # The far crank goes behind the frame, the near one in front of everything.
            bias = SUPPORT - 1 if side == "l" else 40.0
            out.append(line((c[0], c[1], zz), pedal, width=3.5, bias=bias))
            out += capsule(
                [add(pedal, (-5.0, 0.0, 0.0)), add(pedal, (5.0, 0.0, 0.0))], 4.0, bias=bias
            )
        return out


@dataclass
class Strap(Prop):
    """A strap looped round the sole of a foot, ends held in the hands."""

    foot: str = "r"
    held: bool = True

    def shapes(self, j: Joints) -> list[Shape]:
        ball, heel, toe = j[f"{self.foot}_ball"], j[f"{self.foot}_heel"], j[f"{self.foot}_toe"]
        # Loop a little beyond the sole (away from the shin).
        sole = lerp(heel, toe, 0.7)
        down = unit(sub(sole, j[f"{self.foot}_ankle"]))
        loop = add(sole, scale(down, 4.0))
        h = j["hands"]
        del ball
        return [Shape((h, loop), stroke=BAND, width=2.6, bias=5.0)]


@dataclass
class RackBar(Prop):
    """A bar resting across two short uprights (a rack or Smith machine) at `at`, running
    across the body (along z), for rows hanging underneath it."""

    at: Vec3
    half_length: float = 60.0

    def shapes(self, j: Joints) -> list[Shape]:
        x, y, _ = self.at
        w = self.half_length
        out: list[Shape] = []
        for z in (-w - 6.0, w + 6.0):
            # Upright with a foot, and the hook the bar sits in.
            out += capsule([(x, 0.0, z), (x, y + 22.0, z)], 7.0, bias=SUPPORT)
            out.append(line((x - 22.0, 0.0, z), (x + 22.0, 0.0, z), width=4.0, bias=SUPPORT))
            out.append(line((x, y - 4.0, z), (x + 6.0, y - 4.0, z), width=3.5, bias=SUPPORT + 1))
        out += capsule([(x, y, -w - 12.0), (x, y, w + 12.0)], 4.5, fill="#9a9a9a", bias=-2.0)
        return out
