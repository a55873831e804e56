"""Every document is set in our Latin cut of DejaVu Sans (static/fonts/): a PDF that also
embeds the full system font pays for subsetting it again (about 0.1 s a part). A letter
the cut lacks still prints, from the full font."""

import io

import pytest
from pypdf import PdfReader

from education.documents import handout_pdf, sheet_of
from lbp_clinic.documents import render_pdf
from plans.documents import PACKET, kinds, services
from tests.document_attacks import pdf_text

LATIN = "DejaVu-Sans-Latin"
FACES = {LATIN, f"{LATIN}-Bold", f"{LATIN}-Italic", f"{LATIN}-Bold-Italic"}


def embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF embeds, without their subset tag ("ABCDEF+"), from every page and
    every drawing (form XObject) on it."""
    found = set()

    def visit(resources):
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        visit(page.get("/Resources"))
    return found


@pytest.mark.parametrize("kind", list(kinds.BUILDERS))
@pytest.mark.parametrize("large_print", [False, True])
def test_every_plan_document_uses_only_our_latin_fonts(documented_plan, kind, large_print):
    spec = services.build_spec(documented_plan, kind, large_print=large_print)
    fonts = embedded_fonts(services.render_spec(spec))
    assert LATIN in fonts
    assert fonts <= FACES


def test_a_handout_uses_only_our_latin_fonts(handouts, clinic):
    fonts = embedded_fonts(handout_pdf(sheet=sheet_of(handouts["pain_science"]), clinic=clinic))
    assert LATIN in fonts
    assert fonts <= FACES


def test_bold_and_slanted_text_have_their_own_faces():
    pdf = render_pdf(
        "<p>Plain <strong>strong</strong> <em>slanted</em> <strong><em>both</em></strong></p>"
    )
    assert embedded_fonts(pdf) == FACES


def test_a_name_outside_latin_still_prints_from_the_full_font(documented_plan):
    patient = documented_plan.patient
    patient.first_name, patient.last_name = "Ελένη", "Жукова"
    patient.save()
    spec = services.build_spec(documented_plan, PACKET, large_print=False)
    pdf = services.render_spec(spec)
    assert "Ελένη Жукова" in pdf_text(pdf)
    assert {LATIN, "DejaVu-Sans"} <= embedded_fonts(pdf)
