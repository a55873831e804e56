"""The entry forms' wording: ours, complete, and never the licensed item text."""

from patients import questionnaires, scoring
from patients.questionnaires import QUESTIONNAIRES

# Phrases of the licensed ODI and RMDQ item wording that must never appear.
LICENSED_PHRASES = [
    "i can look after myself normally",
    "pain prevents me from lifting",
    "i stay at home most of the time because of my back",
    "i change position frequently to try and get my back comfortable",
    "i cannot walk more than",
]


def all_text():
    parts = []
    for questionnaire in QUESTIONNAIRES.values():
        parts += [questionnaire.title, questionnaire.instructions, questionnaire.notice]
        for question in questionnaire.questions:
            parts.append(question.text)
            parts += [label for _, label in question.choices]
    return " ".join(parts).lower()


def test_every_instrument_has_a_questionnaire():
    assert set(QUESTIONNAIRES) == set(scoring.INSTRUMENTS)


def test_question_counts_match_the_scoring_rules():
    for key, questionnaire in QUESTIONNAIRES.items():
        instrument = scoring.INSTRUMENTS[key]
        if key == scoring.RMDQ:
            assert questionnaire.questions == ()  # a total, never the 24 statements
            continue
        assert [q.number for q in questionnaire.questions] == list(
            range(1, instrument.item_count + 1)
        )
        for question in questionnaire.questions:
            low, high = instrument.response_range(question.number)
            assert [value for value, _ in question.choices] == list(range(low, high + 1))


def test_odi_sections_are_topics_with_generic_answers():
    odi = QUESTIONNAIRES[scoring.ODI]
    assert [q.text.lower() for q in odi.questions] == list(scoring.ODI_SECTION_TOPICS)
    for question in odi.questions:
        assert question.choices == questionnaires.ODI_CHOICES
    assert dict(questionnaires.ODI_CHOICES) == {
        0: "no problem",
        1: "",
        2: "",
        3: "",
        4: "",
        5: "worst",
    }


def test_no_licensed_item_wording_ships():
    text = all_text()
    for phrase in LICENSED_PHRASES:
        assert phrase not in text


def test_start_back_carries_keeles_notice():
    assert QUESTIONNAIRES[scoring.START_BACK].notice == scoring.START_BACK_COPYRIGHT
    assert len(questionnaires.START_BACK_STATEMENTS) == 8


def test_fabq_and_pseq_have_a_label_for_every_item():
    assert len(questionnaires.FABQ_ITEM_TOPICS) == scoring.FABQ_INSTRUMENT.item_count
    assert len(questionnaires.PSEQ_ITEM_TOPICS) == scoring.PSEQ_INSTRUMENT.item_count
