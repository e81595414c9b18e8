"""Rows and selects written in Python show what the templates and filters they replace showed."""

import re

import pytest
from django import forms
from django.template.defaultfilters import truncatechars
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from participation.feedback.models import Feedback
from participation.forms import PlainSelect
from participation.tablerows import choice_labels, label_of, truncated

THAI = "ขอให้ปรับปรุงถนนหน้าโรงเรียนบ้านหนองแวงให้ปลอดภัยสำหรับนักเรียนที่เดินทางไปกลับทุกวัน"


@pytest.mark.parametrize(
    "text",
    ["", "สั้น", "a" * 70, "a" * 71, THAI, THAI[:75], "e\u0301" * 70 + "x", "<b>&amp;</b>" * 10, "ก่" * 69 + "ข"],
)
@pytest.mark.parametrize("length", [1, 40, 70])
def test_truncated_as_truncatechars(text, length):
    assert truncated(text, length) == truncatechars(text, length)


def test_labels_in_the_active_language_escaped_and_unknown_values_as_they_are():
    with translation.override("en"):
        labels = choice_labels(Feedback.Status.choices)
        assert label_of(labels, Feedback.Status.CLOSED) == "Closed"
    assert label_of(choice_labels([("x", "<a>")]), "x") == "&lt;a&gt;"
    assert label_of(labels, "gone<") == "gone&lt;"


def test_a_plain_select_shows_what_djangos_select_shows():
    """The same select, bar the whitespace between its options: values and labels escaped, text marked
    safe kept, the chosen value selected."""
    choices = [("", gettext_lazy("All")), ('a"<b>', "A & B"), ("3", mark_safe("<em>สาม</em>")), (4, "สี่ <4>")]
    for value in ["", "3", 4, ['a"<b>'], None]:
        plain = PlainSelect(choices=choices, attrs={"class": "form-select"}).render("kind", value, {"id": "id_kind"})
        django = forms.Select(choices=choices, attrs={"class": "form-select"}).render("kind", value, {"id": "id_kind"})
        assert plain == re.sub(r">\s+<", "><", django), value
