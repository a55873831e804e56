"""Demo patients for `make run` (DEBUG only, via PatientsConfig.load_demo). Idempotent:
patients are found by clinic and MRN, and their records are made only when they are new.

North Clinic's Maria Alvarez shows the whole flow: a completed intake (chronic low back
pain with leg pain below the knee, a scan with worrying words), NPRS and ODI at two
dates showing improvement, STarT Back and FABQ.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from patients import classification, scoring
from patients.models import Intake, OutcomeResult, Patient, RedFlagScreen
from patients.services import taken_at_for

PATIENTS = {
    "North Clinic": [
        # mrn, first, last, preferred, born, sex, phone, payer, archived
        (
            "N-1001",
            "Maria",
            "Alvarez",
            "Mia",
            "1968-03-22",
            "female",
            "(207) 555-0191",
            "Anthem",
            False,
        ),
        (
            "N-1002",
            "James",
            "O'Connor",
            "",
            "1985-11-02",
            "male",
            "(207) 555-0107",
            "Medicare",
            False,
        ),
        ("N-1003", "Priya", "Shah", "", "1992-07-14", "female", "(207) 555-0164", "Aetna", False),
        (
            "N-1004",
            "Robert",
            "Chen",
            "Bob",
            "1955-01-30",
            "male",
            "(207) 555-0122",
            "Medicare",
            False,
        ),
        (
            "N-1005",
            "Dorothy",
            "Miller",
            "Dot",
            "1949-09-09",
            "female",
            "(207) 555-0148",
            "Medicare",
            True,
        ),
    ],
    "South Clinic": [
        ("S-2001", "Luis", "Romero", "", "1979-05-05", "male", "(912) 555-0133", "Cigna", False),
        (
            "S-2002",
            "Grace",
            "Okafor",
            "",
            "1988-12-19",
            "female",
            "(912) 555-0175",
            "Humana",
            False,
        ),
        (
            "S-2003",
            "Henry",
            "Walsh",
            "Hank",
            "1961-04-12",
            "male",
            "(912) 555-0119",
            "Medicare",
            False,
        ),
    ],
}


def _days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def _record(patient, user, key, responses, days_ago):
    result = scoring.score(key, responses)
    OutcomeResult.objects.create(
        patient=patient,
        instrument_key=key,
        instrument_version=result.instrument_version,
        responses=responses,
        score=result.score,
        subscales=result.subscales,
        interpretation=result.interpretation or "",
        taken_at=taken_at_for(_days_ago(days_ago)),
        entered_by=user,
    )


def _maria_records(patient, therapist):
    intake = Intake.objects.create(
        patient=patient,
        status=Intake.Status.COMPLETED,
        intake_date=_days_ago(56),
        chief_complaint=(
            "Low back pain for about 7 months, with pain down the back of the left leg to the calf."
        ),
        onset_date=_days_ago(56 + 210),
        mechanism=Intake.Mechanism.MOVEMENT,
        mechanism_details="Started after lifting bags of soil in the garden.",
        leg_pain=Intake.LegPain.BELOW_KNEE,
        leg_pain_side=Intake.Side.LEFT,
        aggravating_factors="Sitting over 30 minutes, bending to load the dishwasher, lifting.",
        easing_factors="Walking, a warm shower, changing position.",
        pattern_24_hour="Stiff for 20 minutes in the morning, easier by midday, sore after work.",
        prior_episodes=Intake.PriorEpisodes.FEW,
        prior_episodes_details="Two short episodes in her 40s that settled in a few weeks.",
        imaging_done=True,
        imaging_findings_told="MRI in the spring: told she has a disc bulge and degeneration.",
        imaging_scary_words=True,
        work_status=Intake.WorkStatus.LIGHTER,
        work_details="School administrator; mostly sitting; no lifting at the moment.",
        activity_level=Intake.ActivityLevel.LIGHT,
        sleep_hours="5.5",
        sleep_quality=Intake.Quality.POOR,
        stress_level=Intake.Stress.HIGH,
        diet_quality=Intake.Quality.FAIR,
        social_connection=Intake.Quality.POOR,
        patient_goals="Lift my granddaughter. Walk the dog for 30 minutes. Get back to gardening.",
        pain_beliefs_and_fears=(
            "Afraid that bending will make the disc worse; thinks her spine is wearing out."
        ),
        clinical_impression=(
            "Chronic low back pain with referred pain below the left knee; strength and reflexes "
            "normal. High fear of bending; poor sleep and stress add to it. Plan: education on "
            "scan findings and hurt versus harm, graded strengthening, walking."
        ),
        created_by=therapist,
        completed_by=therapist,
        completed_at=timezone.now() - timedelta(days=56),
    )
    RedFlagScreen.objects.create(
        intake=intake, **{flag.key: False for flag in classification.RED_FLAGS}
    )
    _record(patient, therapist, scoring.NPRS, 7, 56)
    _record(patient, therapist, scoring.ODI, [4, 1, 3, 2, 3, 2, 2, None, 2, 2], 56)
    _record(patient, therapist, scoring.START_BACK, [1, 0, 1, 1, 1, 1, 1, 0, 3], 56)
    _record(patient, therapist, scoring.FABQ, [5, 5, 4, 4, 4, 2, 2, 0, 3, 2, 2, 2, 1, 1, 1, 1], 56)
    _record(patient, therapist, scoring.NPRS, 4, 3)
    _record(patient, therapist, scoring.ODI, [2, 0, 2, 1, 2, 1, 1, None, 1, 1], 3)


def _priya_draft(patient, therapist):
    intake = Intake.objects.create(
        patient=patient,
        intake_date=_days_ago(1),
        chief_complaint="Sudden low back pain after a deadlift at the gym.",
        onset_date=_days_ago(10),
        mechanism=Intake.Mechanism.ACTIVITY,
        leg_pain=Intake.LegPain.NONE,
        created_by=therapist,
    )
    RedFlagScreen.objects.create(intake=intake)


@transaction.atomic
def load_demo_patients(clinics, users):
    therapists = {
        "North Clinic": users.get("pt@north.example"),
        "South Clinic": users.get("pt@south.example"),
    }
    for clinic_name, rows in PATIENTS.items():
        clinic = clinics[clinic_name]
        therapist = therapists[clinic_name]
        for mrn, first, last, preferred, born, sex, phone, payer, archived in rows:
            patient, created = Patient.objects.get_or_create(
                clinic=clinic,
                mrn=mrn,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "preferred_name": preferred,
                    "date_of_birth": born,
                    "sex": sex,
                    "phone": phone,
                    "payer": payer,
                    "archived": archived,
                    "preferred_language": "English",
                    "created_by": therapist,
                },
            )
            if not created:
                continue
            # As if registered a while ago, so the timeline reads in order.
            Patient.objects.filter(pk=patient.pk).update(
                created_at=timezone.now() - timedelta(days=60)
            )
            patient.refresh_from_db()
            if mrn == "N-1001":
                _maria_records(patient, therapist)
            elif mrn == "N-1003":
                _priya_draft(patient, therapist)
