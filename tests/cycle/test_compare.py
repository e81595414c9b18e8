"""The comparison of the summary's versions (issue #18, finding 6): paragraphs, then words — or, in Thai,
letters with their marks — added and removed, marked <ins> and <del> with words for screen readers."""

import pytest

from participation.cycle import services
from participation.cycle.compare import Segment, compare, compare_line, compare_versions, tokens
from tests.cycle.helpers import summary_text
from tests.helpers import FY

pytestmark = pytest.mark.django_db


def marked(segments) -> str:
    """Segments as text, with [-removed-] and {+added+}."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return "".join(marks[segment.kind].format(segment.text) for segment in segments)


def test_thai_letters_keep_their_vowel_and_tone_marks():
    assert tokens("ผู้ปกครอง 13 คน") == ["ผู้", "ป", "ก", "ค", "ร", "อ", "ง", " ", "13", " ", "ค", "น"]
    assert tokens("ครั้งที่") == ["ค", "รั้", "ง", "ที่"]


def test_latin_text_changes_word_by_word():
    assert marked(compare_line("We met the teachers on Monday.", "We met the parents on Monday.")) == (
        "We met the [-teachers-]{+parents+} on Monday."
    )


def test_thai_text_changes_readably():
    old = "มีผู้เข้าร่วม 103 คน"
    new = "มีผู้เข้าร่วมทั้งสิ้น 81 คน"
    assert marked(compare_line(old, new)) == "มีผู้เข้าร่วม{+ทั้งสิ้น+} [-103-]{+81+} คน"


def test_a_few_letters_left_between_changes_do_not_break_a_word_apart():
    # "ครู" and "ผู้ปกครอง" share a letter or two; shown as one word replaced, not letters scattered.
    result = marked(compare_line("เชิญครูเข้าร่วม", "เชิญผู้ปกครองเข้าร่วม"))
    assert result == "เชิญ[-ครู-]{+ผู้ปกครอง+}เข้าร่วม"


def test_paragraphs_unchanged_are_folded_and_new_ones_marked_whole():
    old = "\n".join(["หนึ่ง", "สอง", "สาม", "สี่", "ห้า"])
    new = "\n".join(["หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก ใหม่ทั้งหมด"])
    rows = compare(old, new)
    assert [row.kind for row in rows] == ["folded", "same", "added"]
    assert rows[0].folded == 4 and rows[-1].segments == [Segment("added", "หก ใหม่ทั้งหมด")]


def test_a_rewritten_paragraph_is_removed_and_added_rather_than_shredded():
    rows = compare("ก ข ค ง", "The text is entirely different now")
    assert [row.kind for row in rows] == ["removed", "added"]


def test_nothing_changed_gives_nothing():
    assert compare("เหมือนเดิม\n", "เหมือนเดิม") == []
    fields = [("analysis", "analysis"), ("lessons", "lessons")]
    changes = compare_versions({"analysis": "ก", "lessons": "ข"}, {"analysis": "ก", "lessons": "ขค"}, fields)
    assert [change.label for change in changes] == ["lessons"]
    assert changes[0].counts == {"removed": 0, "added": 1}


def test_the_versions_page_marks_insertions_and_deletions_with_a_legend(
    client, singburi, staff_singburi, director_singburi
):
    plan = services.plan_create(office=singburi, fiscal_year=FY, actor=staff_singburi)
    services.summary_save(summary=plan.summary, actor=staff_singburi, data=summary_text())
    services.summary_submit(summary=plan.summary, actor=staff_singburi)
    services.summary_return(summary=plan.summary, actor=director_singburi, comment="แก้บทเรียน")
    services.summary_save(
        summary=plan.summary,
        actor=staff_singburi,
        data={**summary_text(), "lessons": "บทเรียนสำคัญ", "recommendations": "ขยายเวทีไปยังชุมชน"},
    )
    services.summary_submit(summary=plan.summary, actor=staff_singburi)
    client.force_login(director_singburi)
    page = client.get(f"/en/manage/singburi/plans/{FY}/summary/versions/").content.decode()
    assert 'id="diff-legend"' in page
    assert '<ins><span class="visually-hidden">added: </span>text added</ins>' in page
    assert 'บทเรียน<ins><span class="visually-hidden">added: </span>สำคัญ</ins>' in page
    assert '<del><span class="visually-hidden">removed: </span>' in page
    assert "<pre" not in page and "@@" not in page  # no raw diff any more
    assert "The first version submitted." in page
    assert "แก้บทเรียน" in page
