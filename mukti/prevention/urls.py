from django.urls import path

from mukti.prevention import views

app_name = "prevention"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.create_activity, name="create"),
    path("summary/", views.summary, name="summary"),
    path("<uuid:activity_id>/", views.activity_detail, name="detail"),
    path("<uuid:activity_id>/edit/", views.edit_activity, name="edit"),
    path("<uuid:activity_id>/cancel/", views.cancel_activity, name="cancel"),
    path("<uuid:activity_id>/restore/", views.restore_activity, name="restore"),
]
