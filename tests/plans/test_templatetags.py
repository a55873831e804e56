"""The builder's template tags draw exactly the markup of what they replace: a row's move
and remove buttons, and a form field without the form templates (as_field_group)."""

from datetime import date
from types import SimpleNamespace

from django import forms
from django.template import Context, Template
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
