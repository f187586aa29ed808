"""The recovery instrument is configuration: a system administrator keeps it here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from mukti.accounts.admin import AdministeredByRole
from mukti.aftercare.models import RecoveryInstrument


@admin.register(RecoveryInstrument)
class RecoveryInstrumentAdmin(AdministeredByRole):
    """Add a new instrument rather than changing one in use: each assessment keeps the
    instrument it was scored on, and "stable" was judged by that instrument's rule."""

    list_display = ("name", "code", "scale_min", "scale_max", "stable_threshold", "is_current")
    fields = (
        "name",
        "code",
        "scale_min",
        "scale_max",
        "stable_threshold",
        "stable_rule",
        "is_current",
    )

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.is_current:
            # One instrument is used for new assessments: the others step aside.
            RecoveryInstrument.objects.exclude(pk=obj.pk).filter(is_current=True).update(
                is_current=False
            )
        super().save_model(request, obj, form, change)
