"""The builder's template tags draw exactly the markup of what they replace: a row's move
and remove buttons, and a form field without the form templates (as_field_group)."""

from datetime import date
from types import SimpleNamespace

from django import forms
from django.template import Context, Template
from django.template.loader import get_template
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.forms import VisitForm
from plans.templatetags.plans_tags import input_field_group

EPISODE = SimpleNamespace(episode_start=date(2026, 1, 5))


def assert_same_as_django(form):
    for field in form:
        assert input_field_group(field) == field.as_field_group()


def test_an_empty_visit_form_is_drawn_as_django_draws_it():
    assert_same_as_django(VisitForm(plan=EPISODE, initial={"visit_date": date(2026, 2, 3)}))


def test_a_visit_form_with_errors_is_drawn_as_django_draws_it():
    form = VisitForm({"visit_date": "2025-12-31", "note": "x<\"&'" * 100}, plan=EPISODE)
    assert not form.is_valid()
    assert set(form.errors) == {"visit_date", "note"}
    assert_same_as_django(form)
    html = input_field_group(form["note"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_note_helptext id_note_error"' in html
    assert "&lt;&quot;&amp;&#x27;" in html


@settings(max_examples=60, deadline=None)
@given(visit_date=st.text(max_size=20), note=st.text(max_size=320))
def test_whatever_is_typed_the_visit_form_is_drawn_as_django_draws_it(visit_date, note):
    form = VisitForm({"visit_date": visit_date, "note": note}, plan=EPISODE)
    form.is_valid()
    assert_same_as_django(form)


class OtherFieldsForm(forms.Form):
    required_css_class = "required"
    notes = forms.CharField(widget=forms.Textarea)
    count = forms.IntegerField(label="How many?", min_value=1)
    agree = forms.BooleanField(required=False)


def test_other_fields_and_styled_forms_are_left_to_django():
    form = OtherFieldsForm({"notes": "<b>", "count": "0"})
    form.is_valid()
    assert_same_as_django(form)


def test_a_number_field_without_a_label_suffix_is_drawn_as_django_draws_it():
    class CountForm(forms.Form):
        count = forms.IntegerField(
            label="How many?", min_value=1, help_text="<em>At least one</em>"
        )

    form = CountForm({"count": "0"})
    form.is_valid()
    assert_same_as_django(form)
    assert_same_as_django(CountForm(initial={"count": 3}))


def test_row_controls_are_the_move_and_remove_buttons_with_the_page_token():
    template = Template("{% load plans_tags %}{% row_controls row %}")
    row = {"url": "/plans/7/exercise/9/", "key": "exercise-9", "label": "Bird dog <left>"}
    html = template.render(Context({"row": row, "revision": 4, "csrf_token": "t0ken"}))
    assert 'action="/plans/7/exercise/9/move/"' in html
    assert 'formaction="/plans/7/exercise/9/remove/"' in html
    assert 'name="csrfmiddlewaretoken" value="t0ken"' in html
    assert 'name="revision" value="4"' in html
    assert 'id="move--1-exercise-9"' in html and 'id="move-1-exercise-9"' in html
    assert 'aria-label="Remove Bird dog &lt;left&gt;"' in html
    # Without a token (as {% csrf_token %}), no token input.
    html = template.render(Context({"row": row, "revision": 4}))
    assert "csrfmiddlewaretoken" not in html


PAGE_TOKEN = "t0ken"


def draw_exercise_row(row, *, editable, revision=3, csrf_token=PAGE_TOKEN):
    """The row as the exercise_row tag draws it, and as the template partial draws it."""
    context = {"row": row, "editable": editable, "revision": revision, "csrf_token": csrf_token}
    by_tag = Template("{% load plans_tags %}{% exercise_row row %}").render(Context(context))
    by_partial = get_template("plans/builder.html#exercise-row").render(context)
    return by_tag, by_partial


def exercise_row(**values):
    row = {
        "item": SimpleNamespace(pk=12, home=True),
        "key": "exercise-12",
        "url": "/plans/7/exercise/12/",
        "label": "Bird dog",
        "summary": "3 sets of 8-12 reps · Double progression",
        "picture": "/exercises/4/drawing/pair.svg",
        "open": False,
    }
    return {**row, **values}


def test_a_closed_exercise_row_is_drawn_as_the_template_draws_it():
    by_tag, by_partial = draw_exercise_row(exercise_row(), editable=True)
    assert by_tag == by_partial
    assert 'id="exercise-12" data-item-id="12" draggable="true"' in by_tag
    assert 'src="/exercises/4/drawing/pair.svg"' in by_tag
    assert 'aria-label="Remove Bird dog"' in by_tag
    assert 'hx-get="/plans/7/exercise/12/"' in by_tag
    assert "<summary>Dose and progression</summary>" in by_tag
    assert "In clinic" not in by_tag


def test_a_read_only_exercise_row_offers_the_weeks_and_no_controls():
    row = exercise_row(item=SimpleNamespace(pk=12, home=False), picture="")
    by_tag, by_partial = draw_exercise_row(row, editable=False)
    assert by_tag == by_partial
    assert "row-controls" not in by_tag and "draggable" not in by_tag and "<img" not in by_tag
    assert 'hx-get="/plans/7/exercise/12/schedule/"' in by_tag
    assert '<span class="badge">In clinic</span>' in by_tag


@settings(max_examples=80, deadline=None)
@given(
    label=st.text(max_size=60),
    summary=st.text(max_size=60),
    picture=st.sampled_from(["", "/exercises/9/drawing/pair.svg", '/x?a=1&b="<2>"']),
    home=st.booleans(),
    editable=st.booleans(),
    pk=st.integers(min_value=1, max_value=10**12),
    revision=st.integers(min_value=1, max_value=10**6),
    csrf_token=st.sampled_from(["", "NOTPROVIDED", "t0ken", "a<b&c"]),
)
def test_any_closed_exercise_row_is_drawn_as_the_template_draws_it(
    label, summary, picture, home, editable, pk, revision, csrf_token
):
    row = exercise_row(
        item=SimpleNamespace(pk=pk, home=home),
        key=f"exercise-{pk}",
        url=f"/plans/7/exercise/{pk}/",
        label=label,
        summary=summary,
        picture=picture,
    )
    by_tag, by_partial = draw_exercise_row(
        row, editable=editable, revision=revision, csrf_token=csrf_token
    )
    assert by_tag == by_partial
