"""The relevance set: Thai and English queries, the records each must find and must not find."""

import datetime
import math
import time

import pytest
from django.db import connection
from django.utils import timezone

from participation import searchindexes, searching
from participation.fiscal import current_fiscal_year
from participation.permissions import standing

pytestmark = pytest.mark.django_db


def found(query_text, scope=None) -> set[tuple[str, int]]:
    query = searching.parse_query(query_text)
    scope = scope or searching.Scope()
    result = set()
    for registered in searching.sources(staff=scope.standing is not None):
        hits = searching.candidates(registered, query, scope)
        result.update((registered.key, pk) for pk, _title in hits)
    return result


# (query, must find, must not find) — names of the corpus in conftest.py.
PUBLIC_CASES = [
    ("ภาคีเครือข่าย", {"plan", "seminar"}, {"draft", "internal"}),
    ("แผนการมีส่วนร่วม", {"plan"}, {"thai_numerals"}),
    ("แผนพัฒนาการศึกษา", {"plan"}, set()),  # inside Markdown bold
    ("การศึกษา", {"plan", "seminar"}, set()),
    ("ต่างๆ", {"plan"}, set()),  # stored as "ต่าง ๆ"
    ("ต่าง ๆ", {"plan"}, set()),
    ("12/2568", {"plan"}, set()),
    ("๑๒/๒๕๖๘", {"plan"}, set()),  # Thai digits find Arabic ones
    ("3/2568", {"thai_numerals"}, set()),  # Arabic digits find Thai ones
    ("๒๕๖๘", {"thai_numerals", "plan"}, set()),
    ("9 กันยายน", {"thai_numerals"}, set()),
    ("โรงเรียน\u200bสุจริต", {"zero_width"}, set()),  # a zero-width space typed in
    ("  โรงเรียน   สุจริต  ", {"zero_width"}, set()),
    ("hearing on the education plan", {"hearing"}, set()),
    ("EDUCATION PLAN", {"hearing"}, set()),  # Latin case ignored
    ("Public Hearing", {"hearing"}, set()),
    ("teachers parents", {"hearing"}, set()),
    ("sing buri office", {"hearing", "office_singburi"}, set()),
    ("integrity pledge", {"pledge"}, set()),
    ("MOU", {"pledge"}, set()),
    ("100%", {"wildcards"}, set()),
    ("50%", {"wildcards"}, {"plan", "hearing"}),
    ("%", set(), {"plan", "hearing", "seminar"}),  # a wildcard alone is a character, never "everything"
    ("_", set(), {"plan", "hearing", "seminar"}),
    ("ครู_ผู้ช่วย", {"wildcards"}, set()),
    ("C:\\reports", {"wildcards"}, set()),
    ("ITA", {"seminar"}, set()),
    ("คุณธรรมและความโปร่งใส", {"seminar"}, set()),  # in the minutes
    ("คณะทำงานติดตามผล", {"seminar"}, set()),  # in the outcomes
    ("คู่มือการรับเรื่องร้องเรียน", {"action"}, set()),
    ("ครุภัณฑ์ลับ", set(), {"internal_action"}),
    ("งบลับ", set(), {"draft", "other_draft"}),
    ("งบประมาณลับ", set(), {"internal", "other_internal"}),
    ("เครื่องแบบ", set(), {"withdrawn"}),
    ("ทุนการศึกษา", set(), {"scheduled"}),
    ("ถนนหน้าโรงเรียน", {"answer"}, set()),
    ("องค์การบริหารส่วนตำบล", {"answer"}, set()),  # in the published answer
    ("ครูสมศรี", set(), {"private_answer"}),
    ("ทุจริตจัดซื้อ", set(), {"misconduct"}),
    ("ทุนเรียนดี", set(), {"open"}),
    ("เวทีรับฟังความคิดเห็นครบทุกอำเภอ", {"summary"}, set()),
    ("เครือข่ายผู้ปกครอง", {"summary"}, set()),
    ("วิทยากร", set(), {"summary_draft"}),
    ("พิมพ์ใจ", set(), {"member"}),  # the network is never public
    ("สิงห์บุรี", {"office_singburi", "seminar"}, {"office_chainat"}),
    ("Chai Nat", {"office_chainat"}, {"office_singburi"}),
    ("ชัยนาท", {"office_chainat", "thai_numerals"}, set()),
    ("ธรรมาภิบาล", {"title_old", "body_only_new"}, set()),
    ("<script>alert(1)</script>", set(), {"plan"}),
    ("ไม่มีคำนี้ในระบบเลยแน่นอน", set(), {"plan", "seminar"}),
    # Hearings: opened ones and their published comments; never drafts, unpublished report texts or comments.
    ("คุณภาพผู้เรียน", {"hearing_open"}, set()),  # a Thai word of a hearing's title
    ("อ่านออกเขียนได้", {"hearing_open"}, set()),  # in the draft
    ("ผ้าทอ", {"other_hearing", "other_group"}, set()),
    ("ค่าธรรมเนียมหอพักลับ", set(), {"hearing_draft", "other_hearing_draft"}),
    ("สระว่ายน้ำ", set(), {"hearing_open"}),  # the report's summary, not yet published
    ("รถโรงเรียน", set(), {"hearing_open"}),  # the revised draft, not yet published
    ("ดนตรีไทย", {"comment"}, set()),
    ("manee@example", set(), {"comment"}),  # a commenter's e-mail address never
    ("รถรับส่งนักเรียน", set(), {"comment_pending"}),
    ("หยาบคาย", set(), {"comment_rejected"}),
    ("ร่างที่ยังไม่เปิด", set(), {"comment_on_draft"}),
    # Surveys: open, closed and published ones; results only once published.
    ("ความพึงพอใจ", {"survey_open"}, set()),  # a Thai word of a survey's title
    ("ห้านาที", {"survey_open"}, set()),  # in the introduction
    ("ห้องสมุด", {"survey_closed"}, set()),
    ("อาหารกลางวัน", {"survey_published"}, set()),
    ("ค่าตอบแทนลับ", set(), {"survey_draft", "other_survey_draft"}),
    ("ห้องน้ำนักเรียน", set(), {"results_unpublished", "survey_closed"}),
    ("รับสมัครออนไลน์", {"results"}, set()),
    # Working groups: public groups; members of public groups who agreed to be named, by name and position.
    ("เยาวชนสุจริต", {"group_public"}, set()),  # a Thai word of a group's name
    ("ตรวจสอบพัสดุ", set(), {"group_private"}),
    ("สมชาย", {"member_named"}, set()),
    ("ศิษย์เก่า", {"member_named"}, set()),
    ("somchai@example", set(), {"member_named"}),  # never an e-mail address
    ("0812345678", set(), {"member_named"}),  # never a phone number
    ("วิไลวรรณ", set(), {"member_unnamed"}),
    ("ประยงค์", set(), {"member_of_private"}),
    ("ลาออก", set(), {"member_left"}),
]


