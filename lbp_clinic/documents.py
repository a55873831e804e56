"""The one place that turns HTML into PDF (WeasyPrint), with a fetcher that reads only our files.

WeasyPrint's default fetcher reads local files and fetches http URLs, and embeds
`rel=attachment` targets into the PDF. Ours (SECURITY 13-14) serves only the project's
static and media files, resolved under their roots, plus `data:` URIs; everything else
is refused, so author-written content cannot pull in /etc/passwd or reach the network.
Templates link our files as plain "/static/..." or "/media/..." paths.
"""

import contextlib
import functools
import gc
import io
import logging
import os
import ssl
import threading
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative and root-relative URLs in documents resolve against this made-up origin; the
# fetcher maps it to files on disk and never opens a connection.
DOCUMENT_ORIGIN = "https://documents.lbp-clinic.invalid"
BASE_URL = DOCUMENT_ORIGIN + "/"
CONTENT_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


# Files our own code makes for documents (the exercise drawings), fetched by path like our
# static files: as data: URIs they made a packet's HTML five times longer (250 KB of base64),
# which the HTML parser reads character by character in every part.
GENERATED_PREFIX = "/generated/"
_generated: dict[str, tuple[bytes, str]] = {}


def generated_file(name: str, content: bytes, content_type: str) -> str:
    """Serve `content` to this process's documents (and the children it forks to render
    them) at the returned path. For content made by our code only, never user input."""
    _generated[name] = (content, content_type)
    return GENERATED_PREFIX + name


class RefusedURL(ValueError):
    """A document asked for something outside our static and media files."""


def _inside(root: Path, relative: str) -> Path | None:
    root = root.resolve()
    candidate = (root / relative).resolve()
    return candidate if candidate.is_relative_to(root) and candidate.is_file() else None


def resolve_local_file(path: str) -> Path | None:
    """Map "/static/..." or "/media/..." to a file under its root, or None."""
    path = unquote(path)
    if "\x00" in path:
        return None
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if path.startswith(static_prefix):
        relative = path.removeprefix(static_prefix)
        if ".." in Path(relative).parts:
            return None
        found = finders.find(relative)
        if found:
            return _inside(Path(found).parent, Path(found).name)
        return _inside(Path(settings.STATIC_ROOT), relative)
    if path.startswith(media_prefix):
        return _inside(Path(settings.MEDIA_ROOT), path.removeprefix(media_prefix))
    return None


# No URL ever reaches the network, so the fetcher's HTTPS handler gets a context that trusts
# no certificate at all: it could never connect, and it costs nothing to build (the default
# context loads the system CA bundle, about 0.1 s, on every render).
_NO_NETWORK_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class SafeURLFetcher(URLFetcher):
    """Serves our static and media files and data: URIs; refuses every other URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("ssl_context", _NO_NETWORK_TLS)
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False, **kwargs)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == DOCUMENT_ORIGIN:
            generated = _generated.get(parts.path.removeprefix(GENERATED_PREFIX))
            if parts.path.startswith(GENERATED_PREFIX) and generated is not None:
                body, content_type = generated
                return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
            local = resolve_local_file(parts.path)
            if local is not None:
                content_type = CONTENT_TYPES.get(local.suffix.lower(), "application/octet-stream")
                return URLFetcherResponse(
                    url, body=local.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url[:200])
        logger.warning("Document asked for a refused URL: %s", url[:200])
        raise RefusedURL(f"Refused: {url[:200]}")


def stylesheet(static_path: str, fetcher: URLFetcher, font_config: FontConfiguration) -> CSS:
    """One of our own stylesheets, read from disk (never a URL in `stylesheets=`). Its
    @font-face fonts (static/fonts/) are added to `font_config`: a document set in them is
    rendered with that same font configuration."""
    local = resolve_local_file("/" + settings.STATIC_URL.strip("/") + "/" + static_path)
    if local is None:
        raise FileNotFoundError(static_path)
    return CSS(
        string=local.read_text(),
        base_url=f"{BASE_URL}{settings.STATIC_URL.strip('/')}/{static_path}",
        url_fetcher=fetcher,
        font_config=font_config,
    )


class _Renderer(threading.local):
    """Each thread's font configuration and the stylesheets parsed with it.

    Without one, WeasyPrint makes a font configuration for every document: it loads the
    machine's fontconfig set-up and opens every font again, and no shaping is remembered
    from one document to the next. One per thread (Pango's font maps are not for sharing
    between threads); a gunicorn sync worker has one thread, and it inherits what
    warm_up() made before the fork, as do the children that render a document's parts."""

    def __init__(self):
        self.font_config: FontConfiguration | None = None
        self.stylesheets: dict[str, CSS] = {}

    def fonts(self) -> FontConfiguration:
        if self.font_config is None:
            self.font_config = FontConfiguration()
        return self.font_config


