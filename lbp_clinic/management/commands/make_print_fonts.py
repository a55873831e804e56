"""`manage.py make_print_fonts`: write static/fonts/, the fonts every PDF is set in.

They are DejaVu Sans (Debian's fonts-dejavu-core, the font our print stylesheets always
asked for) cut down to the letters our documents use: Latin with its accents, punctuation,
arrows and a few symbols. WeasyPrint subsets each font a PDF uses, and it reads the whole
font to do so: the full DejaVu Sans, with its tables for dozens of scripts, cost about
0.17 s per PDF (per part of a packet rendered in parts) on our bench machine; the Latin
cut about 0.05 s. A letter outside it (a Greek or Cyrillic name, say) is still printed:
the stylesheets name the full DejaVu Sans next, and WeasyPrint takes it from there.

The files are committed; run this again only to change what they hold. The DejaVu
licence allows changed copies under a new name: the family is "DejaVu Sans Latin".
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
FACES = {
    "DejaVuSans.ttf": "dejavu-sans-latin.ttf",
    "DejaVuSans-Bold.ttf": "dejavu-sans-latin-bold.ttf",
    "DejaVuSans-Oblique.ttf": "dejavu-sans-latin-oblique.ttf",
    "DejaVuSans-BoldOblique.ttf": "dejavu-sans-latin-bold-oblique.ttf",
}
# Code point ranges kept, first and last included.
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0300, 0x036F),  # combining accents
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # General Punctuation: dashes, quotes, bullet, ellipsis
    (0x20A0, 0x20BF),  # currency signs
    (0x2100, 0x215F),  # letter-like symbols and fractions
    (0x2190, 0x21FF),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x2248, 0x2248),  # almost equal
    (0x2260, 0x2265),  # not equal, less or equal, greater or equal
    (0x25A0, 0x25FF),  # squares, circles and triangles
    (0x2610, 0x2612),  # ballot boxes
    (0x2713, 0x2718),  # ticks and crosses
]
FAMILY = "DejaVu Sans Latin"


def cut(source: Path, target: Path) -> None:
    options = subset.Options()
    options.hinting = False  # WeasyPrint drops hinting in PDFs anyway
    options.name_IDs = ["*"]  # keep the copyright and licence notices
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for first, last in RANGES for code in range(first, last + 1)])
    subsetter.subset(font)
    font.save(target)


class Command(BaseCommand):
    help = "Write static/fonts/: DejaVu Sans cut down to Latin, for the PDFs."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "static" / "fonts"
        folder.mkdir(exist_ok=True)
        for source, target in FACES.items():
            cut(SOURCE / source, folder / target)
            size = (folder / target).stat().st_size
            self.stdout.write(f"{target}: {size / 1024:.0f} KB")
