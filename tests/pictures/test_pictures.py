"""Exercise pictures: SVG safety and structure, framing, joint ranges and floor contact."""

import re

# Only SVG produced by our own code is parsed here, never untrusted input.
import xml.etree.ElementTree as ET

import pytest

from exercises.pictures import (
    EXERCISE_SLUGS,
    has_pictures,
    poses_for,
    render_exercise_pair_svg,
    render_exercise_svg,
)
from exercises.pictures.library import scene_for
from exercises.pictures.pose import Pose, validate
from exercises.pictures.props import Mat
from exercises.pictures.render import OUTLINE, frame

SVG_NS = "{http://www.w3.org/2000/svg}"
PHASES = ("start", "end")
CASES = [(slug, phase) for slug in EXERCISE_SLUGS for phase in PHASES]
# Drawn content must stay this far (scene cm) inside the picture's edges.
FRAME_MARGIN = 4.0
REQUIRED = {
    "deadlift", "reverse-hyper", "back-extension", "good-morning", "bent-over-row",
    "reverse-plank", "hip-hinge-dowel", "kettlebell-deadlift", "trap-bar-deadlift",
    "romanian-deadlift", "single-leg-romanian-deadlift", "glute-bridge",
    "single-leg-glute-bridge", "hip-thrust", "cable-pull-through", "floor-back-extension",
    "supported-dumbbell-row", "band-row", "inverted-row", "push-up", "incline-push-up",
    "front-plank", "side-plank", "side-plank-knees", "tabletop-hold", "bird-dog", "dead-bug",
    "mcgill-curl-up", "pallof-press", "farmers-carry", "suitcase-carry", "goblet-squat",
    "sit-to-stand", "split-squat", "step-up", "walking-programme", "stationary-cycling",
    "cat-camel", "prone-press-up", "lumbar-rotation", "knee-to-chest", "sciatic-nerve-slider",
    "sciatic-nerve-tensioner", "half-kneeling-hip-flexor-stretch", "supine-hamstring-stretch",
    "hamstring-bridge-walkout",
}  # fmt: skip


def view_box(svg: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in svg.attrib["viewBox"].split())
    return x, y, w, h


def test_every_required_exercise_has_two_poses():
    assert set(EXERCISE_SLUGS) == REQUIRED
    assert len(EXERCISE_SLUGS) == len(set(EXERCISE_SLUGS)) == 46
    for slug in EXERCISE_SLUGS:
        assert has_pictures(slug)
        start, end = poses_for(slug)
        assert isinstance(start, Pose) and isinstance(end, Pose)
        assert start.joints() != end.joints(), f"{slug}: start and end are the same picture"
    assert not has_pictures("no-such-exercise")


def check_safe_svg(text: str) -> ET.Element:
    """Parses, and checks what the Content-Security-Policy and accessibility need."""
    root = ET.fromstring(text)  # noqa: S314
    assert root.tag == f"{SVG_NS}svg"
    assert root.attrib["viewBox"]
    assert root.attrib["width"] and root.attrib["height"]
    title = root.find(f"{SVG_NS}title")
    assert title is not None and title.text and title.text.strip()
    for el in root.iter():
        tag = el.tag.removeprefix(SVG_NS)
        assert tag not in ("script", "style", "foreignObject", "image", "a", "use"), tag
        for name, value in el.attrib.items():
            local = name.split("}")[-1]
            assert local != "style", f"inline style on <{tag}>"
            assert local != "href", f"reference on <{tag}>: {value}"
            assert not local.startswith("on"), f"event handler {local} on <{tag}>"
            assert "url(" not in value and "javascript:" not in value.lower()
    assert "style=" not in text and "<script" not in text
    return root


@pytest.mark.parametrize(("slug", "phase"), CASES)
def test_phase_svg_is_safe_standalone_svg(slug, phase):
    root = check_safe_svg(render_exercise_svg(slug, phase))
    assert phase in root.find(f"{SVG_NS}title").text


@pytest.mark.parametrize("slug", EXERCISE_SLUGS)
def test_pair_svg_is_safe_and_labelled(slug):
    root = check_safe_svg(render_exercise_pair_svg(slug))
    labels = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert labels == ["Start", "End"]
    assert len(root.findall(f"{SVG_NS}svg")) == 2


def test_unknown_phase_is_refused():
    with pytest.raises(ValueError):
        render_exercise_svg("deadlift", "middle")


