"""SECURITY 13-14: the document renderer reads only our static and media files."""

import io
import os
import time

import pytest
from pypdf import PdfReader

from lbp_clinic import documents
from lbp_clinic.documents import SafeURLFetcher, render_pdf, resolve_local_file
from tests.document_attacks import assert_pdf_is_clean, hostile_html, pdf_text


def test_it_renders_our_html_with_our_stylesheet():
    pdf = render_pdf("<h1>Your plan</h1><p>Walk every day.</p>")
    assert "Your plan" in pdf_text(pdf)
    assert "Page 1 of 1" in pdf_text(pdf)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _pages(count: int, word: str) -> str:
    return "".join(
        f'<p style="break-before: page">{word} {number}</p>' for number in range(1, count + 1)
    )


@pytest.mark.parametrize("middle_pages_said", [2, 1, 3])
def test_parts_make_one_pdf_numbered_on_even_when_a_length_was_miscounted(middle_pages_said):
    """Each part is numbered from the real end of the parts before it, whatever was said."""
    pdf = documents.render_pdf_in_parts(
        [(_pages(1, "Lead"), None), (_pages(2, "Middle"), middle_pages_said),
         (_pages(3, "Last"), None)],
        stylesheets=("css/print.css",),
    )  # fmt: skip
    texts = pages_text(pdf)
    assert [text.split()[0:2] for text in texts] == [
        ["Lead", "1"], ["Middle", "1"], ["Middle", "2"], ["Last", "1"], ["Last", "2"],
        ["Last", "3"],
    ]  # fmt: skip
    # print.css says "of N": each part knows only its own length, hence no "of" in a packet.
    assert "Page 4 of 3" in texts[3]
    assert [text.split("Page ")[-1].split()[0] for text in texts] == ["1", "2", "3", "4", "5", "6"]


def outline(reader: PdfReader, items=None, depth=0) -> list[tuple]:
    """(depth, title, 0-based page, closed) of every bookmark, in reading order."""
    rows = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            rows += outline(reader, item, depth + 1)
        else:
            closed = item.get("/Count", 0) < 0
            rows.append((depth, item.title, reader.get_destination_page_number(item), closed))
    return rows


