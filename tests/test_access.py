"""SECURITY 2 and 4: the scoping mechanism fails closed and hides other clinics' rows."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from lbp_clinic.access import (
    ClinicScopedFormMixin,
    ClinicScopeError,
    clinic_id_of,
    get_scoped_or_404,
    scoped,
)
from lbp_clinic.models import User


def test_a_query_without_a_clinic_raises(db):
    with pytest.raises(ClinicScopeError):
        User.objects.for_clinic(None)


def test_anonymous_users_have_no_scope(db):
    with pytest.raises(ClinicScopeError):
        scoped(User, AnonymousUser())


def test_the_clinic_id_fails_closed_too(therapist, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert clinic_id_of(therapist) == therapist.clinic_id
    with pytest.raises(ClinicScopeError):
        clinic_id_of(AnonymousUser())
    with pytest.raises(ClinicScopeError):
        clinic_id_of(User(email="nobody@example.com", clinic=None))


def test_scoped_sees_only_the_users_clinic(therapist, colleague, outsider):
    assert set(scoped(User, therapist)) == {therapist, colleague}
    assert set(scoped(User, outsider)) == {outsider}


def test_another_clinics_object_is_a_404(therapist, outsider):
    assert get_scoped_or_404(User, therapist, pk=therapist.pk) == therapist
    with pytest.raises(Http404):
        get_scoped_or_404(User, therapist, pk=outsider.pk)


def test_a_malformed_id_is_a_404_not_a_500(therapist):
    with pytest.raises(Http404):
        get_scoped_or_404(User, therapist, pk="not-a-number")


def test_forms_offer_only_the_clinics_rows(therapist, colleague, outsider):
    class PickColleague(ClinicScopedFormMixin, forms.Form):
        person = forms.ModelChoiceField(queryset=User.objects.all())

    form = PickColleague(clinic=therapist.clinic)
    assert set(form.fields["person"].queryset) == {therapist, colleague}
    bad = PickColleague({"person": outsider.pk}, clinic=therapist.clinic)
    assert not bad.is_valid()
    assert "Select a valid choice" in bad.errors["person"][0]
