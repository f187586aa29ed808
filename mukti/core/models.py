"""The base every Mukti record builds on: a UUID, who and when, and a version."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleEditError(Exception):
    """Someone else saved this record after the editor opened it; nothing was written."""

    def __init__(self, *, record: models.Model, expected_version: int) -> None:
        self.record = record
        self.expected_version = expected_version
        super().__init__(
            _(
                "This record was changed by someone else after you opened it. "
                "Your changes were not saved: review the current version and apply them again."
            )
        )


class BaseModel(models.Model):
    """UUID key, created/updated at and by, and a version for optimistic concurrency.

    Saving an existing record increments `version` only if the stored version is still the
    one this instance was loaded with; otherwise StaleEditError is raised and nothing is
    written. This is an invariant of every record, so it lives here rather than in services.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            expected = self.version
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=expected)
                .update(version=expected + 1)
            )
            if not claimed:
                raise StaleEditError(record=self, expected_version=expected)
            self.version = expected + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
            super().save(*args, **kwargs)
