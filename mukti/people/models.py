"""Persons — survivors, family, witnesses, accused — with their identifying details encrypted.

Names, phones, identity numbers, sub-district, village and street are encrypted field by
field; lookups go through blind indexes (keyed hashes) and name-search tokens.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mukti.accounts.models import Office
from mukti.core.fields import EncryptedTextField
from mukti.core.geography import COUNTRY_CHOICES
from mukti.core.models import BaseModel


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Person(BaseModel):
    """Any human in the system. What identifies them lives in the related, encrypted rows."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="persons", verbose_name=_("recorded by")
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=2, choices=COUNTRY_CHOICES, blank=True
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="estimated_age_has_date",
                condition=models.Q(estimated_age__isnull=True)
                | models.Q(age_estimated_on__isnull=False),
                violation_error_message=_("An estimated age says on which date it was estimated."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def primary_name(self) -> PersonName | None:
        names = list(self.names.all())  # uses a prefetch when there is one
        primary = [n for n in names if n.is_primary]
        candidates = primary or names
        return candidates[0] if candidates else None

    @property
    def display_name(self) -> str:
        name = self.primary_name
        return name.full_name if name else str(_("(no name recorded)"))

    def age_on(self, day: date) -> int | None:
        """Age in whole years on a date, from the birth date or the estimate."""
        if self.birth_date:
            before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
            return day.year - self.birth_date.year - before_birthday
        if self.estimated_age is not None and self.age_estimated_on:
            return self.estimated_age + (day - self.age_estimated_on).days // 365
        return None


class PersonName(BaseModel):
    """A name in any script; a person may have aliases, nicknames and transliterations."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Name")
        ALIAS = "alias", _("Alias")
        NICKNAME = "nickname", _("Nickname")
        TRANSLITERATION = "transliteration", _("Transliteration")
        BIRTH = "birth", _("Name at birth")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="names")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRIMARY)
    is_primary = models.BooleanField(default=False)
    given_name = EncryptedTextField(_("given name"), blank=True)
    family_name = EncryptedTextField(_("family name"), blank=True)
    script = models.CharField(
        _("script"), max_length=4, default="Latn", help_text=_("ISO 15924, e.g. Latn, Beng, Thai")
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_primary=True),
                name="one_primary_name_per_person",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


class PersonNameToken(models.Model):
    """A keyed hash of one word of one name, for transliteration-tolerant search."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    name = models.ForeignKey(PersonName, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["token", "person"])]
        constraints = [models.UniqueConstraint(fields=["name", "token"], name="name_token_unique")]


class PersonPhone(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="phones")
    number = EncryptedTextField(_("phone number"))
    number_index = models.CharField(max_length=40, db_index=True, editable=False)
    label = models.CharField(_("label"), max_length=50, blank=True)
    history = HistoricalRecords()


class IdentityDocument(BaseModel):
    class Kind(models.TextChoices):
        NATIONAL_ID = "national_id", _("National identity card")
        BIRTH_REGISTRATION = "birth_registration", _("Birth registration")
        PASSPORT = "passport", _("Passport")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identity_documents")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    number = EncryptedTextField(_("number"))
    number_index = models.CharField(max_length=40, db_index=True, editable=False)
    issuing_country = models.CharField(
        _("issuing country"), max_length=2, choices=COUNTRY_CHOICES, blank=True
    )
    history = HistoricalRecords()


class PersonAddress(BaseModel):
    """Down to the village. Division and district stay readable for area statistics;
    sub-district, village and street are encrypted."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    division = models.CharField(_("division / state / county"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    subdistrict = EncryptedTextField(_("sub-district / upazila"), blank=True)
    village = EncryptedTextField(_("village / town"), blank=True)
    street = EncryptedTextField(_("street and house"), blank=True)
    is_current = models.BooleanField(_("current address"), default=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        parts = (self.street, self.village, self.subdistrict, self.district, self.division)
        return ", ".join(p for p in parts if p)


class Relationship(BaseModel):
    class Kind(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        GUARDIAN = "guardian", _("Guardian")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Sibling")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("relationship"), max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="relationship_not_to_self",
                condition=~models.Q(person=models.F("relative")),
                violation_error_message=_("A person cannot be related to themselves."),
            )
        ]


class Consent(BaseModel):
    class Purpose(models.TextChoices):
        SERVICES = "services", _("To receive services")
        DATA_SHARING = "data_sharing", _("To share data with partners")
        STORY_USE = "story_use", _("To use their story")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("consent given"))
    recorded_on = models.DateField(_("recorded on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["person", "purpose", "recorded_on"])]
