from django.urls import path

from mukti.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/", views.indicators, name="indicators"),
    path("records/", views.drilldown, name="drilldown"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<uuid:report_id>/", views.report, name="report"),
    path("reports/<uuid:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<uuid:report_id>/publish/", views.report_publish, name="report_publish"),
    path(
        "reports/<uuid:report_id>/download.<str:kind>",
        views.report_download,
        name="report_download",
    ),
    path("reports/<uuid:report_id>/sections/new/", views.section_edit, name="section_new"),
    path(
        "reports/<uuid:report_id>/sections/<uuid:section_id>/",
        views.section_edit,
        name="section_edit",
    ),
    path(
        "reports/<uuid:report_id>/sections/<uuid:section_id>/archive/",
        views.section_archive,
        name="section_archive",
    ),
    path("reports/<uuid:report_id>/v<int:number>/", views.version, name="version"),
    path(
        "reports/<uuid:report_id>/v<int:number>/download.<str:kind>",
        views.version_download,
        name="version_download",
    ),
    path(
        "reports/<uuid:report_id>/v<int:number>/changes/",
        views.version_changes,
        name="version_changes",
    ),
    path("targets/", views.targets, name="targets"),
    path("targets/new/", views.target_edit, name="target_new"),
    path("targets/<uuid:target_id>/", views.target_edit, name="target_edit"),
    path("targets/<uuid:target_id>/archive/", views.target_archive, name="target_archive"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/new/", views.submission_new, name="submission_new"),
    path("submissions/upload/", views.submission_upload, name="submission_upload"),
    path("submissions/template.xlsx", views.submission_template, name="submission_template"),
    path("settings/", views.settings_edit, name="settings"),
    path("export/", views.export, name="export"),
]
