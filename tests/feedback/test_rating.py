"""The sender's rating of an answer: five choices in words, stored as 1 (very dissatisfied) to 5 (very satisfied)."""

import html as html_module
import re

import pytest
from django.conf import settings
from django.utils import translation

from participation.feedback import services
from participation.feedback.models import Feedback
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_left_as_found():
    """A request to an /en/ page leaves English active in the test process: put the default back after."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


WORDS = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]


@pytest.fixture
def answered(singburi, staff_singburi) -> Feedback:
    feedback = FeedbackFactory(office=singburi)
    return services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="ซ่อมแล้ว", public=False)


def en(address: str) -> str:
    """The English page of an address (reverse() gives the active language's)."""
    return address if address.startswith("/en/") else "/en" + address


def rating_fieldset(html: str) -> str:
    found = re.search(r"<fieldset[^>]*>.*?</fieldset>", html[html.index('id="rate-heading"') :], re.S)
    assert found, "the rating is a group of choices in a fieldset"
    return html_module.unescape(found.group(0))


def test_each_choice_says_what_it_means_lowest_first(client, answered):
    html = client.get(en(answered.get_tracking_url())).content.decode()
    fieldset = rating_fieldset(html)
    assert re.search(r"<legend[^>]*>\s*How satisfied are you with the office's answer\?", fieldset)
    options = re.findall(
        r'<input type="radio"[^>]*value="(\d)"[^>]*id="(id_rating_\d)"[^>]*>'
        r'\s*<label for="\2"[^>]*>\s*([^<]+?)\s*</label>',
        fieldset,
    )
    assert [(value, words) for value, _id, words in options] == [(str(n), WORDS[n - 1]) for n in range(1, 6)]
    assert "5 is best" not in html and "5 means" not in html


@pytest.mark.parametrize(("words", "stored"), [("Very satisfied", 5), ("Very dissatisfied", 1), ("Satisfied", 4)])
def test_the_choice_made_is_stored_with_its_meaning(client, answered, words, stored):
    fieldset = rating_fieldset(client.get(en(answered.get_tracking_url())).content.decode())
    value = re.search(rf'value="(\d)"[^>]*id="(id_rating_\d)"[^>]*>\s*<label for="\2"[^>]*>\s*{words}\s*<', fieldset)
    response = client.post(en(answered.get_tracking_url()) + "rate/", {"rating": value.group(1)})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.rating == stored
    page = html_module.unescape(client.get(en(answered.get_tracking_url())).content.decode())
    assert f"You said you were “{words}” with it." in page


def test_no_choice_asks_for_one_and_links_to_the_first(client, answered):
    response = client.post(en(answered.get_tracking_url()) + "rate/", {"comment": "เร็วดี"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_rating_1">Choose how satisfied you are with the answer</a>' not in html
    assert '<a href="#id_rating_0">Choose how satisfied you are with the answer</a>' in html
    assert "เร็วดี" in html


def test_staff_see_the_words_of_the_rating(client, answered, staff_singburi):
    services.feedback_rate(feedback=answered, rating=5, comment="")
    client.force_login(staff_singburi)
    html = client.get(en(answered.get_manage_url())).content.decode()
    assert "Very satisfied (5/5)" in html
