"""Rescue pages, and the identification panels of the case page."""

from django.urls import path

from mukti.identification import case_panels, views

app_name = "identification"
urlpatterns = [
    path("rescues/", views.operation_list, name="operations"),
    path("rescues/new/", views.operation_create, name="operation_new"),
    path("rescues/<uuid:operation_id>/", views.operation_detail, name="operation"),
    path("rescues/<uuid:operation_id>/edit/", views.operation_edit, name="operation_edit"),
    path(
        "rescues/<uuid:operation_id>/people/add/",
        views.operation_add_person,
        name="operation_add_person",
    ),
    path("cases/<str:number>/screenings/", case_panels.screenings, name="screenings"),
    path("cases/<str:number>/screenings/add/", case_panels.screening_add, name="screening_add"),
    path(
        "cases/<str:number>/screenings/<uuid:screening_id>/edit/",
        case_panels.screening_edit,
        name="screening_edit",
    ),
    path("cases/<str:number>/referrals/", case_panels.referrals, name="referrals"),
    path("cases/<str:number>/referrals/add/", case_panels.referral_add, name="referral_add"),
    path(
        "cases/<str:number>/referrals/<uuid:referral_id>/edit/",
        case_panels.referral_edit,
        name="referral_edit",
    ),
    path("cases/<str:number>/rescues/", case_panels.case_rescues, name="case_rescues"),
]
