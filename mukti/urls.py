from django.contrib import admin
from django.urls import include, path

from mukti.api.api import api
from mukti.cases.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("mukti.accounts.urls")),
    path("cases/", include("mukti.cases.urls")),
    path("people/", include("mukti.people.urls")),
    path("audit/", include("mukti.audit.urls")),
    path("identification/", include("mukti.identification.urls")),
    path("aftercare/", include("mukti.aftercare.urls")),
    path("tracing/", include("mukti.tracing.urls")),
    path("repatriation/", include("mukti.repatriation.urls")),
    path("justice/", include("mukti.justice.urls")),
    path("prevention/", include("mukti.prevention.urls")),
    path("impact/", include("mukti.impact.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