def drawn_points(slug, phase):
    """Screen positions (with drawn radius) of every joint and prop part in one picture."""
    scene = scene_for(slug)
    pose = scene.pose(phase)
    j = pose.joints()
    pts = [(*scene.view.project(p)[:2], r) for p, r in pose.surface_points()]
    pts += [(*scene.view.project(p)[:2], 0.0) for p in j.values()]
    for prop in scene.props:
        for shape in prop.shapes(j):
            if shape.bounds:
                pts += [(*scene.view.project(p)[:2], shape.radius or 0.0) for p in shape.points]
    return pts


@pytest.mark.parametrize(("slug", "phase"), CASES)
def test_figure_and_props_stay_inside_the_frame(slug, phase):
    x, y, w, h = view_box(ET.fromstring(render_exercise_svg(slug, phase)))  # noqa: S314
    for px, py, r in drawn_points(slug, phase):
        assert x + FRAME_MARGIN <= px - r and px + r <= x + w - FRAME_MARGIN, (slug, phase, px)
        assert y + FRAME_MARGIN <= py - r and py + r <= y + h - FRAME_MARGIN, (slug, phase, py)


# Exercises done lying or propped low in a side view: a long, low figure.
LYING = (
    "glute-bridge", "single-leg-glute-bridge", "floor-back-extension", "push-up", "front-plank",
    "bird-dog", "dead-bug", "mcgill-curl-up", "prone-press-up", "knee-to-chest",
    "supine-hamstring-stretch", "hamstring-bridge-walkout", "reverse-plank", "tabletop-hold",
)  # fmt: skip


@pytest.mark.parametrize("slug", LYING)
def test_lying_figures_fill_the_width_of_their_frame(slug):
    """A long, low figure is framed by itself: mats, arrows and margins leave it at least 88%
    of the picture's width (start and end together), so it is drawn as large as it can be."""
    scene = scene_for(slug)
    _, _, w, _ = frame(scene)
    xs = [
        scene.view.project(p)[0] + sign * (r + OUTLINE)
        for pose in (scene.start, scene.end)
        for p, r in pose.surface_points()
        for sign in (-1, 1)
    ]
    assert (max(xs) - min(xs)) / w >= 0.88


@pytest.mark.parametrize(("slug", "phase"), CASES)
def test_joint_angles_are_within_human_ranges(slug, phase):
    pose = scene_for(slug).pose(phase)
    assert validate(pose) == []


def test_validator_reports_a_knee_bent_backwards():
    pose = Pose()
    pose.set_leg("r", 0.0, 0.0, 90.0)
    assert validate(pose) == []
    pose.set(r_knee=-25.0)  # hyperextended: the shank swings forwards past straight
    problems = validate(pose)
    assert len(problems) == 1 and problems[0].startswith("r_knee")


def test_validator_reports_other_impossible_joints():
    pose = Pose().set(l_elbow=-30.0, r_hip_flex=160.0, neck_flex=95.0)
    flagged = {p.split(":")[0] for p in validate(pose)}
    assert flagged == {"l_elbow", "r_hip_flex", "neck_flex"}


def test_leg_built_from_world_angles_reports_hyperextension():
    # A thigh pointing back with the shank pointing further forward is a knee bent backwards.
    pose = Pose().set_leg("l", -10.0, 20.0, 110.0)
    assert any(p.startswith("l_knee") for p in validate(pose))


@pytest.mark.parametrize(("slug", "phase"), CASES)
def test_figure_rests_on_its_support(slug, phase):
    scene = scene_for(slug)
    pose = scene.pose(phase)
    level = scene.ground[PHASES.index(phase)]
    lowest = pose.lowest()
    # Nothing sinks into the floor (or a mat on it)...
    assert lowest >= -1.0, f"{slug} {phase}: body {lowest:.1f} cm below the floor"
    # ...and floor-based poses touch it: no floating figures.
    if level is not None:
        assert abs(lowest - level) <= 1.0, f"{slug} {phase}: lowest {lowest:.1f}, expected {level}"


def test_mats_run_under_the_whole_figure():
    for slug in EXERCISE_SLUGS:
        scene = scene_for(slug)
        for prop in scene.props:
            if isinstance(prop, Mat):
                for pose in (scene.start, scene.end):
                    xs = [p[0] for p in pose.joints().values()]
                    assert prop.x0 <= min(xs) and max(xs) <= prop.x1, slug


def test_svg_ids_are_unique_per_picture_so_sheets_can_inline_many():
    ids = []
    for slug in EXERCISE_SLUGS[:5]:
        for phase in PHASES:
            ids += re.findall(r'\bid="([^"]+)"', render_exercise_svg(slug, phase))
    assert len(ids) == len(set(ids))