_renderer = _Renderer()


def parsed_stylesheet(static_path: str) -> CSS:
    """Our stylesheet, parsed once per thread (about 50 ms for a packet's three, every
    render otherwise); with DEBUG on, every time, as the file may have been edited. A parsed
    CSS object is read-only to WeasyPrint and serves any number of documents."""
    if settings.DEBUG:
        return stylesheet(static_path, SafeURLFetcher(), _renderer.fonts())
    parsed = _renderer.stylesheets.get(static_path)
    if parsed is None:
        parsed = stylesheet(static_path, SafeURLFetcher(), _renderer.fonts())
        _renderer.stylesheets[static_path] = parsed
    return parsed


# Lay-out and PDF options: no presentational hints (our CSS decides), and attachments never
# (rel=attachment targets are refused by the fetcher too).
_OPTIONS = {
    "presentational_hints": False,
    "attachments": [],
    "pdf_identifier": b"lbp-clinic",
    "uncompressed_pdf": False,
}

# What the warm-up lays out and writes: a little of everything our documents use (headings,
# bold text, lists, a table, boxes, a drawing, two pages with footers), so the lazily made
# parts of the renderer (C declarations parsed on first use, shaping and font caches) are
# made once, before a server forks, instead of in every child that renders a part.
_WARM_UP_DRAWING = (
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 60 30'>"
    "<rect width='60' height='30' fill='%23fff'/><text x='2' y='8' font-size='6'>Start</text>"
    "<polyline points='5,25 20,10 30,20' fill='none' stroke='%231a1a1a' stroke-width='3' "
    "stroke-linecap='round' stroke-linejoin='round'/><circle cx='40' cy='10' r='4' "
    "fill='%23ffe0c7' stroke='%23d9480f'/><polygon points='45,25 55,25 50,15' "
    "fill='%23cdcdcd' fill-opacity='0.5' stroke='%234a4a4a'/></svg>"
)
_WARM_UP_HTML = (
    "<html lang='en'><body><p class='patient-name'>Sample Name</p><h1>Your plan</h1>"
    "<h2><span class='badge'>1</span> Heading</h2><p>Plain text, <strong>bold</strong> and "
    "<em>italic</em>: 3 sets of 8 reps, 20 kg.</p><ul><li>One</li><li>Two</li></ul>"
    "<ol><li>First</li><li>Second</li></ol>"
    f"<img src=\"{_WARM_UP_DRAWING}\" alt='' width='120'>"
    "<table><caption>Week by week</caption><thead><tr><th scope='col'>Week</th>"
    "<th scope='col'>Dose</th></tr></thead><tbody><tr><th scope='row'>1</th><td>3 sets"
    "<br><span>note</span></td></tr></tbody></table>"
    "<h2 style='break-before: page'>Second page</h2><p>More text.</p></body></html>"
)


@functools.cache
def _warm_up_renderer() -> None:
    _pdf(_laid_out(_WARM_UP_HTML, ("css/print.css",), first_page=1))


def warm_up(stylesheets) -> None:
    """The sample document rendered once and these stylesheets parsed: for a server before
    it forks its workers (lbp_clinic.wsgi), and before a document is split among child
    processes, so they share all of it instead of each making it again."""
    _warm_up_renderer()
    for path in stylesheets:
        parsed_stylesheet(path)


