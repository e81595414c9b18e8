"""The tracking page kept in the page cache: read without a table once kept, never stale, told to browsers
as a page not to store, and with a rating form that needs no cookie."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participation.feedback import services
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def memory_cache(settings):
    """A cache outside the database, as Redis is, so that reading the page counts no query."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


def opened(feedback, times: int = 3, client=None, language: str = "") -> list:
    client = client or Client()
    return [client.get(f"{language}/track/{feedback.tracking_code}/") for _n in range(times)]


def shown(feedback) -> list[str]:
    """The English page as three visitors in a row see it (learnt, kept, read from the cache)."""
    return [response.content.decode() for response in opened(feedback, language="/en")]


def test_a_page_kept_reads_no_table(singburi, redis_store):
    """On Redis, as in production: the page and the limiter's counter are read from it."""
    feedback = FeedbackFactory(office=singburi, subject="ไฟถนนดับหน้าตลาด")
    opened(feedback, times=1)  # the first visit keeps the page
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(feedback.get_tracking_url())
    assert len(queries) == 0
    html = response.content.decode()
    assert response.status_code == 200 and "ไฟถนนดับหน้าตลาด" in html and "csrfmiddlewaretoken" not in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]  # its holder's alone
    assert "public" not in response["Cache-Control"] and not response.cookies


def test_an_answer_a_status_and_a_rating_show_at_once(singburi, staff_singburi):
    feedback = FeedbackFactory(office=singburi)
    assert all(">Received</span>" in html for html in shown(feedback))
    services.feedback_start(feedback=feedback, actor=staff_singburi)
    assert all(">In progress</span>" in html for html in shown(feedback))
    services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="ซ่อมไฟแล้ววันอังคาร", public=False)
    assert all("ซ่อมไฟแล้ววันอังคาร" in html and "You said you were" not in html for html in shown(feedback))
    feedback.refresh_from_db()
    services.feedback_rate(feedback=feedback, rating=2, comment="")
    assert all("You said you were “Dissatisfied”" in html for html in shown(feedback))


def test_the_rating_needs_the_code_and_no_cookie(singburi, staff_singburi):
    """Checked as a browser is (CSRF enforced): the kept page sets no cookie, and its form is sent as it is."""
    feedback = FeedbackFactory(office=singburi)
    services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="ตอบแล้ว", public=False)
    opened(feedback)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(feedback.get_tracking_url())
    assert 'name="rating"' in page.content.decode() and not page.cookies
    response = visitor.post(f"{feedback.get_tracking_url()}rate/", {"rating": 4})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.rating == 4
    # A code that matches nothing rates nothing, and counts as a guess.
    assert visitor.post("/track/ZZZZZZZZZZZZZZZZ/rate/", {"rating": 1}).status_code == 404


def test_erased_feedback_and_a_closed_office_are_not_found_at_once(singburi, chainat):
    erased, elsewhere = FeedbackFactory(office=singburi), FeedbackFactory(office=chainat)
    opened(erased)
    opened(elsewhere)
    erased.delete()
    assert opened(erased, times=1)[0].status_code == 404
    chainat.is_active = False
    chainat.save()
    assert opened(elsewhere, times=1)[0].status_code == 404


def test_each_language_has_its_page(singburi):
    feedback = FeedbackFactory(office=singburi)
    thai = [response.content.decode() for response in opened(feedback)]
    assert all("Tracking code" in html for html in shown(feedback))
    assert not any("Tracking code" in html for html in thai + [opened(feedback, times=1)[0].content.decode()])


def test_a_waiting_message_gets_a_page_of_its_own(singburi, staff_singburi):
    feedback = FeedbackFactory(office=singburi)
    services.feedback_respond(feedback=feedback, actor=staff_singburi, answer="ตอบแล้ว", public=False)
    client = Client()
    opened(feedback, client=client)
    response = client.post(f"/en/track/{feedback.tracking_code}/rate/", {"rating": "5"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain and "Thank you: your rating was saved." in html
    assert "You said you were “Very satisfied”" in html
    assert "Thank you" not in Client().get(f"/en/track/{feedback.tracking_code}/").content.decode()


def test_without_its_cache_the_page_still_answers(singburi, monkeypatch):
    from participation import freshness

    feedback = FeedbackFactory(office=singburi)
    opened(feedback)

    def unreachable(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(freshness, "find_page", unreachable)
    assert opened(feedback, times=1)[0].status_code == 200


def test_a_client_held_back_for_guessing_is_refused_a_kept_page(singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": (2, 600)}
    feedback = FeedbackFactory(office=singburi)
    client = Client()
    assert [response.status_code for response in opened(feedback, client=client)] == [200, 200, 200]
    for expected in (404, 404, 429):
        assert client.get("/track/ZZZZZZZZZZZZZZZZ/").status_code == expected
    assert opened(feedback, times=1, client=client)[0].status_code == 429
    assert Client().get(f"/track/{feedback.tracking_code}/", REMOTE_ADDR="192.0.2.7").status_code == 200
