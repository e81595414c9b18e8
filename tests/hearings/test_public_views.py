"""The public side of hearings: the list, the draft with its published comments, commenting on a
section without an account (abuse protection, bad input, a closed hearing), and the report."""

import re

import pytest
from django.core.cache import cache

from participation.hearings.models import HearingComment
from tests.factories import StakeholderGroupFactory
from tests.hearings.helpers import comment, comment_form_values, make_hearing, send_comment

pytestmark = pytest.mark.django_db


class TestReading:
    def test_list_shows_open_and_closed_hearings_but_no_draft(self, client, singburi, staff_singburi, draft_hearing):
        make_hearing(singburi, staff_singburi, status="open", title="ร่างที่เปิดอยู่")
        make_hearing(singburi, staff_singburi, status="reported", title="ร่างที่มีรายงาน")
        html = client.get("/en/singburi/hearings/").content.decode()
        assert "ร่างที่เปิดอยู่" in html and "ร่างที่มีรายงาน" in html and "Read the report" in html
        assert draft_hearing.title not in html

    def test_the_draft_shows_its_sections_with_only_published_comments(self, client, open_hearing):
        section = open_hearing.sections.get(position=1)
        comment(open_hearing, "ความเห็นที่เผยแพร่", section=section, name="นายเอ")
        comment(open_hearing, "ความเห็นรอตรวจ", status="pending", section=section)
        comment(open_hearing, "ความเห็นที่ไม่เผยแพร่", status="rejected", reject_reason="x")
        html = client.get(f"{open_hearing.get_absolute_url()}").content.decode()
        assert 'id="section-2"' in html and "หมวด 1 วิสัยทัศน์" in html
        assert "ความเห็นที่เผยแพร่" in html and "นายเอ" in html
        assert "ความเห็นรอตรวจ" not in html and "ความเห็นที่ไม่เผยแพร่" not in html
        assert f"{open_hearing.get_comment_url()}?section={section.pk}" in html

    def test_a_short_period_says_why_in_public(self, client, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, status="open", days=7, short_window_reason="เหตุเร่งด่วน")
        html = client.get(f"{hearing.get_absolute_url()}").content.decode()
        assert "shorter than 15 days" in html and "เหตุเร่งด่วน" in html

    def test_no_report_before_it_is_published(self, client, open_hearing):
        assert client.get(open_hearing.get_report_url()).status_code == 404

    def test_the_report_compares_the_draft_with_the_revised_draft(self, client, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, status="reported")
        hearing.revised_draft = hearing.draft.replace("ควบรวมโรงเรียนขนาดเล็ก", "คงโรงเรียนขนาดเล็กไว้")
        hearing.save()
        group = StakeholderGroupFactory(office=singburi, name="ผู้ปกครอง")
        comment(hearing, group=group)
        comment(hearing, group=group, status="pending")
        comment(hearing, status="rejected")
        html = client.get(f"{hearing.get_report_url()}").content.decode()
        assert re.search(r"<del><span class=\"visually-hidden\">Removed: </span>ควบรวมโรงเรียนขนาดเล็ก</del>", html)
        assert re.search(r"<ins><span class=\"visually-hidden\">Added: </span>คงโรงเรียนขนาดเล็กไว้</ins>", html)
        assert "The office received 2 comments." in html  # the rejected one is not counted
        assert "hearings/hearings.css" in html and "official-doc" in html


