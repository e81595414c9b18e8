"""Thai words marked for line breaking (participation.wordbreak and the `thai_wrap` filter and tag)."""

import re

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from participation import wordbreak


def words(text: str) -> list[str]:
    return [word for run in wordbreak.THAI_RUN.findall(text) for word in wordbreak.thai_words(run)]


def test_compounds_and_names_stay_whole():
    # The browser's own dictionary breaks after "การ" and "ประถม": these are words here.
    assert words("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสิงห์บุรี") == [
        "สำนักงานเขต",
        "พื้นที่",
        "การศึกษา",
        "ประถมศึกษา",
        "สิงห์บุรี",
    ]
    assert words("การประชุมสัมมนาเครือข่าย") == ["การประชุม", "สัมมนา", "เครือข่าย"]


def test_what_the_dictionary_lacks_is_one_piece_and_syllables_are_never_split():
    assert "พิเชฐร์" in words("ดร.พิเชฐร์ วันทอง")  # a name, with its silent letter
    assert words("วันจันทร์ที่") == ["วัน", "จันทร์", "ที่"]
    assert words("ต่างๆ") == ["ต่างๆ"]  # the repetition mark stays with its word


thai_text = st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E4F), min_size=1, max_size=40)


@given(thai_text)
def test_the_words_put_back_together_are_the_text(text):
    for run in wordbreak.THAI_RUN.findall(text):
        pieces = wordbreak.thai_words(run)
        assert "".join(pieces) == run
        for piece in pieces[1:]:
            assert piece[0] not in wordbreak.NOT_FIRST


def test_marking_keeps_tags_and_other_text():
    html = '<a href="/singburi/" title="การศึกษา">ประกาศ &amp; ข่าว 2567</a>'
    marked = wordbreak.mark_words(html)
    assert marked.startswith('<a href="/singburi/" title="การศึกษา">')  # attributes are left alone
    assert '<span class="w">ประกาศ</span> &amp; <span class="w">ข่าว</span> 2567</a>' in marked
    assert re.sub(r"<[^>]+>", "", marked) == re.sub(r"<[^>]+>", "", html)  # the same text


def test_words_side_by_side_get_a_break_between_them():
    assert wordbreak.mark_words("การศึกษาประถมศึกษา") == (
        '<span class="w">การศึกษา</span><wbr><span class="w">ประถมศึกษา</span>'
    )


def test_a_word_too_long_for_a_line_is_left_to_the_browser():
    long_piece = "ฅ" * (wordbreak.LONGEST_KEPT + 5)  # no word of the dictionary
    assert '<span class="w">' not in wordbreak.mark_words(long_piece)


def test_filter_escapes_first():
    html = Template("{% load thai %}{{ value|thai_wrap }}").render(Context({"value": "<b>การศึกษา</b>"}))
    assert html == '&lt;b&gt;<span class="w">การศึกษา</span>&lt;/b&gt;'


def test_tag_marks_a_translation_with_its_values():
    template = Template("{% load thai %}{% thai_wrap %}ส่งความคิดเห็นถึง{{ office }}{% endthai_wrap %}")
    html = template.render(Context({"office": "สำนักงาน<script>"}))
    assert "&lt;script&gt;" in html
    assert '<span class="w">ความคิดเห็น</span>' in html


def test_the_dictionary_is_read_without_a_home_directory(monkeypatch, tmp_path):
    """A service may have no home to write to (systemd's ProtectHome): PyThaiNLP's data folder is never made."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PYTHAINLP_DATA", raising=False)
    wordbreak.dictionary.cache_clear()
    try:
        assert "การศึกษา" in wordbreak.dictionary()
    finally:
        wordbreak.dictionary.cache_clear()
    assert not home.exists()
