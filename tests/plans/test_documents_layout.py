"""Where list bullets, tick boxes and step numbers print, read from WeasyPrint's layout of
the real documents. WeasyPrint lays every outside list marker out as a positioned box of its
own (a tenth of a packet card's layout), so bullets and a handout's tick boxes are drawings
behind each item, and our numbered steps carry their number inside the first line. The
stylesheets place them where the disc, the box and the number used to print, at every line
height we print at: these tests hold them there."""

import dataclasses

import pytest
from django.template.loader import render_to_string
from weasyprint.formatting_structure import boxes

from education.documents import PRINT_STYLESHEETS, sheet_of
from exercises.selectors import exercise_detail
from lbp_clinic import documents
from plans.documents import EXERCISE_SHEET, PACKET, PLAN_OF_CARE, services

# DejaVu Sans, in em: the disc of "• " has its centre 0.026 above the middle of the line and
# 0.613 left of the text after it. Our layout must match within 0.02em (a quarter of a point
# at 12 pt).
DISC_ABOVE_MID_LINE = 0.026
DISC_LEFT_OF_TEXT = 0.613
CLOSE = 0.02
LONG_STEP = (
    "Push your hips back and let the weight slide down your thighs, keeping your back long "
    "and your chest proud, until you feel a stretch in the back of your legs."
)


def laid_out(html: str, stylesheets) -> list:
    return documents._laid_out(html, stylesheets, first_page=1).pages


def lists(pages, tag: str):
    """(list box, its item boxes) for every <ul> or <ol> on the pages."""
    for page in pages:
        for box in page._page_box.descendants():
            if box.element_tag == tag and isinstance(box, boxes.BlockBox):
                yield box, [child for child in box.children if child.element_tag == "li"]


def first_line(item) -> boxes.LineBox:
    return next(box for box in item.descendants() if isinstance(box, boxes.LineBox))


def text_start(line) -> float:
    """Where the line's own text begins (after an inside list marker)."""
    for child in line.children:
        if child.element_tag.endswith("::marker"):
            continue
        return next(box.position_x for box in child.descendants() if isinstance(box, boxes.TextBox))
    raise AssertionError("a line without text")


def drawing_behind(item):
    layers = [layer for layer in item.background.layers if layer.image is not None]
    assert len(layers) == 1, f"{item.element_tag}: {len(layers)} drawings behind"
    (layer,) = layers
    area_x, area_y, _, _ = layer.positioning_area
    (x, y), (width, height) = layer.position, layer.size
    return area_x + x, area_y + y, width, height


def in_em(length: float, item) -> float:
    return length / item.style["font_size"]


def check_bullets(pages) -> int:
    """Each bulleted item: its dot mid-line on the first line, left of the text, where the
    disc was. Returns how many items were checked."""
    checked = 0
    for ul, items in lists(pages, "ul"):
        if "checklist" in (ul.element.get("class") or ""):
            continue
        for item in items:
            x, y, width, height = drawing_behind(item)
            line = first_line(item)
            below_mid_line = (line.position_y + line.height / 2) - (y + height / 2)
            assert in_em(below_mid_line, item) == pytest.approx(DISC_ABOVE_MID_LINE, abs=CLOSE)
            left_of_text = text_start(line) - (x + width / 2)
            assert in_em(left_of_text, item) == pytest.approx(DISC_LEFT_OF_TEXT, abs=CLOSE)
            assert in_em(width, item) == pytest.approx(0.29, abs=CLOSE)
            checked += 1
    return checked


