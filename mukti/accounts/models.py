"""Organisations, their offices and teams, the people who sign in, and their roles."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.roles import ROLE_RULES, Role, Scope
from mukti.core.geography import COUNTRY_CHOICES
from mukti.core.models import BaseModel


class Organisation(BaseModel):
    """A tenant: the host organisation or a partner."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    is_partner = models.BooleanField(_("partner organisation"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(BaseModel):
    """An organisation's programme in one country."""

    class Strategy(models.TextChoices):
        DIRECT = "direct", _("Direct work")
        JOINT = "joint", _("Joint operations")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offices")
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("Starts every case number, for example BD-KHU."),
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    strategy = models.CharField(_("strategy"), max_length=10, choices=Strategy.choices)
    partner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_offices",
        verbose_name=_("partner organisation"),
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="joint_office_has_partner",
                condition=~models.Q(strategy="joint")
                | models.Q(partner_organisation__isnull=False),
                violation_error_message=_("A joint operation names its partner organisation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Team(BaseModel):
    """People who share a caseload."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user signs in by email, so an email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff who signs in by email."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    preferred_language = models.CharField(max_length=10, blank=True)
    # Set only by `mukti demo`; honoured only while MUKTI_DEMO_2FA_WAIVER is on.
    is_demo_account = models.BooleanField(default=False, editable=False)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Membership(BaseModel):
    """A user's role in an office (or one team of it), and whose records it reaches."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="memberships")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="team_scope_names_a_team",
                condition=~models.Q(scope="team") | models.Q(team__isnull=False),
                violation_error_message=_("A team-scoped membership names its team."),
            )
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.office.code}"

    @property
    def reads_identifying_data(self) -> bool:
        return ROLE_RULES[self.role].reads_identifying_data
