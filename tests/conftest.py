"""Persona fixtures shared by the whole suite.

citizen              anyone, not logged in
staff_singburi       staff of the Sing Buri office
director_singburi    director of the Sing Buri office
staff_other_office   staff of Chai Nat, who must see nothing of Sing Buri's that is not public
site_admin           a superuser
"""

import datetime
import os
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from announcements import services as announcement_services
from participation import ratelimit
from participation.cycle import services as cycle_services
from participation.feedback import services as feedback_services
from participation.hearings import services as hearing_services
from participation.hearings.models import Hearing, HearingComment, HearingTheme
from participation.meetings import services as meeting_services
from participation.models import OfficeMembership
from participation.network.models import NetworkMember
from participation.notifications import services as notification_services
from participation.notifications.models import Notification, Subscription
from participation.surveys import services as survey_services
from tests.factories import MembershipFactory, OfficeFactory, StakeholderGroupFactory, UserFactory
from tests.groups.helpers import make_groups
from tests.helpers import pdf, photo

PERSONAS = ["citizen", "staff_singburi", "director_singburi", "staff_other_office", "site_admin"]


def make_singburi():
    """The Sing Buri office, with a stakeholder group."""
    singburi = OfficeFactory(
        slug="singburi",
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี",
        name_en="Sing Buri Primary Educational Service Area Office",
        short_name_th="สพป.สิงห์บุรี",
        short_name_en="Sing Buri PESAO",
        director_name="ดร.พิเชฐร์ วันทอง",
    )
    StakeholderGroupFactory(office=singburi, name="เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี", name_en="Sing Buri media network")
    return singburi


def make_chainat():
    """The Chai Nat office, with a stakeholder group."""
    chainat = OfficeFactory(
        slug="chainat",
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาชัยนาท",
        name_en="Chai Nat Primary Educational Service Area Office",
    )
    StakeholderGroupFactory(office=chainat, name="ผู้ปกครองนักเรียนชัยนาท", name_en="Chai Nat parents")
    return chainat


def make_persona(name: str, *, singburi, chainat):
    """The user behind a persona (None for the citizen)."""
    role = OfficeMembership.Role
    if name == "staff_singburi":
        return MembershipFactory(
            user=UserFactory(username="staff-singburi", is_staff=True), office=singburi, role=role.STAFF
        ).user
    if name == "director_singburi":
        return MembershipFactory(
            user=UserFactory(username="director-singburi", is_staff=True), office=singburi, role=role.DIRECTOR
        ).user
    if name == "staff_other_office":
        return MembershipFactory(
            user=UserFactory(username="staff-chainat", is_staff=True), office=chainat, role=role.STAFF
        ).user
    if name == "site_admin":
        return UserFactory(username="site-admin", is_staff=True, is_superuser=True)
    return None


# The real Redis of this machine (database 15) for the tests that need it; see `redis_store`.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_store(settings):
    """The default cache on Redis; yields the raw client and the prefix of this test's keys."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but Redis does not answer at {REDIS_URL}: {error}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    # Workers of one test run share the database: each test keeps to its own prefix.
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    yield client, prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def singburi(db):
    return make_singburi()


@pytest.fixture
def chainat(db):
    return make_chainat()


@pytest.fixture
def staff_singburi(singburi):
    return make_persona("staff_singburi", singburi=singburi, chainat=None)


@pytest.fixture
def director_singburi(singburi):
    return make_persona("director_singburi", singburi=singburi, chainat=None)


@pytest.fixture
def staff_other_office(chainat):
    return make_persona("staff_other_office", singburi=None, chainat=chainat)


@pytest.fixture
def site_admin(db):
    return make_persona("site_admin", singburi=None, chainat=None)


@pytest.fixture
def citizen():
    return None


@pytest.fixture
def client_for(request, singburi, chainat):
    """client_for("staff_singburi") → a test client logged in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        user = request.getfixturevalue(persona)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def no_random_housekeeping(monkeypatch):
    """The rate limiter clears old counters on one request in a hundred, at random: an extra query that
    would make a query count fail now and then. Tests of that clean-up set the chance themselves."""
    monkeypatch.setattr(ratelimit, "HOUSEKEEPING_CHANCE", 0)


@pytest.fixture
def world(singburi, chainat, staff_singburi, staff_other_office):
    """Records of two offices in every state, with real files; ids by name for URL templates."""
    return build_world(singburi, chainat, staff_singburi, staff_other_office)


