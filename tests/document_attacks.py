"""SECURITY 13: hostile content for every document type, and the checks a clean PDF passes.

Use: render a document with `hostile_html(listener_url)` inside author-written content,
then `assert_pdf_is_clean(pdf_bytes)` and `listener.assert_untouched()`.
"""

import io
import socket
import threading

from pypdf import PdfReader

SECRET_FILE = "/etc/passwd"
SECRET_MARKER = "root:"


def hostile_html(listener_url: str) -> str:
    """Every trick SECURITY 13 names, pointed at a local file and a local listener."""
    return f"""
<p>Before the tricks.</p>
<img src="file://{SECRET_FILE}" alt="file image">
<img src="{listener_url}/img.png" alt="network image">
<img src="http://169.254.169.254/latest/meta-data/" alt="metadata">
<a rel="attachment" href="file://{SECRET_FILE}">attach</a>
<link rel="attachment" href="file://{SECRET_FILE}">
<link rel="stylesheet" href="{listener_url}/evil.css">
<style>@import url("{listener_url}/import.css"); @import url("file://{SECRET_FILE}");
  body {{ background: url("{listener_url}/bg.png"); }}
  p {{ background-image: url("file://{SECRET_FILE}"); }}</style>
<p class="x" data-x="1">Inline url: <span>text</span></p>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  width="10" height="10">
  <image href="file://{SECRET_FILE}" width="10" height="10"/>
  <image xlink:href="{listener_url}/svg.png" width="10" height="10"/>
</svg>
<object data="file://{SECRET_FILE}"></object>
<embed src="{listener_url}/embed">
<iframe src="file://{SECRET_FILE}"></iframe>
<base href="file:///etc/">
<img src="passwd" alt="relative to hostile base">
<p>After the tricks.</p>
"""


def pdf_text(pdf_bytes: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def assert_pdf_is_clean(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert pdf_bytes.startswith(b"%PDF")
    assert reader.attachments == {}, "the PDF embeds files"
    assert b"/EmbeddedFile" not in pdf_bytes
    assert SECRET_MARKER not in pdf_text(pdf_bytes)
    assert b"root:x:0:0" not in pdf_bytes


class Listener:
    """A TCP listener on loopback that records whether anything connected to it."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self):
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()

    def assert_untouched(self):
        assert self.connections == 0, f"the renderer connected {self.connections} time(s)"
