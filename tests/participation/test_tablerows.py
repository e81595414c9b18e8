"""Rows written in Python show what the template's filters showed."""

import pytest
from django.template.defaultfilters import truncatechars
from django.utils import translation

from participation.feedback.models import Feedback
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