def build_world(singburi, chainat, staff_singburi, staff_other_office) -> dict:
    """Announcements of two offices in each state, with real files; ids by name for URL templates."""

    def make(office, author, *, publish, **data):
        data = {"kind": "news", "subject": "ข่าว", "body": "เนื้อหา", **data}
        announcement = announcement_services.announcement_create(
            office=office, actor=author, data=data, files=[pdf(), photo()], cover=photo()
        )
        if publish:
            announcement_services.announcement_publish(announcement=announcement, actor=author)
        return announcement

    published = make(singburi, staff_singburi, publish=True, subject="ข่าวที่เผยแพร่แล้ว", cover_alt="ภาพ")
    draft = make(singburi, staff_singburi, publish=False, subject="ร่างข่าวสิงห์บุรี", cover_alt="ภาพ")
    other_draft = make(chainat, staff_other_office, publish=False, subject="ร่างข่าวชัยนาท", cover_alt="ภาพ")
    other_published = make(chainat, staff_other_office, publish=True, subject="ข่าวชัยนาท", cover_alt="ภาพ")
    files = {a.pk: {x.kind: x.pk for x in a.attachments.all()} for a in [published, draft, other_draft]}
    meetings = make_meetings(singburi, chainat, staff_singburi, staff_other_office)
    feedback = make_feedback(singburi)
    hearings = make_hearings(singburi, chainat, staff_singburi, staff_other_office)
    surveys = make_surveys(singburi, chainat, staff_singburi, staff_other_office)
    groups = make_groups(singburi, chainat, staff_singburi, staff_other_office)
    cycle_services.plan_create(office=singburi, fiscal_year=2568, actor=staff_singburi)
    subscription = Subscription.objects.create(office=singburi, email="reader@example.org", topics=" announcements ")
    notice = Notification.objects.create(
        recipient=staff_singburi, office=singburi, kind="feedback_assigned", subject="ABCD", url="/", batch="world"
    )
    return {
        "notice": notice.pk,
        "sub_confirm": notification_services.confirm_token(subscription, ["announcements"]),
        "sub_stop": notification_services.stop_token(subscription),
        "year": 2568,
        **meetings,
        **feedback,
        **hearings,
        **surveys,
        **groups,
        "pub": published.pk,
        "draft": draft.pk,
        "other_draft": other_draft.pk,
        "other_pub": other_published.pk,
        "pdf": files[published.pk]["document"],
        "photo": files[published.pk]["image"],
        "draft_pdf": files[draft.pk]["document"],
        "other_pdf": files[other_draft.pk]["document"],
    }


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Thai: a request to an /en/ page leaves English active in the process."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with the production hasher costs a third of a second a user; tests do not need its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_meetings(singburi, chainat, staff_singburi, staff_other_office):
    """A public and an internal meeting of Sing Buri, an internal one of Chai Nat; ids by name."""
    start = timezone.now() + datetime.timedelta(days=7)

    def meeting(office, author, title, *, public):
        data = {"title": title, "starts_at": start, "ends_at": start + datetime.timedelta(hours=3), "is_public": public}
        item = meeting_services.meeting_create(
            office=office, actor=author, data=data, invited_groups=office.stakeholder_groups.all()
        )
        meeting_services.meeting_add_files(meeting=item, actor=author, files=[photo()])
        action = meeting_services.follow_up_save(
            meeting=item, actor=author, action=None, data={"description": "ติดตามผล"}
        )
        return item, item.files.get().pk, action.pk

    public, public_file, public_action = meeting(singburi, staff_singburi, "สัมมนาภาคีเครือข่าย", public=True)
    internal, internal_file, _ = meeting(singburi, staff_singburi, "ประชุมภายใน", public=False)
    other, other_file, _ = meeting(chainat, staff_other_office, "ประชุมชัยนาท", public=False)
    group = singburi.stakeholder_groups.first()
    member = NetworkMember.objects.create(office=singburi, group=group, name="นายทดสอบ", phone="0800000000")
    return {
        "group": group.pk,
        "member": member.pk,
        "mtg": public.pk,
        "mtg_file": public_file,
        "mtg_action": public_action,
        "internal": internal.pk,
        "internal_file": internal_file,
        "other_mtg": other.pk,
        "other_mtg_file": other_file,
    }