def test_the_joined_pdf_keeps_every_parts_bookmarks_on_their_pages_and_the_first_title():
    lead = (
        '<title>Your plan</title><h1>Lead</h1><h2>Why</h2><h2 style="break-before: page">How</h2>'
    )
    last = '<h1 style="bookmark-state: closed">Last</h1><h2>Inner</h2><p>Last 1</p>'
    pdf = documents.render_pdf_in_parts(
        [(lead, None), ("<h1>Middle</h1>", 1), (last, None)], stylesheets=("css/print.css",)
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 4
    assert outline(reader) == [
        (0, "Lead", 0, False), (1, "Why", 0, False), (1, "How", 1, False),
        (0, "Middle", 2, False),
        (0, "Last", 3, True), (1, "Inner", 3, False),
    ]  # fmt: skip
    assert reader.metadata.title == "Your plan"
    # The same parts make the same bytes, a second later too (qpdf's own file ID would
    # take in the clock).
    parts = [render_pdf(lead), render_pdf(last)]
    first = documents.join_pdfs(parts)
    time.sleep(1.1)
    assert documents.join_pdfs(parts) == first


def test_parts_are_rendered_in_child_processes_and_here_if_that_fails(monkeypatch):
    laid_out_here = []
    real = documents._laid_out

    def recording(html, stylesheets, **kwargs):
        laid_out_here.append(html)
        return real(html, stylesheets, **kwargs)

    documents.warm_up(("css/print.css",))  # the sample document is laid out once per process
    monkeypatch.setattr(documents, "_laid_out", recording)
    parts = [("<p>Lead</p>", None), ("<p>Middle</p>", 1), ("<p>Last</p>", None)]
    with_children = documents.render_pdf_in_parts(parts, stylesheets=("css/print.css",))
    # The children recorded in their own memory: nothing was laid out in this process.
    assert laid_out_here == []
    assert [text.split()[0] for text in pages_text(with_children)] == ["Lead", "Middle", "Last"]

    monkeypatch.setattr(documents, "_render_in_child", lambda *args, **kwargs: None)
    without_children = documents.render_pdf_in_parts(parts, stylesheets=("css/print.css",))
    assert laid_out_here == ["<p>Lead</p>", "<p>Middle</p>", "<p>Last</p>"]
    assert pages_text(without_children) == pages_text(with_children)


def test_a_part_whose_child_fails_before_its_length_is_known_is_laid_out_here(monkeypatch):
    parent = os.getpid()
    real = documents._laid_out

    def failing_in_a_child(html, stylesheets, **kwargs):
        if os.getpid() != parent and "Lead" in html:
            raise RuntimeError("a child's render failed")
        return real(html, stylesheets, **kwargs)

    documents.warm_up(("css/print.css",))
    monkeypatch.setattr(documents, "_laid_out", failing_in_a_child)
    pdf = documents.render_pdf_in_parts(
        [(_pages(2, "Lead"), None), (_pages(1, "Last"), None)], stylesheets=("css/print.css",)
    )
    texts = pages_text(pdf)
    assert [text.split()[0:2] for text in texts] == [["Lead", "1"], ["Lead", "2"], ["Last", "1"]]
    assert [text.split("Page ")[-1].split()[0] for text in texts] == ["1", "2", "3"]


def test_the_garbage_collector_is_off_while_a_render_works_and_on_again_after(monkeypatch):
    """A render's objects live until it ends; walking them again and again cost a tenth of
    a packet's CPU. The layout says whether the collector was on, in its own text."""
    import gc

    real = documents._laid_out

    def saying_collector_state(html, stylesheets, **kwargs):
        state = "collecting" if gc.isenabled() else "paused"
        return real(html.replace("STATE", state), stylesheets, **kwargs)

    documents.warm_up(("css/print.css",))
    monkeypatch.setattr(documents, "_laid_out", saying_collector_state)
    assert gc.isenabled()
    assert "Here paused" in pdf_text(render_pdf("<p>Here STATE</p>"))
    in_children = documents.render_pdf_in_parts(
        [("<p>Child STATE</p>", None), ("<p>Other STATE</p>", None)], stylesheets=("css/print.css",)
    )
    assert [text.split()[0:2] for text in pages_text(in_children)] == [
        ["Child", "paused"], ["Other", "paused"],
    ]  # fmt: skip
    monkeypatch.setattr(documents, "_render_in_child", lambda *args, **kwargs: None)
    here = documents.render_pdf_in_parts(
        [("<p>Lead STATE</p>", None), ("<p>Last STATE</p>", None)], stylesheets=("css/print.css",)
    )
    assert [text.split()[0:2] for text in pages_text(here)] == [
        ["Lead", "paused"], ["Last", "paused"],
    ]  # fmt: skip
    assert gc.isenabled()


def test_hostile_content_reads_no_file_and_makes_no_connection(listener):
    pdf = render_pdf(f"<h1>Handout</h1>{hostile_html(listener.url)}")
    assert_pdf_is_clean(pdf)
    listener.assert_untouched()
    assert "Before the tricks." in pdf_text(pdf)
    assert "After the tricks." in pdf_text(pdf)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/x.png",
        "https://documents.lbp-clinic.invalid/static/../../../etc/passwd",
        "https://documents.lbp-clinic.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://documents.lbp-clinic.invalid/media/../lbp_clinic/settings.py",
        "https://documents.lbp-clinic.invalid/etc/passwd",
        "ftp://documents.lbp-clinic.invalid/static/css/print.css",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError):
        SafeURLFetcher().fetch(url)


def test_the_fetcher_serves_our_static_files_and_data_uris():
    fetcher = SafeURLFetcher()
    response = fetcher.fetch("https://documents.lbp-clinic.invalid/static/css/print.css")
    assert b"@page" in response.read()
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"


def test_the_fetcher_serves_files_our_code_made_and_no_other_generated_path():
    path = documents.generated_file("drawings/test-bridge.svg", b"<svg/>", "image/svg+xml")
    fetcher = SafeURLFetcher()
    response = fetcher.fetch("https://documents.lbp-clinic.invalid" + path)
    assert response.read() == b"<svg/>"
    for unknown in ("drawings/nothing.svg", "drawings/../../lbp_clinic/settings.py", ""):
        with pytest.raises(ValueError):
            fetcher.fetch(f"https://documents.lbp-clinic.invalid/generated/{unknown}")
    # Only at our documents' origin.
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com" + path)


def test_media_files_resolve_only_under_media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "logo.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret")
    assert resolve_local_file("/media/logo.png") == (tmp_path / "media" / "logo.png").resolve()
    assert resolve_local_file("/media/../secret.txt") is None
    assert resolve_local_file("/media/%2e%2e/secret.txt") is None


def test_the_listener_does_notice_a_connection(listener):
    """The guard above can fail: a real fetch is seen by the listener."""
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen(f"{listener.url}/probe", timeout=1)  # noqa: S310
    import time

    time.sleep(0.5)
    assert listener.connections == 1
