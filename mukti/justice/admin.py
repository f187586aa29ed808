"""Statutory deadlines are configuration: an administrator may also keep them here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mukti.justice.deadlines import rebuild_clocks
from mukti.justice.models import Deadline


@admin.register(Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    list_display = ("country", "law", "section", "from_stage", "until_stage", "days", "is_active")
    list_filter = ("country", "is_active")

    def save_model(self, request: Any, obj: Deadline, form: Any, change: bool) -> None:
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # The clocks on legal cases follow the rule, as when it is saved from the app.
        rebuild_clocks(obj)
