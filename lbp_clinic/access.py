"""The one way to reach clinic data: scope every query to the user's clinic, fail closed.

Every model holding patient or clinic data uses `ClinicScopedQuerySet` as its manager and
names the path to its clinic in `clinic_lookup` (default "clinic"; e.g. "plan__clinic").
Views, forms and selectors call `scoped()` / `get_scoped_or_404()`; another clinic's
object is a 404, never a 403 that would confirm it exists.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404


class ClinicScopeError(Exception):
    """A query for clinic data was made without a clinic."""


class ClinicScopedQuerySet(models.QuerySet):
    def for_clinic(self, clinic, *, include_shared=False):
        if clinic is None or getattr(clinic, "pk", None) is None:
            raise ClinicScopeError(f"{self.model.__name__} queried without a clinic")
        lookup = getattr(self.model, "clinic_lookup", "clinic")
        condition = Q(**{lookup: clinic})
        if include_shared:
            # Shared library rows (exercises, handouts) belong to no clinic.
            condition |= Q(**{f"{lookup}__isnull": True})
        return self.filter(condition)


def clinic_of(user):
    """The user's clinic; raises for anonymous users and users outside any clinic."""
    clinic = getattr(user, "clinic", None) if getattr(user, "is_authenticated", False) else None
    if clinic is None:
        raise ClinicScopeError("No clinic for this user")
    return clinic


def clinic_id_of(user):
    """The id of the user's clinic, checked as clinic_of() checks it, without loading the
    clinic (for queries written out in SQL that need only the id)."""
    clinic_id = (
        getattr(user, "clinic_id", None) if getattr(user, "is_authenticated", False) else None
    )
    if clinic_id is None:
        raise ClinicScopeError("No clinic for this user")
    return clinic_id


def scoped(model_or_queryset, user, *, include_shared=False):
    """The rows of `model_or_queryset` the user's clinic may see."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset._default_manager.all()
    )
    return queryset.for_clinic(clinic_of(user), include_shared=include_shared)


def get_scoped_or_404(model_or_queryset, user, *, include_shared=False, **lookup):
    queryset = scoped(model_or_queryset, user, include_shared=include_shared)
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        # ValueError/TypeError: a malformed id in the URL is "not found" too.
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the query.") from error


class ClinicScopedFormMixin:
    """Limits every model-choice field of a form to the given clinic's rows.

    Pass `clinic=` when building the form; a choice from another clinic is then
    simply "not one of the available choices".
    """

    shared_choice_fields: tuple[str, ...] = ()

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and isinstance(queryset, ClinicScopedQuerySet):
                field.queryset = queryset.for_clinic(
                    clinic, include_shared=name in self.shared_choice_fields
                )


def role_required(*roles):
    """Allow only users whose role is one of `roles` (a 403 page for the others)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or user.clinic_id is None or user.role not in roles:
                raise PermissionDenied("Your role cannot open this page.")
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = tuple(roles)
        return wrapper

    return decorator


THERAPIST = "therapist"
CLINIC_ADMIN = "clinic_admin"
FRONT_DESK = "front_desk"
ALL_STAFF = (THERAPIST, CLINIC_ADMIN, FRONT_DESK)
