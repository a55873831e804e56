"""SVG renderer: draws poses and props as print-friendly line art with a motion arrow."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

from .pose import CHAINS, HEAD_RADIUS, WIDTH, Pose, Vec3, interpolate
from .props import Prop, Shape

INK = "#1a1a1a"
FAR_INK = "#8a8a8a"
FILL = "#ffffff"
FAR_FILL = "#f2f2f2"
# One accent for the moving part: a dark orange that still prints as a distinct mid grey.
ACCENT = "#d9480f"
ACCENT_FILL = "#ffe0c7"
GHOST = "#cdcdcd"
GHOST_FILL = "#f6f6f6"
OUTLINE = 2.2  # width of the dark edge drawn around every limb, in cm of the scene
# Our print font first (static/fonts/): a browser without it takes the next.
FONT = "DejaVu Sans Latin, Helvetica, Arial, sans-serif"

# Picture size (CSS px) and aspect; every exercise uses the same so sheets line up.
WIDTH_PX = 320
HEIGHT_PX = 240
ASPECT = WIDTH_PX / HEIGHT_PX
MARGIN = 6.0


@dataclass(frozen=True)
class View:
    """Orthographic camera: yaw 0 looks at the figure's right side, 90 at its front;
    elevation tilts the camera down from above."""

    yaw: float = 0.0
    elevation: float = 0.0

    def axes(self) -> tuple[Vec3, Vec3, Vec3]:
        return _view_axes(self.yaw, self.elevation)

    def project(self, p: Vec3) -> tuple[float, float, float]:
        """Screen x, screen y (SVG, downwards) and depth (larger = nearer the viewer)."""
        right, up, toward = _view_axes(self.yaw, self.elevation)
        x, y, z = p
        return (
            x * right[0] + y * right[1] + z * right[2],
            -(x * up[0] + y * up[1] + z * up[2]),
            x * toward[0] + y * toward[1] + z * toward[2],
        )


@cache
def _view_axes(yaw: float, elevation: float) -> tuple[Vec3, Vec3, Vec3]:
    """Camera right, up and towards-the-viewer unit vectors."""
    y, e = math.radians(yaw), math.radians(elevation)
    toward = (math.sin(y) * math.cos(e), math.sin(e), math.cos(y) * math.cos(e))
    right = (math.cos(y), 0.0, -math.sin(y))
    up = (
        toward[1] * right[2] - toward[2] * right[1],
        toward[2] * right[0] - toward[0] * right[2],
        toward[0] * right[1] - toward[1] * right[0],
    )
    return right, up, toward


SIDE = View()
FRONT = View(yaw=90.0)


# eq=False: scenes hash by identity, so per-scene results (the frame) can be cached.
@dataclass(frozen=True, eq=False)
class Scene:
    """Everything needed to draw one exercise: two poses, the camera and the equipment."""

    start: Pose
    end: Pose
    view: View = SIDE
    props: tuple[Prop, ...] = ()
    track: tuple[str, ...] = ()  # joints whose path becomes the motion arrow
    moving: frozenset[str] | None = None  # chains drawn in the accent colour; None = automatic
    # Limbs drawn in full ink even where they are the far one of a pair (a supporting arm).
    solid: frozenset[str] = frozenset()
    arrow_side: int = 0  # which side of its path the arrow runs: +1/-1, 0 = away from the body
    arrow_gap: float = 12.0
    floor: bool = True
    # Height the figure's lowest surface rests on in each phase (floor 0, a box top...);
    # None where equipment carries the figure off the ground (a bike saddle, a machine pad).
    ground: tuple[float | None, float | None] = (0.0, 0.0)

    def pose(self, phase: str) -> Pose:
        if phase not in ("start", "end"):
            raise ValueError("phase must be 'start' or 'end'")
        return self.start if phase == "start" else self.end


# --- drawables ------------------------------------------------------------------------------


@dataclass
class Item:
    depth: float
    svg: str


def _f(v: float) -> str:
    s = f"{v:.1f}"
    return "0" if s in ("-0.0", "0.0") else s.removesuffix(".0")


def _pts(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def _polyline(points: Sequence[tuple[float, float]], stroke: str, width: float) -> str:
    if len(points) == 1 or all(math.dist(points[0], p) < 0.3 for p in points):
        # A bar seen end-on projects to a point: a round-capped line of zero length is not
        # drawn by every renderer, so emit the dot it stands for.
        x, y = points[0]
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(width / 2)}" fill="{stroke}"/>'
    return (
        f'<polyline points="{_pts(points)}" fill="none" stroke="{stroke}" '
        f'stroke-width="{_f(width)}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def _circle(c: tuple[float, float], r: float, stroke: str, width: float, fill: str) -> str:
    return (
        f'<circle cx="{_f(c[0])}" cy="{_f(c[1])}" r="{_f(r)}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{_f(width)}"/>'
    )


def chain_depths(pose: Pose, view: View) -> dict[str, float]:
    j = pose.joints()
    return {
        name: sum(view.project(j[n])[2] for n in names) / len(names)
        for name, (names, _) in CHAINS.items()
    }


def arc_through(
    a: tuple[float, float], b: tuple[float, float], c: tuple[float, float], steps: int = 10
) -> list[tuple[float, float]]:
    """Points from a to c along the circle through a, b and c (the polyline if nearly straight)."""
    (ax, ay), (bx, by), (cx, cy) = a, b, c
    d = 2.0 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    chord = math.dist(a, c)
    # Sagitta-like test: how far b sits off the chord a-c.
    off = abs((cx - ax) * (ay - by) - (ax - bx) * (cy - ay)) / (chord or 1.0)
    if off < 0.5 or abs(d) < 1e-9:
        return [a, b, c]
    ux = (
        (ax**2 + ay**2) * (by - cy) + (bx**2 + by**2) * (cy - ay) + (cx**2 + cy**2) * (ay - by)
    ) / d
    uy = (
        (ax**2 + ay**2) * (cx - bx) + (bx**2 + by**2) * (ax - cx) + (cx**2 + cy**2) * (bx - ax)
    ) / d
    r = math.dist((ux, uy), a)
    ta = math.atan2(ay - uy, ax - ux)
    tb = math.atan2(by - uy, bx - ux)
    tc = math.atan2(cy - uy, cx - ux)
    # Sweep from a to c the way that passes b.
    sweep = (tc - ta) % (2 * math.pi)
    if (tb - ta) % (2 * math.pi) > sweep:
        sweep -= 2 * math.pi
    return [
        (ux + r * math.cos(ta + sweep * k / steps), uy + r * math.sin(ta + sweep * k / steps))
        for k in range(steps + 1)
    ]


def figure_items(
    pose: Pose,
    view: View,
    moving: frozenset[str],
    ghost: bool = False,
    solid: frozenset[str] = frozenset(),
) -> list[Item]:
    """The figure as capsules: each chain is an outline pass then a fill pass, so joints merge.
    Chains in `solid` keep full ink even when they are the far one of a pair."""
    j = pose.joints()
    scr = {k: view.project(v) for k, v in j.items()}
    depths = chain_depths(pose, view)

    def is_far(name: str) -> bool:
        # The far one of a pair of limbs is drawn lighter, as in a side view; in front views
        # both limbs of a pair sit at about the same depth and stay dark.
        if name in ("torso", "head") or name in solid:
            return False
        other = ("l" if name[0] == "r" else "r") + name[1:]
        return depths[name] < depths[other] - 6.0

    items: list[Item] = []
    for name, (names, widths) in CHAINS.items():
        if ghost:
            edge, fill = GHOST, GHOST_FILL
        elif name in moving:
            edge, fill = ACCENT, ACCENT_FILL
        elif is_far(name):
            edge, fill = FAR_INK, FAR_FILL
        else:
            edge, fill = INK, FILL
        outline, inner = [], []
        if name == "torso":
            # The spine bends along its length, not at one joint: draw the back as the arc
            # through pelvis, thoracolumbar junction and neck, so a rounded or hollow back
            # reads as a curve.
            curve = arc_through(*(scr[n][:2] for n in names))
            outline.append(_polyline(curve, edge, WIDTH["torso"] + 2 * OUTLINE))
            inner.append(_polyline(curve, fill, WIDTH["torso"]))
            names, widths = (), ()
        for a, b, w in zip(names, names[1:], widths, strict=False):
            seg = [scr[a][:2], scr[b][:2]]
            outline.append(_polyline(seg, edge, WIDTH[w] + 2 * OUTLINE))
            inner.append(_polyline(seg, fill, WIDTH[w]))
        depth = depths[name] + (0.5 if name == "head" else 0.0)
        if ghost:
            depth -= 1e5
        items.append(Item(depth, "".join(outline + inner)))
    # Head and a small nose so the viewer can tell where the face points.
    hx, hy, hd = scr["head"]
    nx, ny, _ = scr["nose"]
    edge = GHOST if ghost else (ACCENT if "head" in moving else INK)
    fill = GHOST_FILL if ghost else (ACCENT_FILL if "head" in moving else FILL)
    dx, dy = nx - hx, ny - hy
    n = math.hypot(dx, dy)
    head_svg = ""
    if n > 4.0:
        # A nose tick only when the face is not pointing at the camera.
        ux, uy = dx / n, dy / n
        base = (hx + ux * (HEAD_RADIUS - 2.0), hy + uy * (HEAD_RADIUS - 2.0))
        tip = (hx + ux * (HEAD_RADIUS + 3.0), hy + uy * (HEAD_RADIUS + 3.0))
        head_svg += _polyline([base, tip], edge, 3.2)
    head_svg += _circle((hx, hy), HEAD_RADIUS, edge, OUTLINE, fill)
    # The head sits on the neck and the top of the trunk: drawn after them even where the
    # camera sees it further away than they are (a lying figure seen from the feet end).
    head_depth = max(hd + 1.0, depths["head"] + 0.6, depths["torso"] + 0.6)
    items.append(Item(head_depth - (1e5 if ghost else 0.0), head_svg))
    return items


def shape_items(shapes: Iterable[Shape], view: View, ghost: bool = False) -> list[Item]:
    items = []
    _, _, toward = view.axes()
    for s in shapes:
        if s.normal is not None:
            facing = sum(a * b for a, b in zip(s.normal, toward, strict=True))
            if facing <= 1e-6:
                continue
        proj = [view.project(p) for p in s.points]
        depth = sum(p[2] for p in proj) / len(proj) + s.bias
        pts = [(p[0], p[1]) for p in proj]
        stroke = GHOST if ghost else s.stroke
        if s.radius is not None:
            fill = "none" if ghost else s.fill
            svg = _circle(pts[0], s.radius, stroke, s.width, fill)
        elif s.closed:
            fill = "none" if ghost else s.fill
            op = "" if s.opacity >= 1.0 or fill == "none" else f' fill-opacity="{s.opacity:g}"'
            svg = (
                f'<polygon points="{_pts(pts)}" fill="{fill}"{op} stroke="{stroke}" '
                f'stroke-width="{_f(s.width)}" '
                'stroke-linejoin="round"/>'
            )
        else:
            svg = _polyline(pts, stroke, s.width)
        items.append(Item(depth - (1e5 if ghost else 0.0), svg))
    return items


# --- motion arrow -----------------------------------------------------------------------------


def joint_path(
    scene: Scene, joint: str, view: View, samples: int = 16
) -> list[tuple[float, float]]:
    out = []
    for k in range(samples + 1):
        p = interpolate(scene.start, scene.end, k / samples).joints()[joint]
        x, y, _ = view.project(p)
        out.append((x, y))
    return out


@cache
def arrow_points(scene: Scene, joint: str) -> list[tuple[float, float]]:
    """The arrow's polyline: the joint's path, pushed off the body and trimmed at both ends."""
    path = joint_path(scene, joint, scene.view)
    length = sum(math.dist(a, b) for a, b in pairwise(path))
    if length < 6.0:
        return []
    (x0, y0), (x1, y1) = path[0], path[-1]
    cx, cy = x1 - x0, y1 - y0
    n = math.hypot(cx, cy) or 1.0
    nx, ny = -cy / n, cx / n
    side = scene.arrow_side
    if side == 0:
        body = [scene.view.project(p) for p in scene.start.joints().values()]
        bx = sum(p[0] for p in body) / len(body)
        by = sum(p[1] for p in body) / len(body)
        mx, my = path[len(path) // 2]
        side = 1 if (mx - bx) * nx + (my - by) * ny >= 0 else -1
    shifted = [(x + side * nx * scene.arrow_gap, y + side * ny * scene.arrow_gap) for x, y in path]
    # Trim so the arrow starts and stops clear of the limb it describes.
    trim = min(0.18 * length, 10.0)
    return _trim(list(reversed(_trim(list(reversed(_trim(shifted, trim))), trim))), 0.0)


def _trim(path: list[tuple[float, float]], amount: float) -> list[tuple[float, float]]:
    while amount > 0 and len(path) > 2:
        d = math.dist(path[0], path[1])
        if d > amount:
            t = amount / d
            path[0] = (
                path[0][0] + (path[1][0] - path[0][0]) * t,
                path[0][1] + (path[1][1] - path[0][1]) * t,
            )
            break
        amount -= d
        path = path[1:]
    return path


def arrow_items(scene: Scene) -> list[Item]:
    items = []
    for joint in scene.track:
        pts = arrow_points(scene, joint)
        if len(pts) < 2:
            continue
        (xa, ya), (xb, yb) = pts[-2], pts[-1]
        k = -1
        while math.dist((xa, ya), (xb, yb)) < 2.0 and -k < len(pts) - 1:
            k -= 1
            xa, ya = pts[k - 1]
        ang = math.atan2(yb - ya, xb - xa)
        size = 8.0
        head = [
            (xb + math.cos(ang) * 3.0, yb + math.sin(ang) * 3.0),
            (xb - math.cos(ang - 0.45) * size, yb - math.sin(ang - 0.45) * size),
            (xb - math.cos(ang + 0.45) * size, yb - math.sin(ang + 0.45) * size),
        ]
        svg = (
            f'<polyline points="{_pts(pts)}" fill="none" stroke="#ffffff" stroke-width="6" '
            'stroke-linecap="round" '
            'stroke-linejoin="round"/>'
            + _polyline(pts, ACCENT, 2.6)
            + f'<polygon points="{_pts(head)}" fill="{ACCENT}" stroke="{ACCENT}" stroke-width="1" '
            'stroke-linejoin="round"/>'
        )
        items.append(Item(1e6, svg))
    return items


# --- scene assembly ---------------------------------------------------------------------------


def moving_chains(scene: Scene) -> frozenset[str]:
    if scene.moving is not None:
        return scene.moving
    # Automatic choice: the limbs (never the torso) that travel furthest; whole-body lifts end up
    # with the arrow alone, which keeps overlapping accent fills from turning into a blob.
    a, b = scene.start.joints(), scene.end.joints()
    shift = {
        name: max(math.dist(a[n], b[n]) for n in names)
        for name, (names, _) in CHAINS.items()
        if name not in ("head", "torso")
    }
    top = max(shift.values())
    return frozenset(n for n, d in shift.items() if d >= max(0.6 * top, 8.0))


def scene_points(scene: Scene) -> list[tuple[float, float, float]]:
    """Screen extents (x, y, radius) of everything drawn in both phases, for framing and tests."""
    out: list[tuple[float, float, float]] = []
    for pose in (scene.start, scene.end):
        for p, r in pose.surface_points():
            x, y, _ = scene.view.project(p)
            out.append((x, y, r + OUTLINE))
        j = pose.joints()
        for prop in scene.props:
            for s in prop.shapes(j):
                if not s.bounds:
                    continue
                for p in s.points:
                    x, y, _ = scene.view.project(p)
                    out.append((x, y, (s.radius or 0.0) + s.width / 2))
    for joint in scene.track:
        out.extend((x, y, 6.0) for x, y in arrow_points(scene, joint))
    return out


@cache
def frame(scene: Scene) -> tuple[float, float, float, float]:
    """The viewBox (x, y, w, h) shared by start and end so the two pictures line up."""
    pts = scene_points(scene)
    x0 = min(x - r for x, _, r in pts) - MARGIN
    x1 = max(x + r for x, _, r in pts) + MARGIN
    y0 = min(y - r for _, y, r in pts) - MARGIN
    y1 = max(y + r for _, y, r in pts) + MARGIN
    if scene.floor:
        y1 = max(y1, floor_y(scene) + MARGIN)
    w, h = x1 - x0, y1 - y0
    if w / h < ASPECT:
        extra = h * ASPECT - w
        x0 -= extra / 2
        w = h * ASPECT
    else:
        extra = w / ASPECT - h
        # Extra height goes above the figure, keeping the floor near the bottom edge.
        y0 -= extra * (0.85 if scene.floor else 0.5)
        h = w / ASPECT
    return (x0, y0, w, h)


def floor_y(scene: Scene) -> float:
    """Screen y of the floor under the figure (the floor is drawn as one line across)."""
    p = scene.start.root
    return scene.view.project((p[0], 0.0, p[2]))[1]


def scene_body(scene: Scene, phase: str) -> str:
    """Inner SVG markup (no <svg> wrapper) for one phase."""
    pose = scene.pose(phase)
    view = scene.view
    moving = moving_chains(scene)
    items: list[Item] = []
    j = pose.joints()
    if scene.floor:
        fr = frame(scene)
        y = floor_y(scene)
        items.append(Item(-1e9, _polyline([(fr[0] - 5, y), (fr[0] + fr[2] + 5, y)], INK, 1.6)))
    for prop in scene.props:
        items += shape_items(prop.shapes(j), view)
    items += figure_items(pose, view, moving, solid=scene.solid)
    if phase == "end":
        # The start position drawn faint behind, so the end picture shows what moved.
        ghost = scene.start
        items += figure_items(ghost, view, moving, ghost=True)
        gj = ghost.joints()
        for prop in scene.props:
            if getattr(prop, "held", False):
                items += shape_items(prop.shapes(gj), view, ghost=True)
    items += arrow_items(scene)
    items.sort(key=lambda it: it.depth)
    return merge_strokes("".join(it.svg for it in items))


# A polyline as _polyline writes it: its points, then its stroke.
_POLYLINE = re.compile(r'<polyline points="([^"]*)" (fill="none" [^>]*?)/>')


def merge_strokes(body: str) -> str:
    """Polylines drawn one after another with the same stroke become one path of several
    pieces: the same picture (the same paint in the same order), in fewer elements. A
    renderer pays for each element (WeasyPrint about 0.3 ms, a fifth of a packet's
    drawings); a figure's limbs make runs of equal strokes."""
    out: list[str] = []
    run_stroke, run_points = None, []

    def flush():
        if len(run_points) == 1:
            out.append(f'<polyline points="{run_points[0]}" {run_stroke}/>')
        elif run_points:
            pieces = " ".join(f"M{points.replace(' ', ' L', 1)}" for points in run_points)
            out.append(f'<path d="{pieces}" {run_stroke}/>')
        run_points.clear()

    position = 0
    for match in _POLYLINE.finditer(body):
        between = body[position : match.start()]
        points, stroke = match.groups()
        if between or stroke != run_stroke:
            flush()
            out.append(between)
            run_stroke = stroke
        run_points.append(points)
        position = match.end()
    flush()
    out.append(body[position:])
    return "".join(out)


