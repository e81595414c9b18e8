"""The core's public address: an office's home. Included last, since its first segment is any slug."""

from django.urls import path

from participation.views import OfficeHomeView, office_emblem

app_name = "participation"

urlpatterns = [
    path("<office:office>/", OfficeHomeView.as_view(), name="office"),
    path("<office:office>/emblem/", office_emblem, name="emblem"),
]
