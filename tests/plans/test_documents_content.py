"""What the patient's documents say, read from the PDF text: the name on every page, every
home exercise with its dose and the patient's cues, every handout title, no ICD code."""

import io
import re

import pytest
from pypdf import PdfReader

from plans.documents import EXERCISE_SHEET, PACKET, kinds, services
from tests.document_attacks import pdf_text
from tests.plans.documents_fixtures import PATIENT_CUE

# The fixture's exercises at their library defaults, in week 1.
THIS_WEEK = [
    "3 sets of 8 reps, RPE 6",  # kettlebell deadlift, double progression 8-12
    "3 sets of 6-8 reps, hold 5 seconds, RPE 6",  # bird dog
    "3 sets, hold 20 seconds, RPE 6",  # side plank
]
ICD_CODE = re.compile(r"\b[A-TV-Z][0-9][0-9AB](?:\.[0-9A-Z]{1,4})?\b")


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def render(plan, kind, large_print=False):
    return services.render_spec(services.build_spec(plan, kind, large_print=large_print))


@pytest.mark.parametrize("kind", list(kinds.BUILDERS))
@pytest.mark.parametrize("large_print", [False, True])
def test_every_page_has_the_patient_name_and_its_number(documented_plan, kind, large_print):
    spec = services.build_spec(documented_plan, kind, large_print=large_print)
    pages = pages_text(services.render_spec(spec))
    assert pages
    for number, text in enumerate(pages, start=1):
        assert "Maria Lopez" in text, f"page {number} of the {kind} has no patient name"
        # Patient documents say "Page 3" (a packet is rendered in parts, none of which
        # knows the whole length); clinical ones "Page 3 of 5".
        footer = f"Page {number}" if spec.patient_facing else f"Page {number} of {len(pages)}"
        assert re.search(rf"{footer}\s*$", text), f"page {number} of the {kind}: {text[-40:]!r}"


@pytest.mark.parametrize("large_print", [False, True])
def test_a_long_packet_is_rendered_in_parts_numbered_as_one(documented_plan, large_print):
    spec = services.build_spec(documented_plan, PACKET, large_print=large_print)
    cover, cards, rest = spec.parts
    assert cover.pages is None and rest.pages is None
    assert cards.pages == len(cards.context["card_rows"]) * (2 if large_print else 1)
    rows = cards.context["card_rows"] + rest.context.get("card_rows", [])
    assert [number for number, _card in rows] == [1, 2, 3]
    pages = pages_text(services.render_spec(spec))
    assert "Your plan" in pages[0]
    cover_pages = next(n for n, text in enumerate(pages) if re.match(r"^1\s", text))
    # One card per page in order (two pages each in large print), then the handouts.
    card_pages = 2 if large_print else 1
    for offset, (number, card) in enumerate(rows):
        page = pages[cover_pages + offset * card_pages]
        assert re.search(rf"^{number}\s+{card.exercise.name}", page)
    cards_end = cover_pages + len(rows) * card_pages
    assert "Hurt is not harm" not in "".join(pages[:cards_end])
    assert "Hurt is not harm" in pages[cards_end]


@pytest.mark.parametrize("kind", list(kinds.BUILDERS))
def test_patient_documents_show_no_diagnosis_code(documented_plan, kind):
    spec = services.build_spec(documented_plan, kind, large_print=False)
    if not spec.patient_facing:
        pytest.skip("a clinical document shows the codes")
    text = pdf_text(services.render_spec(spec))
    assert "M54.59" not in text
    assert "M54.41" not in text
    assert ICD_CODE.findall(text) == []
    assert "Diagnos" not in text


