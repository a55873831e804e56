"""The reprint form: which of the clinic's signed plans, and the print size."""

from django import forms

from plans.models import PlanOfCare
from plans.reprint.selectors import printable_plans

# One job makes at most this many packets (about a minute and a half of rendering).
MAX_PLANS = 100
NORMAL, LARGE = "normal", "large"


class ReprintForm(forms.Form):
    plans = forms.ModelMultipleChoiceField(
        queryset=PlanOfCare.objects.none(),
        error_messages={
            "required": "Choose at least one plan to reprint.",
            "invalid_choice": (
                "One of the chosen plans is not a signed plan of this clinic any more "
                "(it may have been amended). Choose again from the list."
            ),
            "invalid_pk_value": "One of the chosen plans is not in the list. Choose again.",
            "invalid_list": "Choose plans from the list.",
        },
    )
    size = forms.ChoiceField(
        choices=[(NORMAL, "Normal print"), (LARGE, "Large print (one exercise per page)")],
        initial=NORMAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a print size.",
            "invalid_choice": "Choose a print size.",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Ids are checked against the user's clinic: another clinic's plan is not a choice.
        self.fields["plans"].queryset = printable_plans(user)

    def clean_plans(self):
        plans = list(self.cleaned_data["plans"])
        if len(plans) > MAX_PLANS:
            raise forms.ValidationError(
                f"Choose at most {MAX_PLANS} plans at a time ({len(plans)} chosen)."
            )
        return plans
