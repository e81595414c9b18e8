"""The read-only API at /api/v1/: its readable documentation and django-ninja's resources and schema."""

from django.urls import path

from participation.opendata import views
from participation.opendata.api import build

app_name = "api"

urlpatterns = [
    path("docs/", views.api_docs, name="docs"),
    path("openapi.json", views.openapi, name="openapi-json"),
    *build(),
]
