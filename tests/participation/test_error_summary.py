"""Forms sent with mistakes: a summary at the top that takes focus and links to each input, "Error:" in the
title, each message beside its field, and messages that say what to do."""

import html as html_module
import re

import pytest
from django.conf import settings
from django.utils import translation

from participation.meetings.models import Meeting
from tests.feedback.helpers import form_values, send
from tests.meetings.test_workspace_views import meeting_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_left_as_found():
    """A request to an /en/ page leaves English active in the test process: put the default back after."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.FEEDBACK_MIN_SECONDS = 0


def page_of(response) -> str:
    return html_module.unescape(response.content.decode())


def summary_of(page: str) -> str:
    found = re.search(r'<div class="error-summary[^"]*"[^>]*>.*?</div>', page, re.S)
    assert found, "the page has an error summary"
    return found.group(0)


def title_of(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def test_empty_feedback_form_gets_a_summary_that_takes_focus(client, singburi):
    values = form_values(client, language="/en")
    response = client.post("/en/singburi/feedback/new/", {**values, "kind": "", "subject": "", "message": ""})
    page = page_of(response)
    summary = summary_of(page)
    opening = summary[: summary.index(">") + 1]
    assert 'tabindex="-1"' in opening and "autofocus" in opening and 'role="alert"' in opening
    assert page.count("autofocus") == 1, "nothing else takes focus"
    # It comes before the page's heading, the first thing in the content.
    assert page.index("error-summary") < page.index("<h1")
    assert re.search(r'class="error-summary__title[^"]*"[^>]*>There is a problem<', summary)
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary)
    assert links == [
        ("id_kind", "Choose what kind of feedback it is"),
        ("id_subject", "Enter the subject of your feedback"),
        ("id_message", "Enter your message: what happened, what you suggest or what you ask"),
    ]
    for anchor, _text in links:
        assert f'id="{anchor}"' in page, "each link leads to its input"
    assert title_of(page).startswith("Error: Send feedback")
    assert "This field is required." not in page


def test_each_field_shows_its_own_message_linked_to_the_input(client, singburi):
    response = send(client, language="/en", subject="", email="not-an-address")
    page = page_of(response)
    subject = re.search(r"<input[^>]*name=\"subject\"[^>]*>", page).group(0)
    assert "is-invalid" in subject and 'aria-invalid="true"' in subject
    assert re.search(r'aria-describedby="[^"]*\bid_subject_error\b', subject)
    block = re.search(r'<div id="id_subject_error" class="([^"]*)">(.*?)</div>', page, re.S)
    assert "field-error" in block.group(1).split()
    assert "Enter the subject of your feedback" in block.group(2)
    email = re.search(r'<div id="id_email_error" class="[^"]*field-error[^"]*">(.*?)</div>', page, re.S)
    assert "Enter an e-mail address in the correct format, like name@example.com" in email.group(1)
    # What was typed is kept.
    assert "หลุมบ่อหน้าโรงเรียนบ้านนาอันตรายต่อเด็ก" in page


def test_messages_for_the_whole_form_are_listed_too(client, singburi, settings):
    settings.FEEDBACK_MIN_SECONDS = 600
    page = page_of(send(client, language="/en"))
    summary = summary_of(page)
    assert re.search(r"<li>[^<]*too quickly", summary), summary
    assert title_of(page).startswith("Error: ")


def test_no_summary_and_no_error_title_without_errors(client, singburi):
    page = page_of(client.get("/en/singburi/feedback/new/"))
    assert "error-summary" not in page and "autofocus" not in page
    assert not title_of(page).startswith("Error")


def test_workspace_forms_have_the_summary_too(client, staff_singburi, singburi):
    client.force_login(staff_singburi)
    response = client.post("/en/manage/singburi/meetings/new/", meeting_data(title="", starts_at="soon"))
    page = page_of(response)
    links = {text: anchor for anchor, text in re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary_of(page))}
    assert links["Enter the title of the meeting"] == "id_title"
    assert links["Enter a real date and time"] == "id_starts_at"
    assert title_of(page).startswith("Error: ")
    assert not Meeting.objects.exists()


def test_a_file_too_large_says_what_to_choose(client, singburi, settings):
    from tests.factories import png_bytes, upload

    settings.FEEDBACK_FILE_MAX_BYTES = 1024
    page = page_of(send(client, language="/en", files=[upload("big.png", png_bytes() + b"\0" * 4096)]))
    assert "“big.png” is 4.1\xa0KB: choose a file smaller than 1.0\xa0KB." in page


def test_a_text_too_long_says_how_long_it_may_be(client, singburi):
    page = page_of(send(client, language="/en", subject="ก" * 201))
    assert "Shorten this to 200 characters or fewer (it now has 201)." in page


def test_filters_read_from_the_address_never_make_an_error_page(client, singburi):
    page = page_of(client.get("/en/search/?q=ถนน&year=1&kind=nothing"))
    assert "error-summary" not in page and not title_of(page).startswith("Error")


def test_the_tracking_form_sent_by_get_has_its_summary(client):
    page = page_of(client.get("/en/track/?code=%21%21"))
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary_of(page))
    assert links == [("id_code", "Type the code as it is written on your receipt.")]
    assert title_of(page).startswith("Error: ")