def _laid_out(html: str, stylesheets, *, first_page: int) -> Document:
    """The HTML laid out in pages with the safe fetcher and our stylesheets; `first_page`
    numbers the pages from there (a later part of a document rendered in parts)."""
    sheets = [parsed_stylesheet(path) for path in stylesheets]
    if first_page != 1:
        sheets.append(CSS(string=f"@page :first {{ counter-reset: page {int(first_page)} }}"))
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher())
    return document.render(stylesheets=sheets, font_config=_renderer.fonts(), **_OPTIONS)


def _pdf(document: Document) -> bytes:
    return document.write_pdf(**_OPTIONS)


def _written(document: Document) -> tuple[bytes, int]:
    return _pdf(document), len(document.pages)


@contextlib.contextmanager
def _collector_paused():
    """No cyclic garbage collection while WeasyPrint works. A render makes hundreds of
    thousands of objects that live until it ends, and the collector walks them (and the
    whole web worker's heap) again and again to free almost nothing: about a tenth of a
    packet's CPU, measured. Reference counting still frees what it can; whatever cycles a
    render leaves are collected after it. The entry points below pause it as a whole, and
    the children they fork inherit the pause for their one render."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
def render_pdf(
    html: str, *, stylesheets: tuple[str, ...] = ("css/print.css",), first_page: int = 1
) -> bytes:
    """Render an HTML string to PDF bytes with the safe fetcher and our print stylesheet."""
    return _pdf(_laid_out(html, stylesheets, first_page=first_page))


def page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


@_collector_paused()
def render_pdf_in_parts(
    parts: list[tuple[str, int | None]], *, stylesheets: tuple[str, ...]
) -> bytes:
    """Render a long document as several HTML parts, side by side where possible, and join
    them into one PDF numbered as one.

    WeasyPrint is single-threaded Python, so a 20-page packet keeps one core busy for
    seconds; parts rendered in forked children at the same time nearly halve the wait on two
    cores, and the layout's memory (tens of MB at its peak) leaves with the children instead
    of staying in a long-lived web worker. `parts` are (html, pages): pages is the part's
    page count when it is known by design, or None. A part's pages are numbered on from the
    parts before it, so the parts after a part of unknown length (a cover of one page or
    two) start once its child has laid it out and sent its page count, while that child
    writes its PDF. Should a part come out longer or shorter than said, the parts after it
    are rendered again with the right numbers. No part knows the whole length: footers
    should not say "of" counter(pages). Nothing is laid out in this process (unless a child
    fails), so a long-lived web worker does not keep a layout's memory.
    """
    warm_up(stylesheets)  # once per process: the children inherit it
    started = []  # (html, first page, result: () -> (pdf, pages) or None)
    first_page = 1
    for index, (html, pages) in enumerate(parts):
        child = _render_in_child(html, stylesheets, first_page=first_page)
        result = child.result if child else lambda: None
        if pages is None and index < len(parts) - 1:
            # The parts after this one are numbered on from it: wait for its layout.
            pages = child.page_count() if child else None
            if pages is None:  # no child, or it failed: lay the part out here
                result()
                document = _laid_out(html, stylesheets, first_page=first_page)
                pages = len(document.pages)
                result = functools.partial(_written, document)
        started.append((html, first_page, result))
        first_page += pages or 0
    pdfs: list[bytes] = []
    first_page = 1
    for (html, at, result), (_html, pages_said) in zip(started, parts, strict=True):
        made = result()
        if made is None or at != first_page:  # the child failed, or numbered wrongly
            made = _written(_laid_out(html, stylesheets, first_page=first_page))
        pdf, pages = made
        if pages_said is not None and pages != pages_said:
            logger.info("A document part has %d pages, not %d", pages, pages_said)
        pdfs.append(pdf)
        first_page += pages
    return join_pdfs(pdfs)


def join_pdfs(
    pdfs: list[bytes], *, bookmarks: list[str] | None = None, title: str | None = None
) -> bytes:
    """One PDF of the given PDFs' pages in order (at least one PDF), with their bookmarks
    (outlines), titled `title` or as the first PDF is. With `bookmarks` (a title per PDF),
    each PDF's own bookmarks go under a bookmark of its own that opens its first page.

    pikepdf (qpdf, C++) joins a 22-page packet in about 0.02 s of CPU; pypdf took 0.08 s,
    on the wait for every cold packet. Bookmarks are made again pointing at the joined
    pages; a PDF's named destinations are not kept (our documents link to no page).
    """
    joined = pikepdf.new()
    outline = []
    # qpdf copies a page's streams when the joined PDF is written: the parts stay open
    # until then.
    with contextlib.ExitStack() as stack:
        parts = [stack.enter_context(pikepdf.open(io.BytesIO(pdf))) for pdf in pdfs]
        for index, part in enumerate(parts):
            offset = len(joined.pages)
            joined.pages.extend(part.pages)
            pages = {page.objgen: offset + number for number, page in enumerate(part.pages)}
            with part.open_outline() as own:
                items = _bookmarks_in(joined, own.root, pages)
            if bookmarks:
                item = pikepdf.OutlineItem(bookmarks[index], offset)  # the page, whole
                item.children.extend(items)
                items = [item]
            outline += items
        with joined.open_outline() as own:
            own.root.extend(outline)
        for key, value in parts[0].docinfo.items():
            joined.docinfo[key] = value
        if title is not None:
            joined.docinfo["/Title"] = title
        out = io.BytesIO()
        joined.save(
            out,
            min_version=parts[0].pdf_version,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,  # the same parts make the same bytes
        )
    return out.getvalue()


def _bookmarks_in(joined, items, pages: dict) -> list:
    """A part's bookmarks made again in the joined PDF: same titles, nesting, open or
    closed, and place on the page, on the joined copy of their page."""
    made = []
    for item in items:
        page, *place = item.destination  # WeasyPrint writes [page /XYZ left top zoom]
        copy = pikepdf.OutlineItem(item.title)
        copy.destination = pikepdf.Array([joined.pages[pages[page.objgen]].obj, *place])
        copy.is_closed = item.is_closed
        copy.children.extend(_bookmarks_in(joined, item.children, pages))
        made.append(copy)
    return made


class _ChildRender:
    """A part rendering in a forked child, which sends the part's page count (4 bytes) as
    soon as it is laid out, then its PDF."""

    def __init__(self, pid: int, source):
        self.pid = pid
        self.source = source
        self.pages: int | None = None

    def page_count(self) -> int | None:
        """The part's page count once the child has laid it out; None if the child failed."""
        if self.pages is None:
            header = self.source.read(4)
            self.pages = int.from_bytes(header, "big") if len(header) == 4 else None
        return self.pages

    def result(self) -> tuple[bytes, int] | None:
        """Waits for the PDF and its page count; None if the child failed."""
        pages = self.page_count()
        pdf = self.source.read()
        self.source.close()
        _pid, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or pages is None or not pdf:
            logger.warning("The child render failed; rendering here instead")
            return None
        return pdf, pages


def _render_in_child(
    html: str, stylesheets: tuple[str, ...], *, first_page: int
) -> _ChildRender | None:
    """Start rendering in a forked child (None where there is no fork: the caller then
    renders the part itself)."""
    if not hasattr(os, "fork"):
        return None
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python warns that fork() in a process with threads (runserver, the test live
        # server) may deadlock a child that takes a lock another thread held. The child
        # only renders and writes to its pipe, and the locks it could need (imports,
        # logging) are re-made after fork by CPython.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: render, hand the bytes over, leave without any clean-up
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                document = _laid_out(html, stylesheets, first_page=first_page)
                out.write(len(document.pages).to_bytes(4, "big"))
                out.flush()
                out.write(_pdf(document))
            status = 0
        except BaseException:
            logger.exception("Rendering in a child process failed")
        finally:
            # No atexit handlers, no closing of the parent's database connections.
            os._exit(status)
    os.close(write_end)
    return _ChildRender(pid, os.fdopen(read_end, "rb"))


def render_template_pdf(
    template_name: str, context: dict, *, stylesheets=("css/print.css",)
) -> bytes:
    return render_pdf(render_to_string(template_name, context), stylesheets=stylesheets)
