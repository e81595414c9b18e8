"""Security headers (issue #11, finding 9): a strict Content-Security-Policy and a Permissions-Policy.

Every response carries both, whether rendered, from the page cache, an error page, a workspace or
an admin page. The policy allows no inline script or style, so no page may hold any: the tests render
every page of the permission matrix (as a citizen and as a site administrator) and the admin's, and
read every template, looking for `<script>` without `src`, `<style>`, `style="…"` and `on…=` handlers.
"""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.text import render_markdown
from tests.conftest import PERSONAS
from tests.test_permissions import MATRIX
from tests.test_settings import PRODUCTION, manage

ROOT = Path(__file__).resolve().parent.parent
CSP = "Content-Security-Policy"
PERMISSIONS = "Permissions-Policy"
# Uploaded files are sent with a policy of their own (participation.uploads): nothing runs in them.
UPLOAD_POLICY = "default-src 'none'; sandbox"
LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "headers"}}

# What a page may not hold under the policy: script without a file (JSON data blocks are not run),
# style blocks and attributes, inline event handlers and javascript: links.
INLINE = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=[\"']application/(?:ld\+)?json)[^>]*>", re.I),
    "style block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "javascript link": re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}


def directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        name, *values = part.split()
        result[name] = values
    return result


def assert_policies(response, what: str):
    assert CSP in response, f"{what}: no {CSP}"
    policy = directives(response[CSP])
    assert policy["default-src"] == ["'self'"], what
    assert policy["script-src"] == ["'self'"], what
    assert policy["style-src"] == ["'self'"], what
    assert policy["img-src"] == ["'self'", "data:"], what
    assert policy["object-src"] == ["'none'"], what
    assert policy["base-uri"] == ["'self'"], what
    assert policy["form-action"] == ["'self'"], what
    assert policy["frame-ancestors"] == ["'none'"], what
    assert "'unsafe-inline'" not in response[CSP] and "'unsafe-eval'" not in response[CSP], what
    assert PERMISSIONS in response, f"{what}: no {PERMISSIONS}"
    features = dict(item.strip().split("=", 1) for item in response[PERMISSIONS].split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]:
        assert features.get(feature) == "()", f"{what}: {feature} is not turned off"


def inline_code(html: str) -> list[str]:
    return [f"{kind}: {match.group(0)[:120]}" for kind, pattern in INLINE.items() for match in pattern.finditer(html)]


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def test_the_inline_check_sees_inline_code():
    """The check itself can fail."""
    page = (
        '<script>alert(1)</script><script src="/static/a.js"></script><script type="application/json">{}</script>'
        '<style>p{}</style><p style="color:red" onclick="x()"><a href="javascript:x()">'
    )
    found = [line.split(":")[0] for line in inline_code(page)]
    assert found == ["inline script", "style block", "style attribute", "event handler", "javascript link"]
    assert inline_code('<script src="/a.js" defer></script><p class="x">Cost: on=1</p>') == []


def template_files():
    folders = {ROOT / "templates"} | {Path(config.path) / "templates" for config in apps.get_app_configs()}
    for folder in sorted(folders):
        if folder.is_dir() and ROOT in folder.parents and ".venv" not in folder.parts:  # the project's own
            yield from sorted(folder.rglob("*.html"))
            yield from sorted(folder.rglob("*.svg"))


def test_no_template_holds_inline_script_or_style():
    files = list(template_files())
    assert any(path.name == "500.html" for path in files) and any(path.name == "_ring.html" for path in files)
    found = {str(path.relative_to(ROOT)): inline_code(path.read_text()) for path in files}
    assert not {path: hits for path, hits in found.items() if hits}


def test_no_python_code_builds_inline_script_or_style():
    """HTML built in Python (format_html, mark_safe) follows the same rule, and so does what staff write
    in Markdown: the sanitiser keeps no script, style or handler of whatever is pasted."""
    found = {}
    for folder in ["participation", "announcements", "portal"]:
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text()
            if "migrations" in path.parts or not re.search(r"format_html|mark_safe|SafeString", text):
                continue
            if hits := inline_code(text):
                found[str(path.relative_to(ROOT))] = hits
    assert not found
    pasted = '<p style="color:red" onclick="x()">a</p><style>p{}</style><script>alert(1)</script>[b](javascript:x())'
    assert inline_code(pasted) and not inline_code(render_markdown(pasted))


