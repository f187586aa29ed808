from django.urls import path

from mukti.justice.views import backlog, calendar, legal_cases, panel

app_name = "justice"
urlpatterns = [
    path("", legal_cases.legal_case_list, name="list"),
    path("new/", legal_cases.file_legal_case, name="file"),
    path("hearings/", calendar.hearings_calendar, name="calendar"),
    path("deadlines/", calendar.deadline_list, name="deadlines"),
    path("deadlines/<uuid:deadline_id>/", calendar.edit_deadline, name="edit_deadline"),
    path("backlog/", backlog.backlog_list, name="backlog"),
    path("backlog/<uuid:analysis_id>/", backlog.backlog_detail, name="backlog_detail"),
    path("backlog/<uuid:analysis_id>/pdf/", backlog.backlog_pdf, name="backlog_pdf"),
    path("case/<str:number>/", panel.case_panel, name="case_panel"),
    path("case/<str:number>/police/", panel.record_police_engagement, name="police"),
    path("<uuid:legal_case_id>/", legal_cases.legal_case_detail, name="detail"),
    path("<uuid:legal_case_id>/edit/", legal_cases.edit_legal_case, name="edit"),
    path("<uuid:legal_case_id>/notes/", legal_cases.edit_strategy_notes, name="notes"),
    path(
        "<uuid:legal_case_id>/<str:change>/",
        legal_cases.change_legal_case,
        name="change",
    ),
    path(
        "<uuid:legal_case_id>/<str:change>/<uuid:target_id>/",
        legal_cases.change_part,
        name="change_part",
    ),
]
