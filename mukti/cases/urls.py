from django.urls import path

from mukti.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("open/", views.open_case, name="open"),
    path("open/for/<uuid:person_id>/", views.open_case_for_person, name="open_for_person"),
    path("attachments/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/edit/", views.edit_case, name="edit"),
    path("<str:number>/close/", views.close_case, name="close"),
    path("<str:number>/reopen/", views.reopen_case, name="reopen"),
    path("<str:number>/events/", views.add_event, name="add_event"),
    path("<str:number>/notes/", views.add_note, name="add_note"),
    path(
        "<str:number>/notes/<uuid:note_id>/archive/",
        views.change_note,
        {"archive": True},
        name="archive_note",
    ),
    path(
        "<str:number>/notes/<uuid:note_id>/restore/",
        views.change_note,
        {"archive": False},
        name="restore_note",
    ),
    path("<str:number>/attachments/", views.add_attachment, name="add_attachment"),
    path("<str:number>/workers/", views.assign_worker, name="assign_worker"),
    path(
        "<str:number>/workers/<uuid:assignment_id>/end/",
        views.end_assignment,
        name="end_assignment",
    ),
    path("<str:number>/shares/", views.share_case, name="share"),
    path("<str:number>/shares/<uuid:share_id>/revoke/", views.revoke_share, name="revoke_share"),
]
