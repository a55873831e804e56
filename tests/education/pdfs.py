"""Reading printed handouts back: text, the body's font size, images."""

import io
from collections import Counter

from pypdf import PdfReader


def body_font_size(pdf_bytes: bytes) -> float:
    """The font size (pt) of most of the text on the first page."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes[round(font_size * scale, 1)] += len(text)

    PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def image_count(pdf_bytes: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def page_count(pdf_bytes: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)
