from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from participation.navigation import site_navigation


def site(request):
    """The language switch (the same page in each of the other languages) and the national pages."""
    current = get_language()
    path = request.get_full_path()
    links = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
        if code != current
    ]
    for link in links:
        # <link rel="alternate" hreflang> wants a full address (search engines ignore a relative one).
        link["absolute_url"] = settings.SITE_URL + link["url"]
    return {
        "language_links": links,
        "site_nav": site_navigation(),
    }
