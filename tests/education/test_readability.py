"""Readability: Flesch-Kincaid grades from textstat, syllables from the bundled CMU dictionary."""

import socket
import tomllib
from pathlib import Path

import nltk
import pytest

from education import readability
from education.readability import flesch_kincaid_grade, handout_grade, markdown_to_prose

EASY = "The cat sat on the mat. It was a big cat. The cat was fat. It ate a lot."
HARD = (
    "Notwithstanding considerable methodological heterogeneity, contemporary epidemiological "
    "investigations consistently demonstrate substantial associations between psychosocial "
    "determinants and persistent musculoskeletal disability among working-age populations."
)
HANDOUTS = Path(__file__).resolve().parents[2] / "education" / "content" / "handouts"


@pytest.fixture
def no_network(monkeypatch):
    """Any download or connection attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("readability tried to reach the network")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    # As on a fresh server: NLTK has no corpora at all, and nothing is loaded or cached yet.
    monkeypatch.setattr(nltk.data, "path", [])
    from textstat.backend.counts import count_syllables
    from textstat.backend.metrics import flesch_kincaid_grade as textstat_grade

    readability.cmu_dictionary.cache_clear()
    readability.textstat_metrics.cache_clear()
    count_syllables.cache_clear()
    textstat_grade.cache_clear()


def test_easy_text_scores_low_and_hard_text_scores_high(no_network):
    assert flesch_kincaid_grade(EASY) < 2
    assert flesch_kincaid_grade(HARD) > 16


def test_a_known_value(no_network):
    # 2 sentences, 11 words, 13 syllables (CMU): 0.39*5.5 + 11.8*13/11 - 15.59 = 0.5
    assert flesch_kincaid_grade("Walk for ten minutes each day. Then rest and drink water.") == 0.5


def test_syllables_come_from_the_cmu_dictionary(no_network):
    readability.textstat_metrics()
    from textstat.backend.counts import count_syllables

    # pyphen alone splits "every" into 2 parts; the CMU dictionary knows it is 3 (EH1 V ER0 IY0).
    assert readability.cmu_dictionary()["every"][0] == ["EH1", "V", "ER0", "IY0"]
    assert count_syllables("every", "en_US") == 3
    assert count_syllables("readability", "en_US") == 5


def test_no_text_has_no_grade():
    assert flesch_kincaid_grade("") is None
    assert flesch_kincaid_grade("  \n ") is None
    assert flesch_kincaid_grade("## -- **") is None


def test_headers_and_list_items_count_as_their_own_sentences():
    prose = markdown_to_prose("## Why it helps\n- Walk more\n- Sit less\n\nSome **bold** words")
    assert prose.splitlines() == ["Why it helps.", "Walk more.", "Sit less.", "Some bold words."]


def test_the_handout_grade_scores_what_the_patient_reads():
    easy = handout_grade(purpose=EASY, action_steps=[EASY], body_markdown=EASY, summary=EASY)
    hard = handout_grade(purpose=HARD, action_steps=[HARD], body_markdown=HARD, summary=HARD)
    assert easy < 2 < 16 < hard


def test_grades_match_the_content_check_script():
    """The app and education/content/check_handouts.py agree on every shipped handout."""
    import importlib.util

    path = HANDOUTS.parent / "check_handouts.py"
    spec = importlib.util.spec_from_file_location("check_handouts", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.setup_syllables()
    for file in sorted(HANDOUTS.glob("*.toml")):
        data = tomllib.loads(file.read_text())
        ours = handout_grade(
            purpose=data["purpose"],
            action_steps=data["action_steps"],
            body_markdown=data["body"],
            summary=data["summary"],
        )
        theirs = script.textstat.flesch_kincaid_grade(
            "\n".join(
                [
                    script.markdown_to_prose(data["purpose"]),
                    *(script.markdown_to_prose(s) for s in data["action_steps"]),
                    script.markdown_to_prose(data["body"]),
                    script.markdown_to_prose(data["summary"]),
                ]
            )
        )
        assert ours == pytest.approx(theirs, abs=0.06), file.name
