from django.urls import path

from participation.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/opensearch.xml", views.opensearch, name="opensearch"),
    path("<office:office>/search/", views.OfficeSearchView.as_view(), name="office"),
    path("manage/<office:office>/search/", views.ManageSearchView.as_view(), name="manage"),
]
