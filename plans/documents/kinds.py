"""Every kind of plan document, by the name used in URLs: views, the preview command and the
tests go through BUILDERS, so a kind added here works everywhere."""

from plans.documents import (
    EXERCISE_SHEET,
    PACKET,
    PLAN_OF_CARE,
    PROGRESS_REPORT,
    exercise_sheet,
    packet,
    plan_of_care,
    progress_report,
)

BUILDERS = {
    PACKET: packet.build,
    EXERCISE_SHEET: exercise_sheet.build,
    PLAN_OF_CARE: plan_of_care.build,
    PROGRESS_REPORT: progress_report.build,
}

# What each kind depends on, read without building it: the cache key (a few queries).
INPUTS = {
    PACKET: packet.inputs,
    EXERCISE_SHEET: exercise_sheet.inputs,
    PLAN_OF_CARE: plan_of_care.inputs,
    PROGRESS_REPORT: progress_report.inputs,
}

# The template and stylesheets each kind is made from (their sources are part of the key).
FILES = {
    PACKET: (packet.TEMPLATE, packet.STYLESHEETS),
    EXERCISE_SHEET: (exercise_sheet.TEMPLATE, exercise_sheet.STYLESHEETS),
    PLAN_OF_CARE: (plan_of_care.TEMPLATE, plan_of_care.STYLESHEETS),
    PROGRESS_REPORT: (progress_report.TEMPLATE, progress_report.STYLESHEETS),
}

# What the plan page calls each kind (a kind without a label shows its URL name).
LABELS = {
    PACKET: "Take-home packet",
    EXERCISE_SHEET: "Exercise sheet",
    PLAN_OF_CARE: "Plan of care",
    PROGRESS_REPORT: "Progress report",
}


def label(kind: str) -> str:
    return LABELS.get(kind, kind.replace("-", " ").capitalize())


# The kinds written for the patient: front desk may print these (the others are clinical).
PATIENT_KINDS = {PACKET, EXERCISE_SHEET}