@pytest.mark.parametrize(("text", "must", "must_not"), PUBLIC_CASES, ids=[case[0] for case in PUBLIC_CASES])
def test_public_search(corpus, text, must, must_not):
    result = found(text)
    assert {corpus[name] for name in must} <= result
    assert not {corpus[name] for name in must_not} & result


def test_the_set_is_large_enough():
    assert len(PUBLIC_CASES) >= 40


def test_a_title_match_ranks_above_a_newer_body_match(corpus):
    query = searching.parse_query("ธรรมาภิบาล")
    ranked = searching.candidates(searching.source("announcements"), query, searching.Scope())
    order = [pk for pk, _title in ranked]
    assert order.index(corpus["title_old"][1]) < order.index(corpus["body_only_new"][1])


def test_one_office_and_a_province_narrow_the_search(corpus, singburi, chainat):
    assert corpus["thai_numerals"] not in found("ประกาศ", searching.Scope(office=singburi))
    assert corpus["thai_numerals"] in found("ประกาศ", searching.Scope(office=chainat))
    assert corpus["plan"] not in found("ประกาศ", searching.Scope(province="ชัยนาท"))
    assert corpus["plan"] in found("ประกาศ", searching.Scope(province="สิงห์บุรี"))


def test_a_fiscal_year_narrows_the_search(corpus):
    assert corpus["summary"] in found("เครือข่ายผู้ปกครอง")
    assert corpus["plan"] in found("ภาคีเครือข่าย", searching.Scope(fiscal_year=current_fiscal_year()))
    assert corpus["plan"] not in found("ภาคีเครือข่าย", searching.Scope(fiscal_year=2500))


