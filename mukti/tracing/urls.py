from django.urls import path

from mukti.tracing.views import family, jobs, matching, reports

app_name = "tracing"
urlpatterns = [
    path("", reports.home, name="home"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.record_report, name="record_report"),
    path("reports/<uuid:report_id>/", reports.report_detail, name="report"),
    path("reports/<uuid:report_id>/close/", reports.close_report, name="close_report"),
    path("reports/<uuid:report_id>/reopen/", reports.reopen_report, name="reopen_report"),
    path("import/", jobs.import_reports, name="import"),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/match/", jobs.start_batch_matching, name="start_batch"),
    path("jobs/train/", jobs.start_training, name="start_training"),
    path("jobs/<uuid:job_id>/", jobs.job_detail, name="job"),
    path("jobs/<uuid:job_id>/progress/", jobs.job_progress, name="job_progress"),
    path("search/", matching.search, name="search"),
    path("review/", matching.review_queue, name="review_queue"),
    path("review/<uuid:candidate_id>/", matching.candidate_detail, name="candidate"),
    path("cases/<str:number>/matches/", matching.case_matches, name="case_matches"),
    path(
        "cases/<str:number>/matches/<uuid:report_id>/queue/",
        matching.queue_candidate,
        name="queue_candidate",
    ),
    path("cases/<str:number>/family/", family.case_family, name="case_family"),
    path("cases/<str:number>/family/requests/", family.open_request, name="open_request"),
    path(
        "cases/<str:number>/family/<uuid:request_id>/steps/",
        family.record_step,
        name="record_step",
    ),
    path(
        "cases/<str:number>/family/<uuid:request_id>/reunite/",
        family.reunite,
        name="reunite",
    ),
    path("cases/<str:number>/family/<uuid:request_id>/stop/", family.stop, name="stop"),
]
