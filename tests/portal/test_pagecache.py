"""The page cache: anonymous public pages come from the shared cache, and are never stale.

Most tests use a local-memory cache, where a page from the cache runs no query at all; one class
runs against the real Redis of this machine (REDIS_URL), as production does.
"""

import datetime
import gzip
import os
import uuid

import brotli
import pytest
import zstandard
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from announcements import services as announcement_services
from participation import freshness
from participation.cycle import services as cycle_services
from participation.feedback import services as feedback_services
from tests.cycle.helpers import PLAN, SUMMARY, summary_text
from tests.factories import AnnouncementFactory, FeedbackFactory, MeetingFactory
from tests.helpers import FY

pytestmark = pytest.mark.django_db

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture(autouse=True)
def local_memory_cache():
    with override_settings(CACHES=LOCAL_MEMORY):
        cache.clear()
        yield
        cache.clear()


def queries_of(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


class TestServedFromTheCache:
    def test_a_second_anonymous_request_runs_no_query(self, client, singburi):
        first, rendering = queries_of(client, "/singburi/")
        second, cached = queries_of(client, "/singburi/")
        assert first.status_code == second.status_code == 200
        assert rendering > 0 and cached == 0
        assert second.content == first.content

    def test_public_pages_can_be_revalidated(self, client, singburi):
        response = client.get("/singburi/")
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
        assert response["ETag"] and response["Last-Modified"]
        again = client.get("/singburi/", headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304 and not again.content

    def test_languages_are_kept_apart(self, client, singburi):
        thai = client.get("/singburi/")
        english = client.get("/en/singburi/")
        assert thai.content != english.content
        assert english["Content-Language"] == "en" and client.get("/singburi/")["Content-Language"] == "th"

    @pytest.mark.parametrize(
        ("accept", "encoding", "decompress"),
        [
            ("br", "br", brotli.decompress),
            ("gzip", "gzip", gzip.decompress),
            ("zstd", "zstd", lambda body: zstandard.ZstdDecompressor().decompress(body, max_output_size=10**7)),
        ],
    )
    def test_pages_are_compressed_as_the_client_accepts(self, client, singburi, accept, encoding, decompress):
        plain = client.get("/singburi/").content
        for _ in range(2):  # rendered, then from the cache
            response = client.get("/singburi/", headers={"accept-encoding": accept})
            assert response["Content-Encoding"] == encoding
            assert decompress(response.content) == plain
            assert "Accept-Encoding" in response["Vary"]

    def test_downloads_are_not_compressed_again(self, client, singburi):
        response = client.get("/singburi/feedback/stats.csv", headers={"accept-encoding": "br"})
        assert response.status_code == 200 and response["Content-Encoding"] == "br"
        robots = client.get("/robots.txt", headers={"accept-encoding": "br"})
        assert "Content-Encoding" not in robots  # too small to be worth it

    def test_a_new_release_never_serves_the_old_ones_pages(self, client, singburi, settings):
        client.get("/singburi/")
        settings.RELEASE = "next-release"
        freshness.release.cache_clear()
        try:
            _response, count = queries_of(client, "/singburi/")
        finally:
            freshness.release.cache_clear()
        assert count > 0  # rendered by the new release, not read from the old one's

    def test_without_a_name_the_release_is_a_digest_of_the_project(self, settings):
        settings.RELEASE = ""
        freshness.release.cache_clear()
        try:
            assert len(freshness.release()) == 16
        finally:
            freshness.release.cache_clear()


class TestNeverShared:
    def test_signed_in_staff_get_their_own_page(self, client, singburi, staff_singburi):
        client.get("/singburi/")  # cached for the public
        client.force_login(staff_singburi)
        response, count = queries_of(client, "/singburi/")
        assert count > 0
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_a_page_with_a_waiting_message_is_not_from_the_cache(self, client, singburi):
        client.get("/singburi/")
        client.cookies["messages"] = "anything"
        _response, count = queries_of(client, "/singburi/")
        assert count > 0

    def test_a_form_with_a_csrf_token_is_never_stored(self, client, singburi):
        form = client.get("/singburi/feedback/new/")
        assert form.status_code == 200 and "private" in form["Cache-Control"]
        # The form keeps its rendering in the cache (participation.feedback.views.public), never its tokens.
        again = client.get("/singburi/feedback/new/")
        assert "private" in again["Cache-Control"] and again.content != form.content

    def test_pages_not_registered_are_private(self, client, singburi):
        response = client.get("/track/")
        assert response.status_code == 200 and "private" in response["Cache-Control"]

    def test_a_cache_that_keeps_nothing_costs_nothing(self, client, singburi):
        """With a dummy cache no version is made for pages that would never be kept: the page's own
        queries only, as with the page cache turned off."""
        with override_settings(PAGE_CACHE_SECONDS=0):
            _, without = queries_of(client, "/singburi/")
        dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        with override_settings(CACHES=dummy):
            response, dummied = queries_of(client, "/singburi/")
        assert response.status_code == 200 and "private" in response["Cache-Control"]
        assert dummied == without


class TestNeverStale:
    """What staff do shows on the very next public request."""

    def test_a_publication(self, client, singburi, staff_singburi):
        draft = AnnouncementFactory(office=singburi, subject="ประกาศรับฟังความคิดเห็นโครงการใหม่")
        assert draft.subject not in client.get("/singburi/announcements/").content.decode()
        assert draft.subject not in client.get("/").content.decode()
        announcement_services.announcement_publish(announcement=draft, actor=staff_singburi)
        assert draft.subject in client.get("/singburi/announcements/").content.decode()
        assert draft.subject in client.get("/").content.decode()  # the national page too

    def test_an_answer(self, client, singburi, staff_singburi):
        feedback = FeedbackFactory(office=singburi)
        before = client.get("/singburi/feedback/").content.decode()
        feedback_services.feedback_respond(
            feedback=feedback, actor=staff_singburi, answer="ซ่อมไฟถนนหน้าโรงเรียนแล้ว", public=True
        )
        assert "ซ่อมไฟถนนหน้าโรงเรียนแล้ว" not in before
        assert "ซ่อมไฟถนนหน้าโรงเรียนแล้ว" in client.get("/singburi/feedback/").content.decode()

    def test_an_approval(self, client, singburi, staff_singburi, director_singburi):
        plan = cycle_services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
        cycle_services.summary_save(summary=plan.summary, actor=staff_singburi, data=summary_text())
        cycle_services.summary_submit(summary=plan.summary, actor=staff_singburi)
        assert SUMMARY not in client.get(PLAN).content.decode()
        plan.summary.refresh_from_db()
        cycle_services.summary_approve(
            summary=plan.summary, actor=director_singburi, name="ดร.พิเชฐร์ วันทอง", position="ผู้อำนวยการ"
        )
        assert SUMMARY in client.get(PLAN).content.decode()

    def test_after_the_commit_too(self, client, singburi, staff_singburi, django_capture_on_commit_callbacks):
        """A page rendered by another request between the write and its commit is not kept."""
        draft = AnnouncementFactory(office=singburi, subject="ประกาศฉบับที่ต้องเห็น")
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            announcement_services.announcement_publish(announcement=draft, actor=staff_singburi)
            stale_token = freshness.versions(freshness.office_scope("singburi"))
        for callback in callbacks:
            callback()
        assert freshness.versions(freshness.office_scope("singburi")) != stale_token

    def test_a_scheduled_announcement_appears_on_time(self, client, singburi, staff_singburi, monkeypatch):
        draft = AnnouncementFactory(office=singburi, subject="ประกาศที่ตั้งเวลาไว้")
        at = timezone.now() + datetime.timedelta(minutes=30)
        announcement_services.announcement_publish(announcement=draft, actor=staff_singburi, at=at)
        assert draft.subject not in client.get("/singburi/announcements/").content.decode()
        later = at + datetime.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert draft.subject in client.get("/singburi/announcements/").content.decode()

    def test_a_meeting_moves_to_the_past_when_it_ends(self, client, singburi, monkeypatch):
        meeting = MeetingFactory(office=singburi, title="เวทีรับฟังความเห็นที่กำลังจะจบ")
        page = client.get("/singburi/meetings/").content.decode()
        assert meeting.title in page
        later = meeting.ends_at + datetime.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        _response, count = queries_of(client, "/singburi/meetings/")
        assert count > 0  # rendered again, not served from before

    def test_the_home_follows_every_office_and_the_clock(self, client, singburi, chainat, staff_singburi, monkeypatch):
        """The home shows every office's activity: a write anywhere and a scheduled moment anywhere
        replace it, and the office finder's answers are kept as pages of their own."""
        for url in ("/", "/?office=ชัยนาท", "/?province=x"):
            client.get(url)
            assert queries_of(client, url)[1] == 0, url  # kept
        meeting = MeetingFactory(office=chainat, title="เวทีรับฟังของชัยนาท")
        assert meeting.title in client.get("/").content.decode()
        assert meeting.title in client.get("/?office=ชัยนาท").content.decode()
        draft = AnnouncementFactory(office=singburi, subject="ประกาศที่ตั้งเวลาไว้ล่วงหน้า")
        at = timezone.now() + datetime.timedelta(minutes=30)
        announcement_services.announcement_publish(announcement=draft, actor=staff_singburi, at=at)
        assert draft.subject not in client.get("/").content.decode()
        later = at + datetime.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert draft.subject in client.get("/").content.decode()
        after_the_meeting = meeting.ends_at + datetime.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: after_the_meeting)
        assert meeting.title not in client.get("/").content.decode()

    def test_a_new_message_leaves_the_pages_alone(self, client, singburi):
        client.get("/singburi/")
        feedback_services.feedback_submit(
            office=singburi, data={"kind": "complaint", "subject": "ถนน", "message": "ถนนชำรุด"}, files=[]
        )
        _response, count = queries_of(client, "/singburi/")
        assert count == 0

    def test_an_office_change_reaches_every_page(self, client, singburi):
        client.get("/singburi/")
        singburi.name_th = "สำนักงานเขตพื้นที่การศึกษาสิงห์บุรี (ชื่อใหม่)"
        singburi.save()
        assert "(ชื่อใหม่)" in client.get("/singburi/").content.decode()

    def test_searches_are_kept_and_find_what_was_just_published(self, client, singburi, staff_singburi):
        """A search's page comes from the cache the second time; a publication shows in it at once,
        in the office's search and in the national one."""
        AnnouncementFactory(office=singburi, subject="ประกาศรับสมัครครูผู้ช่วย", published=True)
        draft = AnnouncementFactory(office=singburi, subject="ประกาศรับสมัครครูอัตราจ้าง")
        for url in ("/singburi/search/?q=รับสมัครครู", "/search/?q=รับสมัครครู"):
            first, rendering = queries_of(client, url)
            second, cached = queries_of(client, url)
            assert first.status_code == 200 and rendering > 0 and cached == 0
            assert "ครูผู้ช่วย" in second.content.decode() and "อัตราจ้าง" not in second.content.decode()
        announcement_services.announcement_publish(announcement=draft, actor=staff_singburi)
        for url in ("/singburi/search/?q=รับสมัครครู", "/search/?q=รับสมัครครู"):
            assert "อัตราจ้าง" in client.get(url).content.decode()

    def test_the_data_pages_are_kept_and_follow_the_offices(self, client, singburi):
        for url in ("/data/", "/data/singburi/"):
            first, rendering = queries_of(client, url)
            second, cached = queries_of(client, url)
            assert first.status_code == 200 and rendering > 0 and cached == 0
        singburi.name_th = "สำนักงานเขตพื้นที่การศึกษาสิงห์บุรี (ชื่อใหม่)"
        singburi.save()
        assert "(ชื่อใหม่)" in client.get("/data/").content.decode()
        assert "(ชื่อใหม่)" in client.get("/data/singburi/").content.decode()


def redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


class TestOnRedis:
    """The same cache on the real Redis, as in production."""

    @pytest.fixture(autouse=True)
    def redis_cache(self, local_memory_cache):
        if not redis_reachable():
            if os.environ.get("REQUIRE_REDIS") == "1":
                pytest.fail(f"REQUIRE_REDIS=1 but Redis does not answer at {REDIS_URL}")
            pytest.skip(f"Redis does not answer at {REDIS_URL}")
        # A prefix of its own instead of FLUSHDB: other test processes share this Redis.
        prefix = f"test-{uuid.uuid4().hex}"
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
                "TIMEOUT": 60,
            }
        }
        with override_settings(CACHES=caches):
            yield
            cache.delete_many([key.decode().split(":", 2)[2] for key in cache._cache.get_client().keys(f"{prefix}:*")])

    def test_served_and_replaced(self, client, singburi, staff_singburi):
        draft = AnnouncementFactory(office=singburi, subject="ข่าวบน Redis")
        client.get("/singburi/announcements/")
        _response, count = queries_of(client, "/singburi/announcements/", **{"accept-encoding": "br"})
        _response, cached = queries_of(client, "/singburi/announcements/", **{"accept-encoding": "br"})
        assert count > 0 and cached == 0
        announcement_services.announcement_publish(announcement=draft, actor=staff_singburi)
        assert draft.subject in client.get("/singburi/announcements/").content.decode()


def test_static_files_are_precompressed_with_brotli_too(tmp_path):
    """collectstatic (CompressedManifestStaticFilesStorage) writes .br beside .gz for whitenoise to serve."""
    from whitenoise.compress import Compressor

    stylesheet = tmp_path / "site.css"
    stylesheet.write_text("body { color: #212529; }\n" * 200)
    compressed = list(Compressor(quiet=True).compress(str(stylesheet)))
    assert {path.rsplit(".", 1)[1] for path in compressed} == {"br", "gz"}


class TestWithoutItsCache:
    """A cache that cannot be reached costs speed, never a page or a write."""

    @pytest.fixture(autouse=True)
    def unreachable_redis(self, local_memory_cache):
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
                "OPTIONS": {"socket_connect_timeout": 0.2},
            }
        }
        with override_settings(CACHES=caches):
            yield

    def test_pages_are_rendered_and_writes_go_through(self, client, singburi, staff_singburi, caplog):
        draft = AnnouncementFactory(office=singburi, subject="ประกาศเมื่อแคชล่ม")
        announcement_services.announcement_publish(announcement=draft, actor=staff_singburi)
        response = client.get("/singburi/announcements/")
        assert response.status_code == 200 and draft.subject in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert "page cache" in caplog.text
