"""What the hostile campaign of the reliability issue found, kept found: odd numbers in addresses and
forms, look-alike user names, made-up query strings filling the page cache."""

import pytest
from django.core.cache import cache
from django.test import Client

from participation import freshness
from participation.feedback.models import Feedback
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/singburi/announcements/?page=99999999999999999999999999",
        "/singburi/meetings/?page=99999999999999999999999999",
        "/singburi/feedback/?page=99999999999999999999",
        "/singburi/announcements/?page=๒",
    ],
)
def test_a_page_number_far_past_the_end_is_not_found(path, singburi):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code in (200, 404)
    assert response.status_code == (200 if path.endswith("๒") else 404)


def test_the_staff_inbox_takes_a_huge_page_number(client_for, singburi):
    response = client_for("staff_singburi").get("/manage/singburi/feedback/?page=99999999999999999999999")
    assert response.status_code == 404


@pytest.mark.parametrize("about", ["meeting:²", "announcement:①", "plan:¹", "meeting:99999999999999999999999"])
def test_digits_that_are_not_ascii_in_a_topic(about, singburi):
    response = Client(raise_request_exception=False).get(f"/singburi/feedback/new/?about={about}")
    assert response.status_code == 200


def test_bulk_actions_with_odd_ids(client_for, singburi):
    feedback = FeedbackFactory(office=singburi)
    staff = client_for("staff_singburi")
    for ids in (["²"], ["99999999999999999999999"], ["-1"], [str(feedback.pk), "๓"]):
        response = staff.post("/manage/singburi/feedback/bulk/", {"action": "close", "ids": ids})
        assert response.status_code == 302
    assert Feedback.objects.filter(pk=feedback.pk).exists()


def test_a_look_alike_user_name_shares_the_accounts_login_limit(client, singburi, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 900)}
    from tests.factories import UserFactory

    UserFactory(username="loei1-director", password="the-right-password")
    for _n in range(2):
        client.post("/accounts/login/", {"username": "loei1-director", "password": "wrong"})
    # The full-width "ｌ" is the same account to the login form (NFKC): it is refused too.
    response = client.post("/accounts/login/", {"username": "ｌoei1-director", "password": "the-right-password"})
    assert response.status_code == 429


def test_made_up_query_strings_are_not_kept_in_the_page_cache(singburi, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    visitor = Client()
    kept = []
    original = freshness.keep_page

    def counting(key, page, timeout):
        kept.append(key)
        return original(key, page, timeout)

    freshness.keep_page = counting
    try:
        for n in range(5):
            assert visitor.get(f"/singburi/meetings/?junk={n}").status_code == 200
        assert visitor.get("/singburi/meetings/?year=" + "9" * 200).status_code == 200
        assert kept == []
        assert visitor.get("/singburi/meetings/?year=2569").status_code == 200
        assert visitor.get("/singburi/meetings/").status_code == 200
        assert len(kept) == 2
    finally:
        freshness.keep_page = original
        cache.clear()
