"""One handout: the patient's view, old versions, compare, and the printed PDF."""

import io

from django.urls import reverse
from PIL import Image

from education.models import HandoutVersion
from tests.document_attacks import assert_pdf_is_clean, hostile_html, pdf_text
from tests.education.factories import content, published_handout, republish
from tests.education.pdfs import body_font_size, image_count


def test_the_detail_shows_what_the_patient_gets(therapist_client, north_handout):
    page = therapist_client.get(reverse("education:detail", args=[north_handout.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "North walking guide" in text
    assert "What to do" in text
    assert "Walk for 5 minutes today." in text
    assert "<h2>Why walking helps</h2>" in text
    assert "In short" in text
    assert "Print (PDF)" in text
    assert "Edit" not in text  # therapists read only


def test_unpublished_edits_stay_out_of_the_patients_view(
    admin_client_, therapist_client, north_handout, clinic_admin
):
    admin_client_.post(
        reverse("education:edit", args=[north_handout.pk]),
        {**form_data(title="Half-finished rewrite"), "revision": north_handout.revision},
    )
    text = therapist_client.get(reverse("education:detail", args=[north_handout.pk])).content
    assert b"North walking guide" in text
    assert b"Half-finished rewrite" not in text
    admin_text = admin_client_.get(reverse("education:detail", args=[north_handout.pk])).content
    assert b"changes that are not published yet" in admin_text


def test_drafts_are_hidden_from_therapists(therapist_client, admin_client_, north_draft):
    url = reverse("education:detail", args=[north_draft.pk])
    assert therapist_client.get(url).status_code == 404
    assert admin_client_.get(url).status_code == 200


def test_an_old_version_still_shows_its_own_text(therapist_client, north_handout, clinic_admin):
    handout, _ = republish(north_handout, user=clinic_admin, summary="A brand new summary.")
    old = therapist_client.get(reverse("education:version", args=[handout.pk, 1])).content
    new = therapist_client.get(reverse("education:version", args=[handout.pk, 2])).content
    assert b"Walking is safe and helps your back." in old
    assert b"A brand new summary." in new
    assert (
        therapist_client.get(reverse("education:version", args=[handout.pk, 9])).status_code == 404
    )
    huge = reverse("education:version", args=[handout.pk, 99999999999999])
    assert therapist_client.get(huge).status_code == 404


def test_history_lists_every_version(therapist_client, north_handout, clinic_admin):
    handout, _ = republish(north_handout, user=clinic_admin, title="Walk more")
    page = therapist_client.get(reverse("education:history", args=[handout.pk])).content.decode()
    assert "Version 1" in page and "Version 2" in page
    assert "Compare two versions" in page


def test_compare_marks_removed_and_added_words(therapist_client, north_handout, clinic_admin):
    handout, _ = republish(
        north_handout, user=clinic_admin, summary="Walking is safe and good for your back."
    )
    url = reverse("education:compare", args=[handout.pk])
    page = therapist_client.get(url, {"a": 1, "b": 2}).content.decode()
    assert (
        '<del class="diff diff--removed"><span class="visually-hidden">[removed: </span>helps'
        in page
    )
    assert (
        '<ins class="diff diff--added"><span class="visually-hidden">[added: </span>good for'
        in page
    )
    assert "Changed" in page
    # Nonsense version numbers fall back to the two newest.
    assert therapist_client.get(url, {"a": "x", "b": "-1"}).status_code == 200


def test_the_pdf_is_laid_out_for_the_patient(therapist_client, north_handout):
    response = therapist_client.get(reverse("education:pdf", args=[north_handout.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="north-walking-guide.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for words in (
        "North Clinic",  # the letterhead
        "North walking guide",
        "This handout helps you start walking",
        "What to do",
        "Walk for 5 minutes today.",
        "Why walking helps",
        "In short",
        "Sources",
        "Oliveira CB",
        "Page 1 of 1",
        "version 1",
    ):
        assert words in text, words
    assert text.index("What to do") < text.index("Why walking helps") < text.index("In short")
    assert body_font_size(response.content) == 12


def test_large_print_sets_the_body_at_17_points(therapist_client, north_handout):
    url = reverse("education:pdf", args=[north_handout.pk])
    response = therapist_client.get(url, {"size": "large"})
    assert 16 <= body_font_size(response.content) <= 18
    assert "large-print" in response["Content-Disposition"]


def test_an_old_version_prints_its_own_text(therapist_client, north_handout, clinic_admin):
    handout, _ = republish(north_handout, user=clinic_admin, title="Walk more")
    response = therapist_client.get(reverse("education:version-pdf", args=[handout.pk, 1]))
    assert "North walking guide" in pdf_text(response.content)
    assert "Walk more" not in pdf_text(response.content)


def test_the_letterhead_carries_the_clinics_logo(
    therapist_client, north_handout, clinic, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "#0b6166").save(buffer, "PNG")
    clinic.logo.save("north.png", io.BytesIO(buffer.getvalue()))
    response = therapist_client.get(reverse("education:pdf", args=[north_handout.pk]))
    assert image_count(response.content) == 1


def test_a_shared_handout_prints_on_the_readers_own_letterhead(outsider_client, shared_handout):
    response = outsider_client.get(reverse("education:pdf", args=[shared_handout.pk]))
    assert "South Clinic" in pdf_text(response.content)
    assert "North Clinic" not in pdf_text(response.content)


def test_hostile_markdown_reaches_neither_the_page_nor_the_pdf(
    admin_client_, therapist_client, clinic, clinic_admin, listener
):
    hostile = hostile_html(listener.url)
    handout = published_handout(
        clinic=clinic,
        user=clinic_admin,
        body_markdown=(
            f"## Tricks\n{hostile}\n[file](file:///etc/passwd) ![x]({listener.url}/a.png)"
        ),
    )
    page = therapist_client.get(reverse("education:detail", args=[handout.pk])).content.decode()
    assert_page_is_clean(page, listener.url)
    for size in ("normal", "large"):
        pdf = therapist_client.get(reverse("education:pdf", args=[handout.pk]), {"size": size})
        assert_pdf_is_clean(pdf.content)
        assert "Before the tricks." in pdf_text(pdf.content)
    listener.assert_untouched()


def test_stored_html_is_sanitised_again_on_the_way_out(therapist_client, north_handout, listener):
    """A version row written around the model (bulk insert, restored backup) is still cleaned."""
    hostile = hostile_html(listener.url)
    HandoutVersion.objects.bulk_create(
        [
            HandoutVersion(
                handout=north_handout,
                number=2,
                body_html=hostile,
                **{k: v for k, v in content(title="Tampered").items() if k != "body_markdown"},
                body_markdown="",
            )
        ]
    )
    page = therapist_client.get(reverse("education:version", args=[north_handout.pk, 2]))
    assert "Tampered" in page.content.decode()
    assert_page_is_clean(page.content.decode(), listener.url)
    pdf = therapist_client.get(reverse("education:version-pdf", args=[north_handout.pk, 2]))
    assert_pdf_is_clean(pdf.content)
    listener.assert_untouched()


def assert_page_is_clean(page: str, listener_url: str):
    sheet = page[page.index('<article class="sheet"') :]
    for bad in (
        "file://",
        listener_url,
        "169.254",
        "<style",
        "<svg",
        "<iframe",
        "<object",
        "<embed",
        "<base",
        'rel="attachment"',
        "<link",
        "@import",
    ):
        assert bad not in sheet, bad


def form_data(**changes):
    data = content(**changes)
    return {
        **data,
        "action_steps": "\n".join(data["action_steps"]),
        "references": "\n".join(data["references"]),
        "action": "save",
    }
