from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from participation.navigation import site_navigation


def site(request):
    """The language switch (the same page in each of the other languages) and the national pages."""
    current = get_language()
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
            if code != current
        ],
        "site_nav": site_navigation(),
    }
