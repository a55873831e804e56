"""The one place that turns HTML into PDF (WeasyPrint), with a fetcher that reads only our files.

WeasyPrint's default fetcher reads local files and fetches http URLs, and embeds
`rel=attachment` targets into the PDF. Ours (SECURITY 13-14) serves only the project's
static and media files, resolved under their roots, plus `data:` URIs; everything else
is refused, so author-written content cannot pull in /etc/passwd or reach the network.
Templates link our files as plain "/static/..." or "/media/..." paths.
"""

import logging
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
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
            local = resolve_local_file(parts.path)
            if local is not None:
                content_type = CONTENT_TYPES.get(local.suffix.lower(), "application/octet-stream")
                return URLFetcherResponse(
                    url, body=local.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url[:200])
        logger.warning("Document asked for a refused URL: %s", url[:200])
        raise RefusedURL(f"Refused: {url[:200]}")


def stylesheet(static_path: str, fetcher: URLFetcher) -> CSS:
    """One of our own stylesheets, read from disk (never a URL in `stylesheets=`)."""
    local = resolve_local_file("/" + settings.STATIC_URL.strip("/") + "/" + static_path)
    if local is None:
        raise FileNotFoundError(static_path)
    return CSS(
        string=local.read_text(),
        base_url=f"{BASE_URL}{settings.STATIC_URL.strip('/')}/{static_path}",
        url_fetcher=fetcher,
    )


def render_pdf(html: str, *, stylesheets: tuple[str, ...] = ("css/print.css",)) -> bytes:
    """Render an HTML string to PDF bytes with the safe fetcher and our print stylesheet."""
    fetcher = SafeURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[stylesheet(path, fetcher) for path in stylesheets],
        presentational_hints=False,
        # Attachments are never wanted: rel=attachment targets are refused by the fetcher too.
        attachments=[],
        pdf_identifier=b"lbp-clinic",
        uncompressed_pdf=False,
    )


def render_template_pdf(
    template_name: str, context: dict, *, stylesheets=("css/print.css",)
) -> bytes:
    return render_pdf(render_to_string(template_name, context), stylesheets=stylesheets)