def make_hearings(singburi, chainat, staff_singburi, staff_other_office):
    """Hearings of Sing Buri in each state (an open one with a document and a comment waiting, a draft
    with a document, a closed one with a theme, a reported one) and a draft of Chai Nat; ids by name."""
    now = timezone.now()
    day = datetime.timedelta(days=1)

    def hearing(office, author, title, *, status, opens, closes, documents=True):
        data = {"title": title, "purpose": "รับฟังความคิดเห็น", "draft": "## หมวด 1\nข้อความ", "opens_at": opens}
        data["closes_at"] = closes
        item = hearing_services.hearing_create(office=office, actor=author, data=data)
        if documents:
            hearing_services.hearing_add_documents(hearing=item, actor=author, files=[pdf()])
        Hearing.objects.filter(pk=item.pk).update(status=status)
        item.refresh_from_db()
        return item

    public = hearing(singburi, staff_singburi, "ร่างแผนเปิดรับฟัง", status="open", opens=now - day, closes=now + 20 * day)
    draft = hearing(singburi, staff_singburi, "ร่างแผนฉบับร่าง", status="draft", opens=now + day, closes=now + 20 * day)
    closed = hearing(
        singburi,
        staff_singburi,
        "ร่างแผนปิดแล้ว",
        status="closed",
        opens=now - 30 * day,
        closes=now - day,
        documents=False,
    )
    reported = hearing(
        singburi, staff_singburi, "ร่างแผนมีรายงาน", status="reported", opens=now - 40 * day, closes=now - 20 * day
    )
    other = hearing(chainat, staff_other_office, "ร่างแผนชัยนาท", status="draft", opens=now + day, closes=now + 20 * day)
    waiting = HearingComment.objects.create(hearing=public, body="ความเห็นรอตรวจ", section=public.sections.first())
    theme = HearingTheme.objects.create(hearing=closed, title="ประเด็นที่หนึ่ง")
    heard = HearingComment.objects.create(hearing=closed, body="ความเห็นที่ได้รับ", status="published")
    return {
        "hrg": public.pk,
        "hrg_file": public.documents.get().pk,
        "hrg_comment": waiting.pk,
        "hrg_draft": draft.pk,
        "hrg_draft_file": draft.documents.get().pk,
        "hrg_closed": closed.pk,
        "hrg_closed_comment": heard.pk,
        "hrg_theme": theme.pk,
        "hrg_reported": reported.pk,
        "other_hrg": other.pk,
        "other_hrg_file": other.documents.get().pk,
    }


def make_surveys(singburi, chainat, staff_singburi, staff_other_office):
    """Sing Buri's surveys in each state (open with an answer, draft, results published) and an open
    one of Chai Nat; ids by name."""

    def survey(office, author, title, *, state):
        item = survey_services.survey_create(office=office, actor=author, data={"title": title})
        section = item.sections.get()
        questions = [
            survey_services.question_save(
                survey=item,
                actor=author,
                question=None,
                section=section,
                data={"kind": kind, "text": text, "choices": choices},
            )
            for kind, text, choices in [
                ("rating", "พอใจเพียงใด", ["น้อย", "ปานกลาง", "มาก"]),
                ("long_text", "ข้อเสนอแนะ", []),
            ]
        ]
        if state != "draft":
            item = survey_services.survey_open(survey=item, actor=author)
            survey_services.response_submit(
                survey=item,
                answers={questions[0].pk: 3, questions[1].pk: "ดี"},
                group=None,
                token=uuid.uuid4(),
                device="device",
            )
        if state == "published":
            item = survey_services.survey_close(survey=item, actor=author)
            item = survey_services.survey_publish_results(survey=item, actor=author)
        return item, section, questions

    open_survey, _section, open_questions = survey(singburi, staff_singburi, "แบบสำรวจที่เปิดอยู่", state="open")
    draft, draft_section, draft_questions = survey(singburi, staff_singburi, "ร่างแบบสำรวจ", state="draft")
    published, _section, _questions = survey(singburi, staff_singburi, "ผลแบบสำรวจ", state="published")
    other, _section, _questions = survey(chainat, staff_other_office, "แบบสำรวจชัยนาท", state="open")
    return {
        "svy": open_survey.pk,
        "svy_text": open_questions[1].pk,
        "svy_draft": draft.pk,
        "svy_section": draft_section.pk,
        "svy_q": draft_questions[0].pk,
        "svy_pub": published.pk,
        "other_svy": other.pk,
    }


def make_feedback(singburi):
    """An ordinary piece of feedback and a report of misconduct to Sing Buri, each with a picture."""

    def send(kind, subject):
        data = {"kind": kind, "subject": subject, "message": f"{subject}: รายละเอียด", "name": "ผู้ส่ง"}
        item, _created = feedback_services.feedback_submit(office=singburi, data=data, files=[photo()])
        return item

    ordinary = send("complaint", "ร้องเรียนเรื่องถนน")
    report = send("misconduct", "แจ้งเบาะแสการทุจริต")
    return {
        "fb": ordinary.pk,
        "fb_code": ordinary.tracking_code,
        "fb_file": ordinary.files.get().pk,
        "report": report.pk,
        "report_file": report.files.get().pk,
    }


@pytest.fixture
def run_tasks(monkeypatch):
    """Run what requests queued, with the real worker; it must not close the test's database connection."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run():
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        failed = DBTaskResult.objects.failed()
        assert not failed.exists(), [result.exception_class_path for result in failed]

    return run
