"""The audience types are configuration: a system administrator adds and retires them here."""

from django.contrib import admin

from mukti.accounts.admin import AdministeredByRole
from mukti.prevention.models import AudienceType


@admin.register(AudienceType)
class AudienceTypeAdmin(AdministeredByRole):
    """Never deleted: activities keep their audience type; retire it (not offered) instead."""

    list_display = ("name", "code", "is_active", "order")
    list_editable = ("is_active", "order")
    search_fields = ("name", "code")
    fields = ("code", "name", "is_active", "order")
