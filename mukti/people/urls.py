from django.urls import path

from mukti.people import views

app_name = "people"
urlpatterns = [
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.edit_person, name="edit"),
    path("<uuid:person_id>/names/", views.add_to_person, {"part": "names"}, name="add_name"),
    path("<uuid:person_id>/phones/", views.add_to_person, {"part": "phones"}, name="add_phone"),
    path(
        "<uuid:person_id>/relatives/",
        views.add_to_person,
        {"part": "relatives"},
        name="add_relative",
    ),
    path(
        "<uuid:person_id>/consents/",
        views.add_to_person,
        {"part": "consents"},
        name="record_consent",
    ),
]
