"""Contact sheet: every exercise's start and end pictures on PNG pages, for reviewing the art."""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

from .library import EXERCISE_SLUGS, render_exercise_svg

PER_ROW = 2  # exercises per row; each exercise shows start and end
ROWS_PER_PAGE = 6


def contact_sheet_html(slugs: tuple[str, ...] = EXERCISE_SLUGS) -> str:
    """An A4 HTML page grid with the SVGs inline and the slug under each picture."""
    cells = []
    for slug in slugs:
        pics = "".join(
            f'<div class="pic">{render_exercise_svg(slug, phase)}<div '
            f'class="cap">{html.escape(slug)} · {phase}</div></div>'
            for phase in ("start", "end")
        )
        cells.append(f'<div class="ex">{pics}</div>')
    rows = [cells[i : i + PER_ROW] for i in range(0, len(cells), PER_ROW)]
    body = "".join(f'<div class="row">{"".join(r)}</div>' for r in rows)
    # This page is only fed to WeasyPrint offline, so a <style> element is fine here; the SVGs
    # themselves carry no styles.
    css = (
        "@page { size: A4 landscape; margin: 8mm; }"
        "body { font-family: Helvetica, Arial, sans-serif; margin: 0; }"
        ".row { display: flex; page-break-inside: avoid; margin-bottom: 2mm; }"
        ".ex { display: flex; border: 0.3mm solid #999; margin-right: 3mm; }"
        ".pic { width: 66mm; text-align: center; }"
        ".pic svg { width: 66mm; height: 49.5mm; }"
        ".cap { font-size: 7pt; color: #333; }"
    )
    head = f"<head><meta charset='utf-8'><style>{css}</style></head>"
    return f"<!DOCTYPE html><html>{head}<body>{body}</body></html>"


def write_contact_sheet(
    png_path: str | Path, resolution: int = 60, slugs: tuple[str, ...] = EXERCISE_SLUGS
) -> list[Path]:
    """Render the sheet with WeasyPrint and pdftoppm; writes png_path-1.png, -2.png, ... per page
    (and png_path itself for the first page). Returns the files written."""
    import weasyprint  # imported here: only this review tool needs it, not the app

    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    pdf = weasyprint.HTML(string=contact_sheet_html(slugs)).write_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        pdf_file = Path(tmp) / "sheet.pdf"
        pdf_file.write_bytes(pdf)
        prefix = Path(tmp) / "page"
        # Fixed argv, no shell: pdftoppm from poppler-utils on the reviewer's PATH.
        argv = ["pdftoppm", "-png", "-r", str(resolution), str(pdf_file), str(prefix)]
        subprocess.run(argv, check=True)  # noqa: S603
        pages = sorted(Path(tmp).glob("page*.png"))
        written = []
        for k, page in enumerate(pages, start=1):
            out = png_path.with_name(f"{png_path.stem}-{k}{png_path.suffix}")
            out.write_bytes(page.read_bytes())
            written.append(out)
        if pages:
            png_path.write_bytes(pages[0].read_bytes())
    return written
