"""Open data: the list of datasets, an office's share, downloads and the DCAT catalogue."""

from django.urls import path

from participation.opendata import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.index, name="index"),
    path("data/catalog.jsonld", views.catalogue, name="catalog"),
    path("data/<slug:key>.<str:extension>", views.download, name="download"),
    path("data/<office:office>/", views.office_index, name="office"),
    path("data/<office:office>/<slug:key>.<str:extension>", views.office_download, name="office_download"),
]
