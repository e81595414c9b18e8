from django.urls import path

from participation.overview import views

app_name = "overview"

urlpatterns = [
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("manage/<office:office>/overview/", views.SupervisionView.as_view(), name="manage"),
]