@pytest.mark.parametrize("persona", ["citizen", "site_admin"])
def test_every_page_carries_the_policies_and_no_inline_code(client_for, world, persona, request):
    """Every view of the permission matrix, public and workspace, as a citizen and as a site administrator."""
    assert persona in PERSONAS
    client = client_for(persona)
    seen_html = 0
    problems = {}
    for name, (path, _expected) in MATRIX.items():
        url = path.format(**world)
        response = client.get(url)  # its status is tests/test_permissions.py's business
        if response.get(CSP) == UPLOAD_POLICY:  # an uploaded file keeps its own, stricter policy
            assert PERMISSIONS in response, url
            continue
        assert_policies(response, f"{name} ({url})")
        if is_html(response) and response.status_code == 200:
            seen_html += 1
            if hits := inline_code(response.content.decode()):
                problems[url] = hits
    assert not problems
    assert seen_html >= (15 if persona == "citizen" else 60)


def test_admin_pages_work_under_the_policy(client, site_admin, world):
    """The admin's own scripts are files: its pages need no exception to the policy."""
    client.force_login(site_admin)
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    problems = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 403:  # an admin that allows no adding
            continue
        assert response.status_code == 200, url
        assert_policies(response, url)
        if hits := inline_code(response.content.decode()):
            problems[url] = hits
    assert not problems
    assert len(urls) > 10


class TestCachedPages:
    """The page cache keeps whole responses: a page from it carries the policies as a rendered one does."""

    @pytest.fixture(autouse=True)
    def local_memory_cache(self):
        with override_settings(CACHES=LOCAL_MEMORY):
            cache.clear()
            yield
            cache.clear()

    @pytest.mark.parametrize("path", ["/", "/singburi/", "/singburi/meetings/", "/en/singburi/announcements/"])
    def test_rendered_then_from_the_cache(self, client, singburi, path):
        with CaptureQueriesContext(connection) as rendering:
            first = client.get(path)
        with CaptureQueriesContext(connection) as cached:
            second = client.get(path)
        assert first.status_code == second.status_code == 200
        assert len(rendering) > 0 and len(cached) == 0  # the second came from the cache
        assert "public" in second["Cache-Control"]
        assert_policies(first, f"{path}, rendered")
        assert_policies(second, f"{path}, from the cache")
        assert first[CSP] == second[CSP] and first[PERMISSIONS] == second[PERMISSIONS]
        assert second.content == first.content

    def test_not_modified_from_the_cache(self, client, singburi):
        etag = client.get("/singburi/")["ETag"]
        response = client.get("/singburi/", headers={"if-none-match": etag})
        assert response.status_code == 304
        assert_policies(response, "304 from the cache")

    def test_the_existing_headers_are_kept(self, client, singburi):
        for response in (client.get("/singburi/"), client.get("/singburi/")):
            assert response["X-Frame-Options"] == "DENY"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Referrer-Policy"] == "same-origin"
            assert response["Cross-Origin-Opener-Policy"] == "same-origin"


class TestErrorPages:
    def test_not_found(self, client, db):
        response = client.get("/no-such-office/")
        assert response.status_code == 404
        assert_policies(response, "404")
        assert not inline_code(response.content.decode())

    def test_server_error(self, db, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("a bug")

        monkeypatch.setattr("portal.views.render", broken)
        response = Client(raise_request_exception=False).get("/")
        assert response.status_code == 500
        assert_policies(response, "500")
        page = response.content.decode()
        assert not inline_code(page)
        assert "css/error.css" in page  # its look moved to a file the policy allows

    def test_csrf_failure(self, db, singburi):
        response = Client(enforce_csrf_checks=True).post("/singburi/feedback/new/", {})
        assert response.status_code == 403
        assert_policies(response, "403")
        assert not inline_code(response.content.decode())

    def test_static_files_too(self, client):
        response = client.get("/static/css/portal.css")
        assert response.status_code == 200
        assert_policies(response, "a static file")


def test_production_settings_pass_the_deploy_checks_with_the_policies():
    """`check --deploy` reports nothing with production settings, and those settings send both policies
    (with upgrade-insecure-requests, as pages are served over HTTPS only)."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
    code = (
        "import json; from django.test import Client; "
        "r = Client().get('/robots.txt', secure=True, headers={'host': 'portal.example.go.th'}); "
        "print(json.dumps({'status': r.status_code, 'headers': dict(r.headers)}))"
    )
    result = manage("shell", "--verbosity", "0", "-c", code, env={**PRODUCTION, "CACHE_URL": "locmem://"})
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    headers = answer["headers"]
    assert "upgrade-insecure-requests" in directives(headers[CSP])
    assert directives(headers[CSP])["script-src"] == ["'self'"]
    assert "camera=()" in headers[PERMISSIONS]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
