from django.urls import path, register_converter

from participation import views


class OfficeSlugConverter:
    """An office's slug in an address (validated again against the database)."""

    regex = r"[a-z][a-z0-9-]{0,39}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(OfficeSlugConverter, "office")

app_name = "participation"
urlpatterns = [
    path("<office:office>/", views.OfficeHomeView.as_view(), name="office"),
]
