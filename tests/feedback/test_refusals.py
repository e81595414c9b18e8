"""When the feedback form does not take a message: only accepted messages count against the connection, a
duplicate shows its first message's code to the browser that sent it (and to nobody else), and every refusal
says why, when to try again and what else can be done."""

import html as html_module
import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from participation.feedback.models import Feedback
from tests.feedback.helpers import base64_text, receipt_code, send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_left_as_found():
    """A request to an /en/ page leaves English active in the test process: put the default back after."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def reachable(singburi):
    """Sing Buri with a phone number and an e-mail address to offer as the next step."""
    singburi.phone = "036 511 234"
    singburi.email = "contact@singburi.example.go.th"
    singburi.save()
    return singburi


def page_of(response) -> str:
    return html_module.unescape(response.content.decode())


def next_steps(page: str) -> str:
    found = re.search(r'<section class="next-steps".*?</section>', page, re.S)
    assert found, "the page offers the next step"
    return found.group(0)


def assert_offers_the_next_steps(page: str, *, track: bool = True):
    steps = next_steps(page)
    if track:
        assert 'href="/en/track/"' in steps
    assert 'href="tel:036511234"' in steps and 'href="mailto:contact@singburi.example.go.th"' in steps
    assert 'href="/en/singburi/"' in steps


class TestDuplicates:
    def test_the_browser_that_sent_it_is_shown_the_first_messages_code(self, client, reachable):
        first = send(client)
        response = send(client, language="/en")  # a new form, the very same words
        earlier = Feedback.objects.get()
        assert receipt_code(first) == earlier.tracking_code
        page = page_of(response)
        assert response.status_code == 200 and "You sent this message already" in page
        assert earlier.formatted_code in page
        assert f'href="{earlier.get_tracking_url()}"' in page or f'href="/en{earlier.get_tracking_url()}"' in page
        assert_offers_the_next_steps(page)
        assert Feedback.objects.count() == 1

    def test_someone_else_at_the_same_connection_never_sees_that_code(self, client, reachable):
        send(client, message="ขอบคุณครับ")
        someone_else = Client()  # same address, another browser
        response = send(someone_else, language="/en", message="ขอบคุณครับ")
        page = page_of(response)
        code = Feedback.objects.get().formatted_code
        assert code not in page and code.replace("-", "") not in page
        assert "reached the office already today from your connection" in page
        assert "ขอบคุณครับ" in page  # the text stays in the form
        assert_offers_the_next_steps(page)
        assert Feedback.objects.count() == 1

    def test_a_forged_mark_shows_no_code(self, client, reachable):
        send(client, message="ขอบคุณครับ")
        forger = Client()
        forger.cookies["feedback_sent"] = client.cookies["feedback_sent"].value.replace("a", "b", 1) + "x"
        page = page_of(send(forger, language="/en", message="ขอบคุณครับ"))
        assert Feedback.objects.get().formatted_code not in page

    def test_the_mark_names_no_code(self, client, reachable):
        send(client)
        value = client.cookies["feedback_sent"]
        code = Feedback.objects.get().tracking_code
        assert value["httponly"] and value["samesite"] == "Lax"
        payload = base64_text(value.value)
        assert code not in value.value and code not in payload
        assert re.fullmatch(r'\["[0-9a-f]{24}"\]', payload), "an opaque mark, not the row's key"


class TestTheLimit:
    def test_only_accepted_messages_count(self, client, reachable, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (2, 600)}
        for _ in range(3):
            assert send(client, subject="").status_code == 200  # a typo: shown again
        assert receipt_code(send(client, message="ข้อความแรก"))
        send(Client(), message="ข้อความแรก")  # a duplicate, refused
        assert receipt_code(send(client, message="ข้อความที่สอง"))
        assert send(client, message="ข้อความที่สาม").status_code == 429
        assert Feedback.objects.count() == 2

    def test_too_many_says_why_when_and_what_else(self, client, reachable, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (1, 600)}
        assert receipt_code(send(client, message="ข้อความแรก"))
        response = send(client, language="/en", message="ข้อความที่สอง")
        assert response.status_code == 429 and int(response["Retry-After"]) > 0
        page = page_of(response)
        assert "Many messages came from your connection in a short time, so this one was not sent" in page
        assert re.search(r"please send it again in \d+ minutes? \(after \d\d:\d\d\)", page)
        assert "ข้อความที่สอง" in page
        assert_offers_the_next_steps(page)

    def test_too_fast_says_why(self, client, reachable, settings):
        settings.FEEDBACK_MIN_SECONDS = 60
        page = page_of(send(client, language="/en"))
        assert "The form was sent too quickly after it was opened (in less than 60 seconds)" in page
        assert "Please check your message once more" not in page
        assert_offers_the_next_steps(page)
        assert not Feedback.objects.exists()


class TestOtherRefusals:
    def render(self, template: str, **context) -> str:
        request = RequestFactory().get("/en/")
        with translation.override("en"):
            return html_module.unescape(render_to_string(template, context, request))

    def test_the_outage_page_offers_the_next_step(self, reachable):
        page = self.render("feedback/public/unavailable.html", office=reachable, sent={"message": "ข้อความ"})
        assert_offers_the_next_steps(page)

    def test_the_outage_page_without_the_office_leads_home(self):
        steps = next_steps(self.render("feedback/public/unavailable.html", sent={}))
        assert 'href="/en/"' in steps and 'href="/en/track/"' in steps

    def test_an_expired_receipt_offers_the_next_step(self, reachable):
        assert_offers_the_next_steps(
            self.render("feedback/public/receipt_unavailable.html", office=reachable), track=False
        )

    def test_too_many_codes_tried_says_when_and_what_else(self, client, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": (1, 600)}
        client.get("/en/track/ZZZZZZZZZZZZZZZZ/")
        page = page_of(client.get("/en/track/ZZZZZZZZZZZZZZZZ/"))
        assert "stops anyone from finding other people's feedback" in page
        assert 'href="/en/"' in next_steps(page)
