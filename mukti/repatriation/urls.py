"""Repatriation pages: the case panel and its inline forms, the waiting list, corridors and
analytics."""

from django.urls import path

from mukti.repatriation import views

app_name = "repatriation"
urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("analytics/", views.analytics, name="analytics"),
    path("corridors/", views.corridor_list, name="corridors"),
    path("corridors/new/", views.add_corridor, name="add_corridor"),
    path("corridors/<str:code>/", views.corridor_detail, name="corridor"),
    path("corridors/<str:code>/steps/", views.edit_steps, name="edit_steps"),
    path("corridors/<str:code>/settings/", views.corridor_settings, name="corridor_settings"),
    path("cases/<str:number>/", views.panel, name="panel"),
    path("cases/<str:number>/start/", views.start, name="start"),
    path("cases/<str:number>/steps/<uuid:step_id>/", views.update_step, name="update_step"),
    path(
        "cases/<str:number>/steps/<uuid:step_id>/documents/",
        views.add_document,
        name="add_document",
    ),
    path(
        "cases/<str:number>/steps/<uuid:step_id>/blockers/",
        views.open_blocker,
        name="open_blocker",
    ),
    path(
        "cases/<str:number>/documents/<uuid:document_id>/",
        views.record_document,
        name="record_document",
    ),
    path(
        "cases/<str:number>/blockers/<uuid:blocker_id>/resolve/",
        views.resolve_blocker,
        name="resolve_blocker",
    ),
    path(
        "cases/<str:number>/repatriations/<uuid:repatriation_id>/cancel/",
        views.cancel,
        name="cancel",
    ),
]