class TestCommenting:
    def test_a_comment_on_a_section_waits_for_moderation(self, client, open_hearing):
        section = open_hearing.sections.get(position=2)
        html = client.get(f"{open_hearing.get_comment_url()}?section={section.pk}").content.decode()
        assert "ควบรวมโรงเรียนขนาดเล็ก" in html  # the section's text is quoted above the form
        assert re.search(rf'<option value="{section.pk}" selected>', html)
        response = send_comment(client, open_hearing, section=section.pk, name="นางบี", email="b@example.org")
        assert response.status_code == 302 and response["Location"].endswith(f"#{section.anchor}")
        stored = HearingComment.objects.get()
        assert (stored.section, stored.status, stored.email) == (section, "pending", "b@example.org")
        page = client.get(response["Location"]).content.decode()
        assert "once the office has checked it" in page or "ตรวจ" in page

    def test_the_form_has_labels_fieldsets_and_legends(self, client, open_hearing):
        html = client.get(f"{open_hearing.get_comment_url()}").content.decode()
        for name in ("section", "body", "name", "organisation", "group", "email"):
            field_id = re.search(rf'name="{name}"[^>]*id="([^"]+)"|id="([^"]+)"[^>]*name="{name}"', html)
            assert field_id, name
            assert f'for="{field_id.group(1) or field_id.group(2)}"' in html, name
        assert "<fieldset" in html and "<legend" in html and "About you (all optional)" in html

    def test_bad_input_keeps_what_was_typed(self, client, open_hearing):
        values = comment_form_values(client, open_hearing)
        response = client.post(
            f"{open_hearing.get_comment_url()}", {**values, "body": "   ", "name": "นายซี", "email": "not-an-address"}
        )
        html = response.content.decode()
        assert response.status_code == 400 and 'value="นายซี"' in html
        assert 'id="id_body_error"' in html and 'id="id_email_error"' in html
        assert not HearingComment.objects.exists()

    def test_a_form_sent_too_fast_is_shown_again(self, client, open_hearing, settings):
        settings.FEEDBACK_MIN_SECONDS = 600
        response = send_comment(client, open_hearing, body="เร็วเกินไป")
        assert response.status_code == 400 and "เร็วเกินไป" in response.content.decode()
        assert not HearingComment.objects.exists()

    def test_a_double_click_is_one_comment_and_the_honeypot_hides_robots(self, client, open_hearing):
        values = comment_form_values(client, open_hearing)
        data = {**values, "body": "คลิกสองครั้ง"}
        assert client.post(open_hearing.get_comment_url(), data).status_code == 302
        assert client.post(open_hearing.get_comment_url(), data).status_code == 302
        send_comment(client, open_hearing, body="ซื้อยา", website="http://spam.example")
        assert list(HearingComment.objects.values_list("body", "status")) == [
            ("คลิกสองครั้ง", "pending"),
            ("ซื้อยา", "rejected"),
        ]

    def test_too_many_comments_from_one_connection(self, client, open_hearing, settings):
        cache.clear()
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": (1, 600)}
        assert send_comment(client, open_hearing, body="หนึ่ง", REMOTE_ADDR="10.9.9.9").status_code == 302
        response = send_comment(client, open_hearing, body="สอง", REMOTE_ADDR="10.9.9.9")
        assert response.status_code == 429 and "สอง" in response.content.decode()

    def test_a_closed_hearing_refuses_with_a_clear_page_and_gives_the_text_back(
        self, client, singburi, staff_singburi, open_hearing
    ):
        values = comment_form_values(client, open_hearing)
        open_hearing.status = "closed"
        open_hearing.save()
        response = client.post(f"{open_hearing.get_comment_url()}", {**values, "body": "มาช้าไปหน่อย"})
        html = response.content.decode()
        assert response.status_code == 409 and "takes no comments now" in html and "มาช้าไปหน่อย" in html
        assert client.get(f"{open_hearing.get_comment_url()}").status_code == 200
        assert not HearingComment.objects.exists()
        later = make_hearing(singburi, staff_singburi, status="open", opened_days_ago=-3)
        assert "opens for comment on" in client.get(f"{later.get_comment_url()}").content.decode()

    def test_post_moderation_publishes_at_once(self, client, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, status="open", moderation="post")
        response = send_comment(client, hearing, body="เผยแพร่ทันที")
        assert "เผยแพร่ทันที" in client.get(response["Location"]).content.decode()