STAFF_CASES = [
    # (persona, query, must find, must not find)
    ("staff_singburi", "งบลับ", {"draft"}, {"other_draft"}),
    ("staff_singburi", "งบประมาณลับ", {"internal"}, {"other_internal"}),
    ("staff_singburi", "ครุภัณฑ์ลับ", {"internal_action"}, set()),
    ("staff_singburi", "ครูสมศรี", {"private_answer"}, set()),
    ("staff_singburi", "ทุนเรียนดี", {"open"}, set()),
    ("staff_singburi", "ทุจริตจัดซื้อ", set(), {"misconduct"}),  # not a handler
    ("handler_singburi", "ทุจริตจัดซื้อ", {"misconduct"}, set()),
    ("director_singburi", "ทุจริตจัดซื้อ", {"misconduct"}, set()),
    ("staff_singburi", "พิมพ์ใจ", {"member"}, set()),
    ("staff_singburi", "วิทยากร", {"summary_draft"}, set()),
    ("staff_other_office", "งบลับ", {"other_draft"}, {"draft"}),
    ("staff_other_office", "พิมพ์ใจ", set(), {"member"}),
    ("staff_singburi", "ค่าธรรมเนียมหอพักลับ", {"hearing_draft"}, {"other_hearing_draft"}),
    ("staff_other_office", "ค่าธรรมเนียมหอพักลับ", {"other_hearing_draft"}, {"hearing_draft"}),
    ("staff_singburi", "รถรับส่งนักเรียน", {"comment_pending"}, set()),
    ("staff_singburi", "ค่าตอบแทนลับ", {"survey_draft"}, {"other_survey_draft"}),
    ("staff_other_office", "ค่าตอบแทนลับ", {"other_survey_draft"}, {"survey_draft"}),
    ("staff_singburi", "ห้องน้ำนักเรียน", {"results_unpublished"}, set()),
    ("staff_singburi", "ตรวจสอบพัสดุ", {"group_private"}, set()),
    ("staff_singburi", "วิไลวรรณ", {"member_unnamed"}, set()),
    ("staff_singburi", "somchai@example", set(), {"member_named"}),  # not even for staff
    ("staff_singburi", "0812345678", set(), {"member_named"}),
    ("staff_singburi", "ผ้าทอ", set(), {"other_hearing", "other_group"}),  # another office's records
    ("staff_other_office", "ตรวจสอบพัสดุ", set(), {"group_private"}),
]


@pytest.mark.parametrize(("persona", "text", "must", "must_not"), STAFF_CASES)
def test_staff_search(request, corpus, singburi, chainat, persona, text, must, must_not):
    user = request.getfixturevalue(persona)
    office = chainat if persona == "staff_other_office" else singburi
    scope = searching.Scope(office=office, standing=standing(user, office))
    result = found(text, scope)
    assert {corpus[name] for name in must} <= result
    assert not {corpus[name] for name in must_not} & result


def test_withdrawing_hides_at_once(corpus):
    from announcements.models import Announcement

    announcement = Announcement.objects.get(pk=corpus["plan"][1])
    assert corpus["plan"] in found("แผนการมีส่วนร่วม")
    announcement.status, announcement.withdrawn_at = Announcement.Status.WITHDRAWN, announcement.published_at
    announcement.save()
    assert corpus["plan"] not in found("แผนการมีส่วนร่วม")


def test_short_queries_match_titles_only(corpus):
    assert corpus["pledge"] in found("MO")
    assert corpus["seminar"] not in found("IT")  # "ITA" is in the agenda, not the title


