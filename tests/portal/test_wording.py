"""Words that must not mislead: the privacy notice says what of feedback may be published and how to ask
that it is not; withdrawing an announcement and leaving a record out of the evidence are named as actions of
their own, not with the words of cancelling or of a status."""

import html as html_module
import re

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import AnnouncementFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_left_as_found():
    """A request to an /en/ page leaves English active in the test process: put the default back after."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def page_of(response) -> str:
    return " ".join(html_module.unescape(response.content.decode()).split())


def privacy_box(page: str) -> str:
    return re.search(r"<section class=\"privacy-box[^>]*data-privacy>.*?</section>", page, re.S).group(0)


def test_the_feedback_form_says_what_may_be_published_and_how_to_ask_not_to(client, singburi):
    box = privacy_box(page_of(client.get("/en/singburi/feedback/new/")))
    assert (
        "The office may publish the subject of your feedback and its answer on its “You said, we did” page, without "
        "your message as you wrote it, your name or your contact details." in box
    )
    assert "If you do not want it published, say so in your message, or ask the office later" in box
    assert 'href="/en/privacy/"' in box


def test_the_misconduct_form_says_reports_are_never_published(client, singburi):
    box = privacy_box(page_of(client.get("/en/singburi/report-misconduct/")))
    assert "Reports of misconduct are never published" in box
    assert "may publish" not in box


def test_the_privacy_page_says_it_too(client):
    page = page_of(client.get("/en/privacy/"))
    publication = re.search(r'<li id="publication">(.*?)</li>', page, re.S).group(1)
    assert "may publish the subject of a feedback message and the office's answer" in publication
    assert "without the sender's name, contact details or the message as they wrote it" in publication
    assert "If you do not want yours published, say so in your message, or ask the office at any time" in publication
    assert "After you send feedback, one remembers for a day that this browser sent it" in page


def test_staff_are_reminded_what_publishing_an_answer_shows(client, singburi, staff_singburi):
    feedback = FeedbackFactory(office=singburi)
    client.force_login(staff_singburi)
    page = page_of(client.get(f"/en/manage/singburi/feedback/{feedback.pk}/"))
    assert "Leave it unticked if the sender asked not to publish." in page


def test_withdrawing_is_named_as_withdrawing_an_announcement(client, singburi, staff_singburi):
    announcement = AnnouncementFactory(office=singburi, published=True)
    client.force_login(staff_singburi)
    detail = page_of(client.get(f"/en/manage/singburi/announcements/{announcement.pk}/"))
    assert re.search(r'href="[^"]*/withdraw/">Withdraw announcement</a>', detail)
    assert ">Withdraw<" not in detail
    confirm = page_of(client.get(f"/en/manage/singburi/announcements/{announcement.pk}/withdraw/"))
    assert re.search(r"<button[^>]*>\s*Withdraw announcement\s*</button>", confirm)


def catalogue_has(*msgids: str) -> bool:
    with translation.override("th"):
        return all(translation.gettext(msgid) != msgid for msgid in msgids)


NEW_WORDS = ("Withdraw announcement", "Leave out of the evidence")


@pytest.mark.skipif(
    not catalogue_has(*NEW_WORDS),
    reason="needs the Thai of feature/forms (/tmp/prompts/feature-forms-thai.json) in the catalogue",
)
def test_thai_wording_once_the_catalogue_has_it(client, singburi, staff_singburi):
    box = privacy_box(page_of(client.get("/singburi/feedback/new/")))
    assert "หน่วยงานอาจเผยแพร่หัวเรื่องของความคิดเห็นและคำตอบของหน่วยงาน" in box
    assert "หากไม่ต้องการให้เผยแพร่" in box
    announcement = AnnouncementFactory(office=singburi, published=True)
    client.force_login(staff_singburi)
    detail = page_of(client.get(f"/manage/singburi/announcements/{announcement.pk}/"))
    assert re.search(r'/withdraw/">ถอนประกาศ</a>', detail)
    assert ">ยกเลิกประกาศ<" not in detail
    with translation.override("th"):
        assert translation.gettext("Leave out of the evidence") == "นำออกจากหลักฐาน"
        assert translation.gettext("left out") == "ไม่นับเป็นหลักฐาน"
        assert translation.gettext("Withdrawn") == "ถอนแล้ว"
        assert translation.gettext("Cancel") == "ยกเลิก"
        # Cancelling (a form, a meeting) and withdrawing (an announcement) never share a word.
        assert "ยกเลิก" not in translation.gettext("Withdraw announcement")
