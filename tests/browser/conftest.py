"""Playwright driving Debian's Chromium (no browser download).

Without a Chromium the browser tests are skipped with a message, except when
REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

from participation.demo import DEMO_PASSWORD

# Playwright's sync API runs an event loop in the test's thread; the test's
# own database calls are still synchronous, so let Django allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CANDIDATES = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser"]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for candidate in CANDIDATES:
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium():
    executable = find_chromium()
    if executable is None:
        message = "no Chromium found (install Debian's `chromium` or set CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def log_in(live_server):
    """log_in(page, "singburi-staff"): a demo account logs in on that page through the login form; gives the page."""

    def log_in(page, username):
        page.goto(live_server.url + "/en/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        return page

    return log_in


@pytest.fixture
def artifacts(tmp_path) -> Path:
    """Where the prints and screenshots go: BROWSER_ARTIFACTS if set (to look at them), else the test's tmp folder."""
    folder = Path(os.environ.get("BROWSER_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
