"""What the outcome-measure entry forms show: questions and answer labels, in our own words.

Pure data, no Django. Licensed item wording is never shipped: ODI sections appear by
topic with generic 0-5 answers, the RMDQ is entered as a total, and every other item is a
short topic label we wrote. Item numbers match patients.scoring (1-based).
"""

from __future__ import annotations

from dataclasses import dataclass

from patients import scoring


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    choices: tuple[tuple[int, str], ...]
    # A row of numbers (0-10 scale) rather than a list of worded answers.
    scale: bool = False


@dataclass(frozen=True)
class Questionnaire:
    instrument_key: str
    title: str
    instructions: str
    questions: tuple[Question, ...]
    notice: str = ""


def _scale(low: int, high: int, low_label: str, high_label: str, middle: dict | None = None):
    """Numbered answers; only the ends (and any named middle) carry words: the form shows
    the number big and these words small beneath it."""
    labels = {low: low_label, high: high_label, **(middle or {})}
    return tuple((value, labels.get(value, "")) for value in range(low, high + 1))


NPRS_CHOICES = _scale(0, 10, "no pain", "worst pain you can imagine")
ODI_CHOICES = _scale(0, 5, "no problem", "worst")
AGREE_CHOICES = ((0, "Disagree"), (1, "Agree"))
START_BACK_ITEM9_CHOICES = tuple(
    (value, label.capitalize()) for value, label in enumerate(scoring.START_BACK_ITEM9_ANSWERS)
)
FABQ_CHOICES = _scale(0, 6, "completely disagree", "completely agree", {3: "unsure"})
PSEQ_CHOICES = _scale(0, 6, "not at all confident", "completely confident")
PSFS_CHOICES = _scale(0, 10, "cannot do it at all", "can do it as well as before")

# Items 1-8 as plain statements in our own words, in the order of
# scoring.START_BACK_ITEM_TOPICS. Keele's notice is shown with the form.
START_BACK_STATEMENTS = (
    "Pain from my back has gone down my leg",
    "I have had pain in my shoulder or neck",
    "Because of my back pain, I have only walked short distances",
    "Because of my back pain, I have dressed more slowly than usual",
    "I feel it is not safe for me to be active",
    "Worrying thoughts have gone through my mind a lot",
    "I feel my back pain is terrible and will never get better",
    "I have not enjoyed the things I usually enjoy",
)

FABQ_ITEM_TOPICS = (
    "Physical activity caused my pain",
    "Physical activity makes the pain worse",
    "Physical activity might harm my back",
    "I should avoid activity that might make the pain worse",
    "I cannot do activity that might make the pain worse",
    "Work, or an accident at work, caused my pain",
    "Work made the pain worse",
    "I have a claim for compensation for my pain",
    "My work is too heavy for me",
    "Work makes, or would make, the pain worse",
    "Work might harm my back",
    "I should not do my normal work with this pain",
    "I cannot do my normal work with this pain",
    "I cannot do my normal work until the pain is treated",
    "I will not be back at my normal work within 3 months",
    "I will never be able to go back to that work",
)

PSEQ_ITEM_TOPICS = (
    "Enjoying things, despite the pain",
    "Doing most household jobs",
    "Seeing friends and family as often as before",
    "Coping with the pain in most situations",
    "Doing some kind of work, paid or unpaid",
    "Doing many of the things I enjoy",
    "Coping with the pain without medicine",
    "Reaching most of my goals in life",
    "Living a normal life",
    "Slowly becoming more active",
)

QUESTIONNAIRES: dict[str, Questionnaire] = {
    scoring.NPRS: Questionnaire(
        scoring.NPRS,
        "Pain rating",
        "Choose one number for your back pain right now.",
        (Question(1, "How bad is your back pain right now?", NPRS_CHOICES, scale=True),),
    ),
    scoring.ODI: Questionnaire(
        scoring.ODI,
        "Oswestry Disability Index (section scores)",
        "For each topic, choose how much your back pain affects it today: 0 means no "
        "problem and 5 the worst. You may leave one topic empty if it does not apply to you.",
        tuple(
            Question(number, topic.capitalize(), ODI_CHOICES, scale=True)
            for number, topic in enumerate(scoring.ODI_SECTION_TOPICS, start=1)
        ),
    ),
    scoring.START_BACK: Questionnaire(
        scoring.START_BACK,
        "Keele STarT Back",
        "Think about the last 2 weeks. Do you agree or disagree with each point?",
        (
            *(
                Question(number, statement, AGREE_CHOICES)
                for number, statement in enumerate(START_BACK_STATEMENTS, start=1)
            ),
            Question(
                9, "Overall, how much has your back pain bothered you?", START_BACK_ITEM9_CHOICES
            ),
        ),
        notice=scoring.START_BACK_COPYRIGHT,
    ),
    scoring.FABQ: Questionnaire(
        scoring.FABQ,
        "Fear-Avoidance Beliefs Questionnaire",
        "How much do you agree with each point about your back pain? "
        "0 means you completely disagree and 6 that you completely agree.",
        tuple(
            Question(number, topic, FABQ_CHOICES, scale=True)
            for number, topic in enumerate(FABQ_ITEM_TOPICS, start=1)
        ),
    ),
    scoring.PSEQ: Questionnaire(
        scoring.PSEQ,
        "Pain Self-Efficacy Questionnaire",
        "How sure are you that you can do these things now, even with the pain? "
        "0 means not at all confident and 6 completely confident.",
        tuple(
            Question(number, topic, PSEQ_CHOICES, scale=True)
            for number, topic in enumerate(PSEQ_ITEM_TOPICS, start=1)
        ),
    ),
    scoring.PSFS: Questionnaire(
        scoring.PSFS,
        "Patient-Specific Functional Scale",
        "Name 3 to 5 activities that your back pain makes hard. Rate each one: 0 means "
        "you cannot do it at all and 10 that you can do it as well as before.",
        tuple(
            Question(number, f"Activity {number}", PSFS_CHOICES, scale=True)
            for number in range(1, scoring.PSFS_INSTRUMENT.item_count + 1)
        ),
    ),
    scoring.RMDQ: Questionnaire(
        scoring.RMDQ,
        "Roland-Morris Disability Questionnaire (total)",
        "Count the statements the patient ticked on the paper form and enter the total, 0 to 24.",
        (),
    ),
}