@pytest.mark.parametrize("large_print", [False, True])
def test_the_packet_has_every_exercise_dose_handout_and_the_plan_in_plain_words(
    documented_plan,
    large_print,
):
    text = pdf_text(render(documented_plan, PACKET, large_print))
    flat = " ".join(text.split())
    assert "Your plan" in text
    for heading in ("What is going on", "What we will do together", "Your goals", "Who to call"):
        assert heading in flat
    assert "Lift a 15 kg box" in flat
    assert "Visits: 2 a week for 8 weeks." in flat
    assert "Hands-on work on the muscles of your back" in flat
    for item in documented_plan.exercises.select_related("exercise"):
        assert item.exercise.name in flat
        assert item.exercise.movement_steps[0] in flat
    # This week's dose of each (week 1: double progression starts at the bottom of the range).
    for dose in THIS_WEEK:
        assert f"This week: {dose}" in flat
    assert PATIENT_CUE in flat
    assert "From your therapist" in flat
    assert "Week by week" in flat
    assert "tick each day you do it" in flat
    # The boxes to tick are one drawing; its day names are text in the PDF, once per card.
    assert flat.count("Mon Tue Wed Thu Fri Sat Sun") == documented_plan.exercises.count()
    for title in ("Hurt is not harm", "Stay active", "Your flare-up plan"):
        assert title in flat
    # The clinic's contact details close the packet.
    assert "How to reach us" in pages_text(render(documented_plan, PACKET, large_print))[-1]


def test_large_print_gives_each_exercise_its_own_pages(documented_plan):
    pages = pages_text(render(documented_plan, PACKET, large_print=True))
    names = [item.exercise.name for item in documented_plan.exercises.select_related("exercise")]
    for name in names:
        how = [i for i, text in enumerate(pages) if f"{name}\nThis week" in text]
        weeks = [i for i, text in enumerate(pages) if f"{name}: your weeks" in text]
        assert len(how) == 1 and weeks == [how[0] + 1], name
        # No other exercise on those two pages.
        for other in set(names) - {name}:
            assert other not in pages[how[0]] + pages[weeks[0]]


def test_the_packet_uses_the_library_flare_up_plan_when_the_plan_has_none(
    plan,
    therapist,
    exercises,
    handouts,
):
    from plans import services as plan_services
    from tests.plans.test_services import Request

    plan_services.plan_add_exercise(
        plan=plan, revision=plan.revision, exercise=exercises[0], request=Request(therapist)
    )
    spec = services.build_spec(plan, PACKET, large_print=False)
    assert spec.inputs["flare_up"]["id"] == handouts["flare_up"].current_version_id
    assert "Your flare-up plan" in pdf_text(services.render_spec(spec))


def test_the_exercise_sheet_is_short_and_has_only_the_exercises(documented_plan):
    pdf = render(documented_plan, EXERCISE_SHEET)
    pages = pages_text(pdf)
    assert 1 <= len(pages) <= 2
    flat = " ".join(" ".join(pages).split())
    for item in documented_plan.exercises.select_related("exercise"):
        assert item.exercise.name in flat
    for dose in THIS_WEEK:
        assert dose in flat
    assert PATIENT_CUE in flat
    assert "Hurt is not harm" not in flat


def test_the_cover_reads_at_grade_8_or_below(documented_plan):
    import textstat

    cover = pages_text(render(documented_plan, PACKET))[0]
    # The words we wrote: drop the letterhead and footer lines (names, addresses, numbers).
    start = cover.index("What is going on")
    end = cover.index("Page 1")
    prose = cover[start:end].replace("\n", " ")
    assert textstat.flesch_kincaid_grade(prose) <= 8


def test_the_clinic_logo_prints_on_the_letterhead(documented_plan, settings, tmp_path):
    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "#0b6166").save(buffer, "PNG")
    clinic = documented_plan.clinic
    clinic.logo.save("logo.png", ContentFile(buffer.getvalue()))
    spec = services.build_spec(documented_plan, PACKET, large_print=False)
    assert spec.context["logo_url"].startswith("/media/clinic-logos/")
    reader = PdfReader(io.BytesIO(services.render_spec(spec)))
    images = [image for image in reader.pages[0].images]
    assert images, "the logo is not on the first page"
