"""The relevance set: Thai and English queries, the records each must find and must not find."""

import pytest

from participation import searching
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
