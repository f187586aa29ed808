"""User administration for system administrators: organisations, offices, teams, users and
their memberships. No identifying record (person, case) is registered here, on purpose."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Model, Q, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mukti.accounts import services
from mukti.accounts.forms import MembershipForm, UserAddForm, UserChangeForm
from mukti.accounts.models import Membership, Office, Organisation, Team, User
from mukti.accounts.roles import Action
from mukti.accounts.selectors import memberships_allowing


def _may_administer(request: HttpRequest) -> bool:
    """Admin staff whose role manages users (or superusers)."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or bool(memberships_allowing(user, Action.MANAGE_USERS))


def _organisation_ids(request: HttpRequest) -> set[Any]:
    """The organisations whose offices, teams and staff a system administrator looks after."""
    memberships = memberships_allowing(request.user, Action.MANAGE_USERS)
    return {membership.office.organisation_id for membership in memberships}


class AdministeredByRole(admin.ModelAdmin):
    """Permission from the role table, not Django's per-model permission rows; never delete
    (records are deactivated instead)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may_administer(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _may_administer(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _may_administer(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _may_administer(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if hasattr(obj, "updated_by"):
            obj.updated_by = request.user
            if not change:
                obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for membership in formset.save(commit=False):
            membership.updated_by = request.user
            if membership._state.adding:
                membership.created_by = request.user
            membership.save()
        formset.save_m2m()


def _limit_choices(request: HttpRequest, field: ModelChoiceField | None) -> None:
    """Offices, teams and organisations outside the administrator's own are not offered."""
    if field is None or field.queryset is None or request.user.is_superuser:
        return
    organisation_ids = _organisation_ids(request)
    model = field.queryset.model
    if model is Organisation:
        field.queryset = field.queryset.filter(pk__in=organisation_ids)
    elif model is Office:
        field.queryset = field.queryset.filter(organisation_id__in=organisation_ids)
    elif model is Team:
        field.queryset = field.queryset.filter(office__organisation_id__in=organisation_ids)


@admin.register(Organisation)
class OrganisationAdmin(AdministeredByRole):
    list_display = ("name", "short_name", "is_partner")
    search_fields = ("name", "short_name")
    list_filter = ("is_partner",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A new tenant is an installation-level decision.
        return request.user.is_active and request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=_organisation_ids(request))


@admin.register(Office)
class OfficeAdmin(AdministeredByRole):
    list_display = ("code", "name", "organisation", "country", "strategy")
    list_filter = ("country", "strategy")
    search_fields = ("code", "name")
    list_select_related = ("organisation",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Office]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organisation_id__in=_organisation_ids(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation":
            _limit_choices(request, field)
        return field


@admin.register(Team)
class TeamAdmin(AdministeredByRole):
    list_display = ("name", "office")
    search_fields = ("name", "office__code")
    list_select_related = ("office",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(office__organisation_id__in=_organisation_ids(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "office":
            _limit_choices(request, field)
        return field


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    form = MembershipForm
    extra = 1
    fields = ("office", "team", "role", "scope", "is_active")
    verbose_name = _("role in an office")
    verbose_name_plural = _("roles in offices")

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _may_administer(request)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _may_administer(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _may_administer(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # A role ends by unticking "active", so its history stays readable.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        queryset = super().get_queryset(request).select_related("office", "team")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(office__organisation_id__in=_organisation_ids(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in {"office", "team"}:
            _limit_choices(request, field)
        return field


@admin.register(User)
class UserAdmin(AdministeredByRole, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserAddForm
    add_form_template = None
    inlines = [MembershipInline]
    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "memberships__role")
    search_fields = ("email", "full_name")
    ordering = ("full_name",)
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("groups", "user_permissions")
    actions = ["reset_two_factor"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password", "preferred_language")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Their organisations' staff, and new accounts that have no role anywhere yet.
        return (
            queryset.filter(is_superuser=False)
            .filter(
                Q(memberships__office__organisation_id__in=_organisation_ids(request))
                | Q(memberships__isnull=True)
            )
            .distinct()
        )

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # Roles come on the next page: adding a user then continues to their change form.
        return [] if obj is None else super().get_inlines(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser hands out Django-level powers that bypass the role table.
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly

    @admin.action(description=_("Reset two-step sign-in (they set it up again at next sign-in)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor: Any = request.user
        users = list(queryset)
        for user in users:
            services.reset_two_factor(actor=actor, user=user)
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in was reset for %(count)d person.",
                "Two-step sign-in was reset for %(count)d people.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