def test_queries_of_the_same_shape_share_sql_but_find_their_own_records(corpus):
    """The SQL built for one query is reused for another of the same shape (here: one long Thai
    term), with that query's own patterns: each finds its records, not the other's."""
    searching._templates.clear()
    first = found("ภาคีเครือข่าย")
    built = len(searching._templates)
    second = found("ถนนหน้าโรงเรียน")
    assert len(searching._templates) == built  # nothing built again
    assert first != second
    assert found("ภาคีเครือข่าย") == first  # and again from the kept SQL


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite is sent moments as text: its SQL lasts a minute")
def test_kept_sql_searches_at_the_moment_of_each_search(corpus, monkeypatch):
    """The SQL is kept for the day, not built again every minute, yet each search puts in its own
    moment: an announcement scheduled for a moment later is found once that moment has come."""
    from announcements.models import Announcement

    scheduled = Announcement.objects.get(pk=corpus["scheduled"][1])
    scheduled.published_at = timezone.now() + datetime.timedelta(seconds=2)
    scheduled.save()
    searching._templates.clear()
    assert corpus["scheduled"] not in found("ทุนการศึกษา")
    kept = dict(searching._templates)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(seconds=3))
    assert corpus["scheduled"] in found("ทุนการศึกษา")
    assert all(searching._templates[key] is template for key, template in kept.items())  # nothing built again


def test_kept_sql_with_a_moment_other_than_now_is_built_again_within_a_minute(corpus):
    """A moment the building took that is neither now nor a fiscal year's bound (here an hour ago) would
    go stale: such SQL is kept a minute at most; a fiscal year's bounds keep for the day."""
    from announcements.models import Announcement
    from participation.searchsources import _sources, register_search_source

    announcements = searching.source("announcements")
    register_search_source(
        key="test_recent",
        label="recent",
        order=99,
        public=lambda: Announcement.objects.filter(published_at__lte=timezone.now() - datetime.timedelta(hours=1)),
        fields=announcements.fields,
        title=announcements.title,
        date=announcements.date,
        describe=announcements.describe,
    )
    try:
        shape = (searching._term_shape("ภาคีเครือข่าย"),)
        recent = searching._template(searching.source("test_recent"), searching.Scope(), shape, cap=10)
        assert recent.until <= time.monotonic() + searching.KEPT_SECONDS
        assert not any(recent.moments)
        year = searching.Scope(fiscal_year=current_fiscal_year())
        live = searching._template(announcements, year, shape, cap=10)
        if connection.vendor == "postgresql":
            assert live.until == math.inf and all(live.moments)  # the moment of publication, swapped each time
        else:
            assert live.until <= time.monotonic() + searching.KEPT_SECONDS
    finally:
        _sources.pop("test_recent", None)
        searching._templates.clear()


def test_kept_sql_holds_no_stand_in_when_it_runs(corpus):
    """Stand-in terms are swapped for the real patterns before the database sees a statement."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    searching._templates.clear()
    for text in ("ITA", "12/2568", "ครู_ผู้ช่วย", "กข", "a1", "ภาคีเครือข่าย 9 กันยายน"):
        with CaptureQueriesContext(connection) as captured:
            searching.search_all(searching.parse_query(text), searching.Scope(), per_kind=5)
        assert captured.captured_queries
        assert not any("\x00" in query["sql"] for query in captured.captured_queries)


def test_the_shape_of_a_term_is_what_its_sql_depends_on():
    assert searching._term_shape("ภาคี") == (True, False, False)
    assert searching._term_shape("ab") == (False, True, False)
    assert searching._term_shape("12/2568") == (True, False, True)
    for position in range(searching.MAX_TERMS):
        for traits in [(True, True, True), (False, True, True), (False, False, False), (True, False, True)]:
            stand_in = searching._stand_in(position, *traits)
            assert searching._term_shape(stand_in) == traits


def test_the_planner_gets_statistics_on_a_search_document():
    """`AddSearchStatistics` (the migrations of the large tables) lets PostgreSQL estimate how many
    records a pattern matches from a sample of the documents, never from a fixed guess."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.state import ProjectState

    if not searchindexes.AddSearchStatistics.applies(connection):
        pytest.skip("statistics on expressions need PostgreSQL 14 or later; CI runs this there")
    state = ProjectState.from_apps(apps)
    operation = searchindexes.AddSearchStatistics(
        model_name="feedback", name="test_feedback_search_stats", fields=["subject", "message", "answer"]
    )

    def names():
        with connection.cursor() as cursor:
            cursor.execute("SELECT stxname FROM pg_statistic_ext")
            return {row[0] for row in cursor.fetchall()}

    with connection.schema_editor() as editor:
        operation.database_forwards("feedback", editor, state, state)
    assert "test_feedback_search_stats" in names()
    with connection.schema_editor() as editor:
        operation.database_backwards("feedback", editor, state, state)
    assert "test_feedback_search_stats" not in names()
