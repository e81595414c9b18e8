"""Fair limits: only what should count is counted, refusals say how long to wait (and send Retry-After),
and the defaults leave room for the many honest people behind one school's or one carrier's address."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from participation import ratelimit
from participation.meetings.models import Registration
from tests.factories import PASSWORD, FeedbackFactory, MeetingFactory, UserFactory
from tests.participation.test_ratelimit_redis import counters
from tests.test_settings import settings_under

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def log_in(client, username="staff-singburi", password=PASSWORD, **extra):
    response = client.post(LOGIN, {"username": username, "password": password}, **extra)
    logged_in = "_auth_user_id" in client.session
    client.logout()
    return response, logged_in


@pytest.fixture
def wait_840(monkeypatch):
    """Every window ends in 840 seconds (14 minutes)."""
    monkeypatch.setattr(ratelimit, "retry_after", lambda scope, now=None: 840)


# --- Logins ---------------------------------------------------------------------------------------


def test_successful_logins_do_not_count(client, staff_singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 900)}
    for _ in range(5):
        assert log_in(client)[1]
    # Only failures count: two of them, and the limit holds.
    for _ in range(2):
        assert not log_in(client, password="wrong")[1]
    response, logged_in = log_in(client)
    assert not logged_in and response.status_code == 429


def test_a_success_gives_back_only_its_own_attempt(client, staff_singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 900)}
    assert not log_in(client, password="wrong")[1]
    assert log_in(client)[1] and log_in(client)[1]
    assert not log_in(client, password="wrong")[1]
    assert log_in(client)[0].status_code == 429  # the two failures are still counted


def test_failures_are_counted_per_address_too(client, staff_singburi, settings):
    """Trying many accounts from one address is held back, with a larger limit than one account's."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (10, 900), "login_address": (3, 900)}
    for name in ["somchai", "somsri", "admin"]:
        assert not log_in(client, username=name, password="guess")[1]
    response, logged_in = log_in(client)
    assert not logged_in and response.status_code == 429
    # Someone at another address is not held back.
    assert log_in(client, REMOTE_ADDR="198.51.100.20")[1]


def test_one_account_is_held_back_before_its_address(client, staff_singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 900), "login_address": (100, 900)}
    UserFactory(username="colleague", is_staff=True)
    for _ in range(2):
        log_in(client, password="wrong")
    assert log_in(client)[0].status_code == 429
    assert log_in(client, username="colleague")[1]  # a colleague at the same school logs in


def test_a_refused_login_says_the_real_wait_and_sends_retry_after(client, staff_singburi, settings, wait_840):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (1, 900)}
    log_in(client, password="wrong")
    response, _logged_in = log_in(client)
    assert response.status_code == 429 and response["Retry-After"] == "840"
    assert "Please try again in 14 minutes." in response.content.decode()


def test_a_minute_to_wait_is_said_in_the_singular(client, staff_singburi, settings, monkeypatch):
    monkeypatch.setattr(ratelimit, "retry_after", lambda scope, now=None: 30)
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (1, 900)}
    log_in(client, password="wrong")
    response, _logged_in = log_in(client)
    assert response["Retry-After"] == "30"
    assert "Please try again in 1 minute." in response.content.decode()


def test_refused_logins_do_not_count_themselves(client, staff_singburi, settings):
    """Knocking on while refused does not add to the count of the account or of the address."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (1, 900), "login_address": (2, 900)}
    log_in(client, password="wrong")
    for _ in range(5):
        assert log_in(client, password="wrong")[0].status_code == 429
    UserFactory(username="colleague", is_staff=True)
    assert log_in(client, username="colleague")[1]  # the address has one failure, not six


def test_failed_logins_count_in_redis_and_successes_give_theirs_back(redis_store, client, staff_singburi):  # noqa: F811
    redis_client, prefix = redis_store
    assert log_in(client)[1]
    assert set(counters(redis_client, prefix, scope="login").values()) == {0}
    assert set(counters(redis_client, prefix, scope="login_address").values()) == {0}
    log_in(client, password="wrong")
    assert list(counters(redis_client, prefix, scope="login").values()) == [1]
    assert list(counters(redis_client, prefix, scope="login_address").values()) == [1]
    assert "staff-singburi" not in str(counters(redis_client, prefix, scope="login"))


# --- Meeting registrations ------------------------------------------------------------------------


def register(client, meeting, **data):
    return client.post(meeting.get_absolute_url(), data)


def test_registrations_refused_by_validation_do_not_count(client, singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": (2, 600)}
    meeting = MeetingFactory(office=singburi, registration_open=True, capacity=None)
    for _ in range(3):
        assert register(client, meeting, name="ครูสมศรี", email="not-an-address").status_code == 400
    assert register(client, meeting, name="ครูสมศรี", email="somsri@example.org").status_code == 302
    # The same person again: refused by the service, and not counted either.
    assert register(client, meeting, name="ครูสมศรี", email="somsri@example.org").status_code == 400
    assert register(client, meeting, name="ครูสมชาย", email="somchai@example.org").status_code == 302
    assert register(client, meeting, name="ครูสมหญิง", email="somying@example.org").status_code == 429
    assert Registration.objects.filter(meeting=meeting).count() == 2


def test_a_refused_registration_says_the_real_wait(client, singburi, settings, wait_840):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": (1, 600)}
    meeting = MeetingFactory(office=singburi, registration_open=True, capacity=None)
    register(client, meeting, name="หนึ่ง", email="one@example.org")
    with translation.override("en"):
        english = meeting.get_absolute_url()
    response = client.post(english, {"name": "Two", "email": "two@example.org"})
    assert response.status_code == 429 and response["Retry-After"] == "840"
    html = response.content.decode()
    assert "try again in 14 minutes" in html and 'value="Two"' in html


# --- Tracking look-ups ----------------------------------------------------------------------------


def test_following_ones_own_feedback_does_not_count(client, singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": (2, 600)}
    feedback = FeedbackFactory(office=singburi)
    for _ in range(5):
        assert client.get(feedback.get_tracking_url()).status_code == 200
    for _ in range(2):
        assert client.get("/track/ZZZZZZZZZZZZZZZZ/").status_code == 404
    assert client.get("/track/ZZZZZZZZZZZZZZZZ/").status_code == 429
    assert client.get(feedback.get_tracking_url()).status_code == 429  # held back, as any look-up


def test_a_refused_look_up_says_the_real_wait(client, singburi, settings, wait_840):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "track": (1, 600)}
    client.get("/track/ZZZZZZZZZZZZZZZZ/")
    response = client.get("/en/track/ZZZZZZZZZZZZZZZZ/")
    assert response.status_code == 429 and response["Retry-After"] == "840"
    assert "Try again in 14 minutes." in response.content.decode()


# --- Defaults -------------------------------------------------------------------------------------


def test_default_limits_leave_room_for_a_shared_address():
    limits = settings_under({"DEBUG": ""}, "RATE_LIMITS")["RATE_LIMITS"]
    assert limits["feedback"][0] >= 30  # a class sending its opinions from the school's network
    assert limits["register"][0] >= 30  # a school registering its teachers for a seminar
    assert limits["login_address"][0] > limits["login"][0]  # a school's staff, one of them mistyping
    assert limits["receipt"][0] <= 5  # per e-mail address: one person, held close


def test_an_account_is_counted_whatever_the_case_of_its_name(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 900)}
    get_user_model().objects.create_user(username="somsri", password=PASSWORD, is_staff=True)
    log_in(client, username="Somsri", password="wrong")
    log_in(client, username="SOMSRI", password="wrong")
    assert log_in(client, username="somsri")[0].status_code == 429