def _view_box(fr: tuple[float, float, float, float]) -> str:
    return " ".join(_f(v) for v in fr)


def svg_document(title: str, ident: str, body: str, view_box: str, width: int, height: int) -> str:
    tid = f"{ident}-title"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" width="{width}" '
        f'height="{height}" '
        f'role="img" aria-labelledby={quoteattr(tid)}>'
        f"<title id={quoteattr(tid)}>{escape(title)}</title>"
        f"{body}</svg>"
    )


def render_phase_svg(scene: Scene, phase: str, title: str, ident: str) -> str:
    """A standalone SVG of the start or end position."""
    fr = frame(scene)
    background = (
        f'<rect x="{_f(fr[0])}" y="{_f(fr[1])}" width="{_f(fr[2])}" height="{_f(fr[3])}" '
        'fill="#ffffff"/>'
    )
    return svg_document(
        title, ident, background + scene_body(scene, phase), _view_box(fr), WIDTH_PX, HEIGHT_PX
    )


def render_pair_svg(scene: Scene, title: str, ident: str) -> str:
    """Start and end side by side, labelled, for printed exercise sheets."""
    fr = frame(scene)
    gap, label_h = 20, 30
    total_w, total_h = 2 * WIDTH_PX + gap, HEIGHT_PX + label_h
    parts = [f'<rect x="0" y="0" width="{total_w}" height="{total_h}" fill="#ffffff"/>']
    for k, (phase, label) in enumerate((("start", "Start"), ("end", "End"))):
        x = k * (WIDTH_PX + gap)
        parts.append(
            f'<text x="{x + 8}" y="21" font-family="{FONT}" font-size="17" font-weight="bold" '
            f'fill="{INK}">'
            f"{label}</text>"
        )
        parts.append(
            f'<svg x="{x}" y="{label_h}" width="{WIDTH_PX}" height="{HEIGHT_PX}" '
            f'viewBox="{_view_box(fr)}">'
            f"{scene_body(scene, phase)}</svg>"
        )
    mid = WIDTH_PX + gap / 2
    parts.append(
        f'<line x1="{_f(mid)}" y1="{label_h + 10}" x2="{_f(mid)}" y2="{total_h - 10}" '
        'stroke="#bbbbbb" '
        'stroke-width="1"/>'
    )
    return svg_document(title, ident, "".join(parts), f"0 0 {total_w} {total_h}", total_w, total_h)
