from django.urls import path

from participation import views

app_name = "participation"
urlpatterns = [
    path("<office:office>/", views.OfficeHomeView.as_view(), name="office"),
]
