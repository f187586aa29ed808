"""Aftercare pages: the worker's dashboard, and the panels of the case page (each also a page
of its own without JavaScript) with their records' detail, edit and changes."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.http import require_POST

from mukti.aftercare.views import dashboard, machinery

app_name = "aftercare"

_CASE = "cases/<str:number>"
_RECORD = f"{_CASE}/records/<slug:kind_slug>/<uuid:record_id>"

urlpatterns = [
    path("", login_required(dashboard.my_work), name="dashboard"),
    *[
        path(
            f"{_CASE}/{panel.key}/",
            login_required(machinery.show_panel),
            {"panel_key": panel.key},
            name=panel.url_name.split(":", 1)[1],
        )
        for panel in machinery.PANELS.values()
    ],
    path(
        f"{_CASE}/new/<slug:creation_slug>/",
        login_required(require_POST(machinery.create)),
        name="create",
    ),
    path(f"{_RECORD}/", login_required(machinery.detail), name="record"),
    path(f"{_RECORD}/edit/", login_required(machinery.edit), name="record_edit"),
    path(
        f"{_RECORD}/<slug:action>/",
        login_required(require_POST(machinery.act)),
        name="record_action",
    ),
]
