"""Clinics, staff accounts and the append-only audit log."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lbp_clinic.access import ClinicScopedQuerySet
from lbp_clinic.validators import validate_npi


class Clinic(models.Model):
    class Units(models.TextChoices):
        KG = "kg", "Kilograms (kg)"
        LB = "lb", "Pounds (lb)"

    name = models.CharField(max_length=120)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    logo = models.ImageField(upload_to="clinic-logos/", blank=True)
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KG)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def signature_name(first_name: str, last_name: str, credentials: str) -> str:
    """A user's name as it appears on a signed plan: "Jo Park, DPT" (for reads that have
    the user's columns without the user)."""
    full_name = f"{first_name} {last_name}".strip()
    return f"{full_name}, {credentials}" if credentials else full_name


class UserManager(BaseUserManager.from_queryset(ClinicScopedQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # E-mail addresses are stored lower-case; log in regardless of case.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Logs in by e-mail; belongs to one clinic with one role."""

    class Role(models.TextChoices):
        THERAPIST = "therapist", "Physical therapist"
        CLINIC_ADMIN = "clinic_admin", "Clinic admin"
        FRONT_DESK = "front_desk", "Front desk"

    class Credentials(models.TextChoices):
        PT = "PT", "PT"
        DPT = "DPT", "DPT"

    email = models.EmailField("e-mail address", unique=True)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.THERAPIST)
    credentials = models.CharField(max_length=10, choices=Credentials.choices, blank=True)
    licence_number = models.CharField(
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", "Use letters, digits and dashes only.")],
    )
    npi = models.CharField(
        "NPI",
        max_length=10,
        blank=True,
        validators=[validate_npi],
        help_text="10-digit National Provider Identifier, used when signing plans of care.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can open the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            # Only a superuser (who runs the Django admin) may stand outside every clinic.
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(clinic__isnull=False),
                name="user_belongs_to_clinic",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    @property
    def signature_name(self):
        """Name as it appears on a signed plan: "Jo Park, DPT"."""
        return signature_name(self.first_name, self.last_name, self.credentials)

    @property
    def is_therapist(self):
        return self.role == self.Role.THERAPIST

    @property
    def is_clinic_admin(self):
        return self.role == self.Role.CLINIC_ADMIN

    @property
    def is_front_desk(self):
        return self.role == self.Role.FRONT_DESK


class AuditEvent(models.Model):
    """One row per access or change. The database refuses UPDATE and DELETE (migration 0002)."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        SIGN = "sign", "Signed"
        DOCUMENT = "document", "Produced a document"
        LOGIN = "login", "Logged in"
        LOGOUT = "logout", "Logged out"
        LOGIN_FAILED = "login_failed", "Failed login"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Plain ids, not foreign keys: the log must outlive and never cascade from what it names.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    clinic_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    patient_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_type}"
        )
