"""Two hash-chained logs: who read which record (access), and every change (history).

Each entry's hash is a keyed hash (HMAC) of its own content and the previous entry's hash,
so an edited, inserted or removed row breaks the chain at a place `mukti audit verify` names.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mukti.core.fields import EncryptedTextField


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    LIST = "list", _("Listed")
    EXPORT = "export", _("Exported")
    API_READ = "api_read", _("Read through the API")
    DOWNLOAD = "download", _("Downloaded")
    DENIED = "denied", _("Denied: outside the user's scope")


class AccessLogEntry(models.Model):
    sequence = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.UUIDField(null=True, blank=True)
    purpose = EncryptedTextField(blank=True)
    path = models.CharField(max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["user", "-sequence"]),
            models.Index(fields=["person_id", "-sequence"]),
            models.Index(fields=["object_type", "object_id"]),
        ]


class ChangeLogEntry(models.Model):
    """Links one historical row (the version it recorded) into the change chain."""

    sequence = models.BigAutoField(primary_key=True)
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history_model = models.CharField(max_length=100)
    history_id = models.BigIntegerField()
    object_id = models.CharField(max_length=64)
    change_type = models.CharField(max_length=1)
    row_digest = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["history_model", "history_id"], name="change_log_row_unique"
            )
        ]


class ChainHead(models.Model):
    """The newest hash of each chain; locked while an entry is appended."""

    name = models.CharField(max_length=20, primary_key=True)
    last_hash = models.CharField(max_length=64)
    last_sequence = models.BigIntegerField(default=0)