def check_numbers(pages) -> tuple[int, int]:
    """Each numbered item: its number ("1. ", "10. ") out in the margin right before the
    text, and the first line's text and the lines after it starting at the same place.
    Returns how many wrapped items and how many items numbered 10 or more it saw."""
    wrapped = two_digits = 0
    for ol, items in lists(pages, "ol"):
        if "numbered" not in (ol.element.get("class") or ""):
            continue
        for number, item in enumerate(items, start=1):
            lines = [box for box in item.descendants() if isinstance(box, boxes.LineBox)]
            marker = lines[0].children[0]
            assert marker.element_tag == "li::marker"
            gap = text_start(lines[0]) - (marker.position_x + marker.width)
            assert in_em(gap, item) == pytest.approx(0, abs=CLOSE), f"number {number}"
            for line in lines:
                indent = text_start(line) - item.content_box_x()
                assert in_em(indent, item) == pytest.approx(0, abs=CLOSE), f"item {number}"
            wrapped += len(lines) > 1
            two_digits += number >= 10
    return wrapped, two_digits


def outside_markers(pages) -> list[str]:
    return [
        box.element_tag
        for page in pages
        for box in page._page_box.descendants()
        if getattr(box, "is_outside_marker", False)
    ]


@pytest.fixture
def long_step_plan(documented_plan):
    """A plan whose first exercise has a step long enough to wrap."""
    item = documented_plan.exercises.order_by("position").first()
    item.exercise.movement_steps = [LONG_STEP, *item.exercise.movement_steps]
    item.exercise.save(update_fields=["movement_steps"])
    return documented_plan


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize(
    ("kind", "has_bullets", "has_steps"),
    [(PACKET, True, True), (EXERCISE_SHEET, False, True), (PLAN_OF_CARE, True, False)],
)
def test_bullets_and_numbers_print_where_list_markers_did(
    long_step_plan, kind, has_bullets, has_steps, large_print
):
    spec = services.build_spec(long_step_plan, kind, large_print=large_print)
    pages = laid_out(render_to_string(spec.template, spec.context), spec.stylesheets)
    assert (check_bullets(pages) > 0) == has_bullets
    wrapped, _ = check_numbers(pages)
    assert (wrapped > 0) == has_steps, "no wrapped step was checked"
    # Outside markers are left only to a handout's Markdown numbered lists (none here).
    assert outside_markers(pages) == []


@pytest.mark.parametrize("large_print", [False, True])
def test_a_handouts_bullets_tick_boxes_and_sources_print_in_place(handouts, clinic, large_print):
    sheet = dataclasses.replace(
        sheet_of(handouts["staying_active"].current_version),
        body_html="<ul><li>Walk a little.</li><li>Sit less.</li></ul>",
        references=[f"Source number {n}, a study of back pain." for n in range(1, 13)],
    )
    html = render_to_string(
        "education/handout_pdf.html",
        {"sheet": sheet, "clinic": clinic, "logo_url": "", "large_print": large_print},
    )
    pages = laid_out(html, PRINT_STYLESHEETS)
    assert check_bullets(pages) == 2
    assert check_numbers(pages)[1] == 3  # sources 10, 11 and 12
    (checklist,) = [items for ul, items in lists(pages, "ul") if ul.element.get("class")]
    for item in checklist:
        # The box to tick: a square about a line high, level with the first line, at the
        # item's left edge and clear of its text.
        x, y, width, height = drawing_behind(item)
        line = first_line(item)
        assert height == pytest.approx(width)
        assert 0.95 < in_em(height, item) < 1.3
        off_centre = (y + height / 2) - (line.position_y + line.height / 2)
        assert abs(in_em(off_centre, item)) < 0.08
        assert x == pytest.approx(item.border_box_x())
        assert in_em(text_start(line) - (x + width), item) > 0.4


@pytest.mark.parametrize("large_print", [False, True])
def test_the_library_exercise_sheet_bullets_and_numbers_print_in_place(
    long_step_plan, therapist, large_print
):
    exercise = long_step_plan.exercises.order_by("position").first().exercise
    html = render_to_string(
        "exercises/exercise_sheet.html",
        {
            "exercise": exercise_detail(user=therapist, pk=exercise.pk),
            "clinic": long_step_plan.clinic,
            "large_print": large_print,
        },
    )
    pages = laid_out(html, ("css/print.css", "exercises/sheet.css"))
    assert check_bullets(pages) > 0
    assert check_numbers(pages)[0] > 0
    assert outside_markers(pages) == []
