"""The design system: its page, its stylesheet covering what the templates use, and its colours' contrast."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
DESIGN_CSS = ROOT / "static" / "css" / "design.css"
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "announcements", ROOT / "participation"]
STYLESHEETS = [
    *ROOT.joinpath("static").rglob("*.css"),
    *ROOT.joinpath("participation").rglob("static/**/*.css"),
    *ROOT.joinpath("announcements").rglob("static/**/*.css"),
]
# Classes that only name a thing for tests, scripts or people reading the markup: no style of their own.
HOOKS = {
    # forms and regions named for tests and for a reader of the markup
    "announcement-form", "comment-form", "feedback-form", "filter-form", "search-form", "survey-form",
    "article-body", "news-article", "intro", "inbox", "messages", "procedure", "receipt", "search-group",
    "search-results", "survey-intro", "survey-question", "survey-section", "hearing-draft", "rating-scale",
    "attendance-chart", "attendance-grid", "ita-missing", "lang-switch", "diff-same", "order-doc",
    "order-member-name", "poster-intro", "poster-until", "certificate-signer", "official-signer", "qr", "qrline",
    "workspace-notices", "notification-list", "version-diff", "diff-legend",
    # crispy-forms marks fields by widget and requirement
    "requiredField", "checkboxinput", "dateinput", "datetimeinput", "emailinput", "numberinput", "passwordinput",
    "select", "textarea", "textinput", "urlinput",
}  # fmt: skip
# Classes built in the template from a value ("status-{{ … }}"): the stylesheet styles each full name.
PREFIXES = ("alert-", "status-", "status-fb-", "follow-", "hstatus-")


def css_classes() -> set[str]:
    classes = set()
    for path in STYLESHEETS:
        text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        text = re.sub(r"url\([^)]*\)", "", text)
        classes |= set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", text))
    return classes


def template_classes() -> dict[str, str]:
    """Every class a template writes, with one template that writes it."""
    used = {}
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            for value in re.findall(r'class="([^"]*)"', path.read_text()):
                value = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", value)
                for name in value.split():
                    used.setdefault(name, str(path.relative_to(ROOT)))
    for path in [*ROOT.joinpath("participation").rglob("*.py"), *ROOT.joinpath("announcements").rglob("*.py")]:
        for value in re.findall(r"""["']class["']\]?\s*[:=]\s*["']([^"']+)["']""", path.read_text()):
            for name in value.split():
                used.setdefault(name, str(path.relative_to(ROOT)))
    return used


def test_every_class_the_templates_use_is_styled_or_a_hook():
    styled = css_classes()
    missing = {
        name: where
        for name, where in template_classes().items()
        if name not in styled and name not in HOOKS and name not in PREFIXES and name not in {"danger"}
    }
    assert not missing, f"classes with no style (style them, or list them in HOOKS): {missing}"


def test_crispy_fields_come_out_with_styled_classes(rf):
    """What crispy-bootstrap5 writes for a field with an error is styled (its templates are not ours)."""
    from django.template import Context, Template

    from portal.forms import DesignSampleForm

    form = DesignSampleForm(data={"email": "not-an-address"})
    form.is_valid()
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    used = {name for value in re.findall(r'class="([^"]*)"', html) for name in value.split()}
    assert {"form-label", "form-control", "is-invalid", "invalid-feedback", "form-check-input"} <= used
    assert not used - css_classes() - HOOKS


def test_the_base_page_loads_no_framework(client, singburi):
    html = client.get("/singburi/").content.decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert stylesheets == ["css/design.css", "css/portal.css"]
    assert "bootstrap" not in html


def test_buttons_are_the_portals_not_bootstraps():
    css = DESIGN_CSS.read_text()
    primary = re.search(r"\.btn-primary, \.btn-primary:visited \{([^}]*)\}", css).group(1)
    assert "var(--c-brand)" in primary
    assert "#0d6efd" not in css.lower()  # Bootstrap's default blue


# --- Contrast --------------------------------------------------------------------------------------


def tokens() -> dict[str, str]:
    root = re.search(r":root \{(.*?)\n\}", DESIGN_CSS.read_text(), flags=re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", root))


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


WHITE = "#ffffff"
# (text, background) as the stylesheet pairs them.
TEXT_PAIRS = [
    ("ink", "paper"), ("ink", "surface"), ("ink", "surface-strong"), ("ink-muted", "paper"), ("ink-muted", "surface"),
    ("brand", "paper"), ("brand", "surface"), ("brand", "brand-tint"), ("link-visited", "paper"),
    ("brand-dark", "brand-tint"), ("ink", "info-tint"), ("ink", "success-tint"), ("ink", "warning-tint"),
    ("ink", "error-tint"), ("ink", "warning-strong"), ("ink", "accent"), ("ink", "mark"),
    ("error", "paper"), ("error", "error-tint"), ("error-dark", "paper"), ("warning", "paper"),
    ("warning", "warning-tint"), ("success", "paper"), ("ink-muted", "brand-tint"),
]  # fmt: skip
WHITE_ON = ["brand", "brand-dark", "ink", "border-input", "success", "error", "error-dark", "warning"]
# Form fields' borders and the focus ring against what is around them: 3:1 (WCAG 1.4.11).
UI_PAIRS = [("border-input", "paper"), ("accent", "brand-dark"), ("accent", "brand")]


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_colours_reach_4_5_to_1(text, background):
    colours = tokens()
    assert contrast(colours[f"c-{text}"], colours[f"c-{background}"]) >= 4.5


@pytest.mark.parametrize("background", WHITE_ON)
def test_white_text_reaches_4_5_to_1(background):
    assert contrast(WHITE, tokens()[f"c-{background}"]) >= 4.5


@pytest.mark.parametrize(("part", "background"), UI_PAIRS)
def test_controls_and_focus_reach_3_to_1(part, background):
    colours = tokens()
    assert contrast(colours[f"c-{part}"], colours[f"c-{background}"]) >= 3


def test_status_colours_hold_white_text():
    """The badges of the apps' stylesheets (status-…, follow-…, hstatus-…) carry white text."""
    badge = re.compile(r"\.((?:status|follow|hstatus)-[\w-]+) \{ background: (#[0-9a-fA-F]{6}); \}")
    found = 0
    for path in STYLESHEETS:
        for name, colour in badge.findall(path.read_text()):
            found += 1
            assert contrast(WHITE, colour) >= 4.5, f"{name} in {path.name}"
    assert found >= 10


# --- The page ---------------------------------------------------------------------------------------


def test_design_page_is_for_signed_in_people(client, staff_singburi):
    assert client.get("/design/")["Location"].startswith("/accounts/login/")
    client.login(username=staff_singburi.username, password=PASSWORD)
    response = client.get("/design/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    for part in ("error-summary", "btn btn-primary", "alert alert-warning", "table-responsive", "pagination",
                 "badge status-published", "card-body", "official-doc", 'class="w"', "is-invalid"):  # fmt: skip
        assert part in html, part
    assert client.post("/design/").status_code == 405


def test_design_page_is_open_while_debugging(client, settings):
    settings.DEBUG = True
    assert client.get("/en/design/").status_code == 200


def test_design_page_links_each_wrong_field(client, site_admin):
    client.force_login(site_admin)
    html = client.get("/en/design/").content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S).group(0)
    for field in ("id_name", "id_email", "id_kind_0", "id_agree"):
        assert f'href="#{field}"' in summary
        assert f'id="{field}"' in html


# --- Weight --------------------------------------------------------------------------------------------


def test_the_stylesheets_are_small():
    """What every page loads: a few kilobytes compressed (Bootstrap alone was 31 KB)."""
    total = 0
    for name in ("css/design.css", "css/portal.css"):
        with open(finders.find(name), "rb") as file:
            total += len(gzip.compress(file.read(), compresslevel=9))
    assert total <= 10 * 1024
