"""The citizen flows with the keyboard alone: Tab and Shift+Tab to move, Enter and Space to act, typing
into fields; no mouse. Every control reached shows where the focus is, and the focus reaches the form's
fields before its submit button."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.demo import seed_accounts, seed_offices
from participation.hearings import services as hearing_services
from participation.meetings import services as meeting_services
from participation.models import Office
from participation.surveys import services as survey_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element, how it is named, and whether its focus can be seen (an outline or a focus ring).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.type || '', href: e.getAttribute('href') || '',
    name: (e.getAttribute('aria-label') || label || e.innerText || e.value || '').trim().replace(/\\s+/g, ' '),
    visible: Boolean(outline || ring),
  };
}"""


def tab_to(page, wanted, *, key: str = "Tab", limit: int = 80) -> list[dict]:
    """Press Tab (or `key`) until the focused element answers `wanted(element)`; gives the elements passed
    on the way, each of which must show its focus."""
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"the focus cannot be seen on {focused}"
        passed.append(focused)
        if wanted(focused):
            return passed
    raise AssertionError(f"{key} never reached the element; it went through {[e['name'][:40] for e in passed]}")


def named(text: str):
    return lambda element: text.lower() in element["name"].lower()


@pytest.fixture
def citizen(chromium):
    context = chromium.new_context(locale="en", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def offices(transactional_db, settings):
    settings.FEEDBACK_MIN_SECONDS = 0
    seed_accounts(seed_offices())
    return Office.objects.get(slug="singburi")


def test_send_feedback_read_the_receipt_and_track_it(citizen, live_server, offices):
    page = citizen
    page.goto(live_server.url + "/en/singburi/")
    # The skip link comes first, and takes the focus to the content.
    tab_to(page, lambda e: e["href"] == "#main", limit=1)
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    tab_to(page, lambda e: e["tag"] == "a" and "/feedback/new/" in e["href"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("feedback")

    tab_to(page, lambda e: e["tag"] == "select")
    page.keyboard.press("ArrowDown")  # a select's own keys choose the kind
    tab_to(page, named("Subject"))
    page.keyboard.type("ป้ายรถประจำทางหน้าสำนักงาน")
    message = tab_to(page, named("Your message"))[-1]
    page.keyboard.type("ขอให้ย้ายป้ายรถประจำทางให้พ้นทางเข้าสำนักงาน")
    forward = tab_to(page, lambda e: e["tag"] == "button" and e["name"] == "Send")
    # Shift+Tab goes back the same way, through the same controls, to the message.
    back = tab_to(page, named("Your message"), key="Shift+Tab")
    assert back[-1]["id"] == message["id"]
    assert [e["name"] for e in back[:-1]] == [e["name"] for e in reversed(forward[:-1])]
    tab_to(page, lambda e: e["tag"] == "button" and e["name"] == "Send")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your feedback was received")).to_be_visible()
    code = page.locator("#tracking-code").inner_text().strip()
    compact = code.replace("-", "")
    tab_to(page, lambda e: e["tag"] == "a" and f"/track/{compact}" in e["href"].replace("-", ""))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("ป้ายรถประจำทางหน้าสำนักงาน")).to_be_visible()

    # Later, with the code written down: the tracking form.
    page.goto(live_server.url + "/en/track/")
    tab_to(page, named("Tracking code"))
    page.keyboard.type(code.lower())
    tab_to(page, lambda e: e["tag"] == "button" and e["name"] == "Show")
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.get_by_text("ป้ายรถประจำทางหน้าสำนักงาน")).to_be_visible()


def test_register_for_a_meeting(citizen, live_server, offices):
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = meeting_services.meeting_create(
        office=offices,
        actor=None,
        data={
            "title": "เวทีรับฟังความคิดเห็นผู้ปกครอง",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=3),
            "is_public": True,
            "registration_open": True,
            "capacity": 40,
        },
    )
    page = citizen
    page.goto(live_server.url + f"/en/singburi/meetings/{meeting.pk}/")
    tab_to(page, named("Name"))
    page.keyboard.type("นางสาวใจดี มีสุข")
    tab_to(page, lambda e: e["type"] == "email")
    page.keyboard.type("jaidee@example.org")
    # From the e-mail to the button: the form's other fields and its privacy link, nothing else.
    rest = tab_to(page, lambda e: e["tag"] == "button" and e["name"] == "Register")
    assert len(rest) <= 5, [e["name"] for e in rest]
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.get_by_text(re.compile("registered", re.IGNORECASE)).first).to_be_visible()
    assert meeting.registrations.filter(email="jaidee@example.org").exists()


def test_comment_on_a_hearing(citizen, live_server, offices):
    now = timezone.now()
    hearing = hearing_services.hearing_create(
        office=offices,
        actor=None,
        data={
            "title": "ร่างแผนพัฒนาการศึกษา",
            "purpose": "รับฟังความคิดเห็นก่อนเสนอคณะกรรมการ",
            "draft": "## หมวด 1 วิสัยทัศน์\nผู้เรียนมีคุณภาพ\n",
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(days=20),
        },
    )
    hearing_services.hearing_open(hearing=hearing, actor=None)
    page = citizen
    page.goto(live_server.url + f"/en/singburi/hearings/{hearing.pk}/")
    tab_to(page, lambda e: e["tag"] == "a" and e["name"].startswith("Comment on"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, named("Your comment"))
    page.keyboard.type("ขอให้เพิ่มเรื่องการอ่านออกเขียนได้")
    tab_to(page, lambda e: e["tag"] == "button" and e["name"] == "Send the comment")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("once the office has checked it")).to_be_visible()
    assert hearing.comments.count() == 1


def test_answer_a_survey(citizen, live_server, offices):
    survey = survey_services.survey_create(office=offices, actor=None, data={"title": "ความพึงพอใจต่อการบริการ"})
    section = survey.sections.get()
    for kind, text, choices in [("rating", "พอใจเพียงใด", ["น้อย", "ปานกลาง", "มาก"]), ("long_text", "ข้อเสนอแนะ", [])]:
        survey_services.question_save(
            survey=survey,
            actor=None,
            question=None,
            section=section,
            data={"kind": kind, "text": text, "choices": choices},
        )
    survey_services.survey_open(survey=survey, actor=None)
    page = citizen
    page.goto(live_server.url + f"/en/singburi/surveys/{survey.pk}/")
    tab_to(page, lambda e: e["type"] == "radio")
    page.keyboard.press("Space")  # Space checks the focused choice
    tab_to(page, lambda e: e["tag"] == "textarea")
    page.keyboard.type("ป้ายบอกทางควรใหญ่ขึ้น")
    tab_to(page, lambda e: e["tag"] == "button" and e["name"] == "Send my answers")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    assert survey.responses.count() == 1
