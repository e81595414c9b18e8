"""Every URL of the project × every persona.

`MATRIX` must name every URL pattern: test_every_view_is_in_the_matrix walks
the URL configuration and fails when a view is missing, so a new view cannot
ship without its permission cases. Other offices' non-public records answer
404, never 403, so nobody learns what exists.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

ALL_200 = dict.fromkeys(PERSONAS, 200)
LOGIN_REQUIRED = {
    "citizen": 302,
    "staff_singburi": 200,
    "director_singburi": 200,
    "staff_other_office": 200,
    "site_admin": 200,
}
ALL_404 = dict.fromkeys(PERSONAS, 404)

# name → (path, {persona: status on GET})
MATRIX = {
    "home": ("/", ALL_200),
    "privacy": ("/privacy/", ALL_200),
    "healthz": ("/healthz/", ALL_200),
    "login": ("/accounts/login/", {**dict.fromkeys(PERSONAS, 302), "citizen": 200}),
    # Logging out changes state: GET is refused for everyone.
    "logout": ("/accounts/logout/", dict.fromkeys(PERSONAS, 405)),
    "password_change": ("/accounts/password/", LOGIN_REQUIRED),
    "password_change_done": ("/accounts/password/done/", LOGIN_REQUIRED),
    "manage:dashboard": ("/manage/", LOGIN_REQUIRED),
    "participation:office": ("/singburi/", ALL_200),
}

# Extra cases for the same views: inactive offices are not public, not even to their staff.
EXTRA_CASES = [
    ("participation:office", "/closed/", ALL_404),
    ("participation:office", "/en/closed/", ALL_404),
    ("participation:office", "/no-such-office/", ALL_404),
]

# Views covered elsewhere, with the test that covers them.
COVERED_ELSEWHERE = {
    "admin": "tests/test_admin.py walks the admin for each persona",
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.callback.__module__ == "django.views.static":
                continue  # media files in DEBUG only
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_view_is_in_the_matrix():
    names = set(walk(get_resolver().url_patterns))
    missing = {name for name in names if name not in MATRIX and name.split(":", 1)[0] not in COVERED_ELSEWHERE}
    assert not missing, f"views missing from the permission matrix: {sorted(missing)}"
    stale = set(MATRIX) - names
    assert not stale, f"matrix entries with no view: {sorted(stale)}"


CASES = [(name, path, persona, expected[persona]) for name, (path, expected) in MATRIX.items() for persona in PERSONAS]
CASES += [(name, path, persona, expected[persona]) for name, path, expected in EXTRA_CASES for persona in PERSONAS]


@pytest.mark.parametrize(("name", "path", "persona", "expected"), CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_get(client_for, name, path, persona, expected, singburi):
    OfficeFactory(slug="closed", is_active=False)
    response = client_for(persona).get(path)
    assert response.status_code == expected, f"{name} as {persona}"
    if expected == 302 and persona == "citizen":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_english_paths_answer_the_same(client_for, persona):
    for name, (path, expected) in MATRIX.items():
        if name in {"healthz"}:
            continue
        response = client_for(persona).get(f"/en{path}")
        assert response.status_code == expected[persona], f"/en{path} as {persona}"
