"""Every state change of a hearing and every refusal: draft → open → closed → reported, comments and
their moderation, themes, the report, and the e-mail each step sends through the task queue."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from participation.hearings import diff, services
from participation.hearings.models import Hearing, HearingComment, split_sections
from participation.models import AuditEvent
from tests.factories import StakeholderGroupFactory
from tests.hearings.helpers import DRAFT, comment, make_hearing
from tests.helpers import pdf

pytestmark = pytest.mark.django_db
H, C = Hearing.Status, HearingComment.Status
DAY = datetime.timedelta(days=1)


def submit(hearing, body="ความเห็นต่อร่าง", **data):
    return services.comment_submit(hearing=hearing, data={"body": body, **data}, token=uuid.uuid4(), client="10.0.0.1")


class TestDraft:
    def test_sections_come_from_the_drafts_headings(self):
        assert split_sections(DRAFT) == [
            ("", "คำนำของร่าง"),
            ("หมวด 1 วิสัยทัศน์", "ผู้เรียนมีคุณภาพ"),
            ("หมวด 2 โรงเรียนขนาดเล็ก", "ควบรวมโรงเรียนขนาดเล็ก"),
        ]
        assert split_sections("") == []

    def test_create_makes_a_draft_with_its_sections_and_an_audit_row(self, draft_hearing):
        assert draft_hearing.status == H.DRAFT
        assert [s.heading for s in draft_hearing.sections.all()] == ["", "หมวด 1 วิสัยทัศน์", "หมวด 2 โรงเรียนขนาดเล็ก"]
        assert AuditEvent.objects.filter(action="hearing.created", target_id=str(draft_hearing.pk)).exists()

    def test_a_period_under_fifteen_days_needs_a_reason(self, singburi, staff_singburi):
        now = timezone.now()
        data = {"title": "ร่าง", "purpose": "เพื่อ", "opens_at": now, "closes_at": now + 10 * DAY}
        with pytest.raises(ValidationError) as error:
            services.hearing_create(office=singburi, actor=staff_singburi, data=data)
        assert "short_window_reason" in error.value.message_dict
        hearing = services.hearing_create(
            office=singburi, actor=staff_singburi, data={**data, "short_window_reason": "ต้องส่งแผนภายในเดือนนี้"}
        )
        assert hearing.is_short
        assert not make_hearing(singburi, staff_singburi, days=15).is_short

    def test_it_must_close_after_it_opens(self, singburi, staff_singburi):
        now = timezone.now()
        with pytest.raises(ValidationError):
            services.hearing_create(
                office=singburi,
                actor=staff_singburi,
                data={"title": "ร่าง", "purpose": "x", "opens_at": now, "closes_at": now},
            )

    def test_editing_a_draft_rewrites_its_sections(self, draft_hearing, staff_singburi):
        services.hearing_update(hearing=draft_hearing, actor=staff_singburi, data={"draft": "## ใหม่\nข้อความ"})
        assert [s.heading for s in draft_hearing.sections.all()] == ["ใหม่"]

    def test_target_groups_stay_within_the_office(self, singburi, chainat, staff_singburi):
        own, foreign = StakeholderGroupFactory(office=singburi), StakeholderGroupFactory(office=chainat)
        hearing = make_hearing(singburi, staff_singburi)
        services.hearing_update(hearing=hearing, actor=staff_singburi, data={}, target_groups=[own, foreign])
        assert list(hearing.target_groups.all()) == [own]


class TestOpenAndClose:
    def test_open_publishes_and_queues_the_closing(
        self, draft_hearing, staff_singburi, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            hearing = services.hearing_open(hearing=draft_hearing, actor=staff_singburi)
        assert hearing.status == H.OPEN and hearing.opened_at is not None
        task = DBTaskResult.objects.get(task_path__endswith="close_hearing_when_due")
        assert task.run_after == hearing.closes_at

    def test_only_a_draft_opens(self, open_hearing, staff_singburi):
        with pytest.raises(ValidationError, match="Only a draft"):
            services.hearing_open(hearing=open_hearing, actor=staff_singburi)

    def test_a_hearing_without_a_draft_does_not_open(self, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, draft="")
        with pytest.raises(ValidationError, match="Add the draft"):
            services.hearing_open(hearing=hearing, actor=staff_singburi)
        services.hearing_add_documents(hearing=hearing, actor=staff_singburi, files=[pdf()])
        assert services.hearing_open(hearing=hearing, actor=staff_singburi).status == H.OPEN

    def test_a_hearing_past_its_closing_time_does_not_open(self, draft_hearing, staff_singburi):
        Hearing.objects.filter(pk=draft_hearing.pk).update(
            opens_at=timezone.now() - 30 * DAY, closes_at=timezone.now() - DAY
        )
        with pytest.raises(ValidationError, match="closing time has passed"):
            services.hearing_open(hearing=draft_hearing, actor=staff_singburi)

    def test_an_open_hearing_keeps_what_people_read(self, open_hearing, staff_singburi):
        for data in ({"draft": "อื่น"}, {"questions": ["อื่น"]}, {"opens_at": timezone.now()}):
            with pytest.raises(ValidationError, match="open"):
                services.hearing_update(hearing=open_hearing, actor=staff_singburi, data=data)
        later = open_hearing.closes_at + 5 * DAY
        assert (
            services.hearing_update(hearing=open_hearing, actor=staff_singburi, data={"closes_at": later}).closes_at
            == later
        )
        with pytest.raises(ValidationError):
            services.hearing_update(
                hearing=open_hearing, actor=staff_singburi, data={"closes_at": timezone.now() - DAY}
            )

    def test_documents_change_only_in_a_draft(self, open_hearing, staff_singburi):
        with pytest.raises(ValidationError, match="only while the hearing is a draft"):
            services.hearing_add_documents(hearing=open_hearing, actor=staff_singburi, files=[pdf()])

    def test_closing_early_ends_the_period_now_and_tells_staff(
        self, open_hearing, staff_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            hearing = services.hearing_close(hearing=open_hearing, actor=staff_singburi)
        assert hearing.status == H.CLOSED and hearing.closes_at == hearing.closed_at
        run_tasks()
        assert [m.to for m in mail.outbox] == [[staff_singburi.email]]
        assert open_hearing.title in mail.outbox[0].subject
        with pytest.raises(ValidationError, match="Only an open"):
            services.hearing_close(hearing=hearing, actor=staff_singburi)

    def test_the_queue_closes_a_hearing_at_its_time_and_not_before(self, open_hearing):
        assert services.hearing_close_if_due(hearing_id=open_hearing.pk) is None
        Hearing.objects.filter(pk=open_hearing.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
        closed = services.hearing_close_if_due(hearing_id=open_hearing.pk)
        assert closed.status == H.CLOSED
        assert services.hearing_close_if_due(hearing_id=open_hearing.pk) is None  # once


class TestComments:
    def test_pre_moderation_keeps_a_comment_waiting(self, open_hearing):
        comment_, created = submit(open_hearing)
        assert created and comment_.status == C.PENDING

    def test_post_moderation_publishes_at_once(self, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, status="open", moderation="post")
        assert submit(hearing)[0].status == C.PUBLISHED

    def test_a_closed_or_not_yet_open_hearing_refuses_comments(self, singburi, staff_singburi, draft_hearing):
        for hearing in (
            make_hearing(singburi, staff_singburi, status="closed"),
            make_hearing(singburi, staff_singburi, status="open", opened_days_ago=-2),
            draft_hearing,
        ):
            with pytest.raises(ValidationError) as error:
                submit(hearing)
            assert error.value.code == "closed"
        expired = make_hearing(singburi, staff_singburi, status="open", opened_days_ago=30)  # open, past its time
        with pytest.raises(ValidationError):
            submit(expired)

    def test_a_double_click_is_one_comment_and_a_repeat_is_refused(self, open_hearing):
        token = uuid.uuid4()
        data = {"body": "ซ้ำ"}
        first, created = services.comment_submit(hearing=open_hearing, data=data, token=token, client="1.1.1.1")
        again, created_again = services.comment_submit(hearing=open_hearing, data=data, token=token, client="1.1.1.1")
        assert created and not created_again and first.pk == again.pk
        with pytest.raises(services.DuplicateComment):
            services.comment_submit(hearing=open_hearing, data=data, token=uuid.uuid4(), client="1.1.1.1")
        # Someone else saying the same is heard.
        assert services.comment_submit(hearing=open_hearing, data=data, token=uuid.uuid4(), client="2.2.2.2")[1]

    def test_a_robot_is_kept_out_of_sight(self, open_hearing):
        comment_, _ = services.comment_submit(hearing=open_hearing, data={"body": "spam"}, spam=True)
        assert comment_.status == C.REJECTED and comment_.reject_reason == "spam"

    def test_another_hearings_section_or_offices_group_is_dropped(
        self, singburi, chainat, staff_singburi, open_hearing
    ):
        other = make_hearing(singburi, staff_singburi, status="open")
        foreign = StakeholderGroupFactory(office=chainat)
        comment_, _ = submit(open_hearing, section=other.sections.first(), group=foreign)
        assert comment_.section is None and comment_.group is None

    def test_staff_hear_once_when_the_queue_stops_being_empty(
        self, open_hearing, staff_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            submit(open_hearing, body="หนึ่ง")
            submit(open_hearing, body="สอง")
        run_tasks()
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [staff_singburi.email]
        assert "2" in mail.outbox[0].body

    def test_moderation_needs_a_reason_to_reject(self, open_hearing, staff_singburi):
        waiting = comment(open_hearing, status="pending")
        with pytest.raises(ValidationError, match="Say why"):
            services.comment_moderate(comment=waiting, actor=staff_singburi, publish=False)
        rejected = services.comment_moderate(comment=waiting, actor=staff_singburi, publish=False, reason="คำหยาบ")
        assert rejected.status == C.REJECTED and rejected.moderated_by == staff_singburi
        published = services.comment_moderate(comment=waiting, actor=staff_singburi, publish=True)
        assert published.status == C.PUBLISHED and published.reject_reason == ""

    def test_nothing_changes_once_reported(self, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, status="reported")
        item = comment(hearing)
        with pytest.raises(ValidationError, match="report is published"):
            services.comment_moderate(comment=item, actor=staff_singburi, publish=False, reason="x")
        with pytest.raises(ValidationError, match="report is published"):
            services.comment_set_theme(comment=item, actor=staff_singburi, theme=None)

    def test_a_theme_of_another_hearing_is_refused(self, singburi, staff_singburi):
        hearing, other = (make_hearing(singburi, staff_singburi, status="closed") for _ in range(2))
        theme = services.theme_save(hearing=other, actor=staff_singburi, theme=None, data={"title": "อื่น"})
        with pytest.raises(ValidationError, match="another hearing"):
            services.comment_set_theme(comment=comment(hearing), actor=staff_singburi, theme=theme)


class TestReport:
    def test_themes_and_the_report_are_written_only_once_closed(self, open_hearing, staff_singburi):
        with pytest.raises(ValidationError, match="once the hearing has closed"):
            services.theme_save(hearing=open_hearing, actor=staff_singburi, theme=None, data={"title": "ประเด็น"})
        with pytest.raises(ValidationError, match="once the hearing has closed"):
            services.report_update(hearing=open_hearing, actor=staff_singburi, data={"report_summary": "สรุป"})

    def test_what_keeps_the_report_back(self, singburi, staff_singburi):
        hearing = make_hearing(singburi, staff_singburi, status="closed")
        comment(hearing, status="pending")
        heard = comment(hearing)
        problems = services.report_problems(hearing)
        assert len(problems) == 3  # waiting comment, no summary, no theme
        with pytest.raises(ValidationError):
            services.report_publish(hearing=hearing, actor=staff_singburi)
        hearing.comments.filter(status=C.PENDING).update(status=C.REJECTED, reject_reason="ซ้ำ")
        hearing = services.report_update(hearing=hearing, actor=staff_singburi, data={"report_summary": "สรุปที่ได้ยิน"})
        theme = services.theme_save(hearing=hearing, actor=staff_singburi, theme=None, data={"title": "ประเด็น"})
        with translation.override("en"):
            problems = services.report_problems(hearing)
        assert problems == [
            "Give the office's response to every theme.",
            "1 published comments have no theme yet.",
        ]
        services.theme_save(hearing=hearing, actor=staff_singburi, theme=theme, data={"response": "ปรับแล้ว"})
        services.comment_set_theme(comment=heard, actor=staff_singburi, theme=theme)
        assert services.report_problems(hearing) == []

    def test_publishing_tells_commenters_once_then_forgets_their_addresses(
        self, singburi, staff_singburi, django_capture_on_commit_callbacks, run_tasks
    ):
        hearing = make_hearing(singburi, staff_singburi, status="closed")
        theme = services.theme_save(
            hearing=hearing, actor=staff_singburi, theme=None, data={"title": "ประเด็น", "response": "ตอบ"}
        )
        comment(hearing, "หนึ่ง", email="a@example.org", theme=theme, language="en")
        comment(hearing, "สอง", email="A@example.org", theme=theme)
        comment(hearing, "สาม", theme=theme)
        services.report_update(hearing=hearing, actor=staff_singburi, data={"report_summary": "สรุป"})
        with django_capture_on_commit_callbacks(execute=True):
            reported = services.report_publish(hearing=hearing, actor=staff_singburi)
        assert reported.status == H.REPORTED and reported.revised_draft == reported.draft  # nothing changed
        run_tasks()
        assert [m.to for m in mail.outbox] == [["a@example.org"]]
        assert mail.outbox[0].subject.startswith("The office's report")  # in the language they used
        assert reported.get_report_url() in mail.outbox[0].body
        assert not hearing.comments.exclude(email="").exists()

    def test_only_a_closed_hearing_is_reported(self, open_hearing, staff_singburi):
        with pytest.raises(ValidationError, match="must be closed"):
            services.report_publish(hearing=open_hearing, actor=staff_singburi)


class TestComparison:
    def test_removed_and_added_lines(self):
        rows = diff.compare("ก\nข\nค", "ก\nข ใหม่\nค")
        assert [(row.kind, row.text) for row in rows] == [
            ("same", "ก"),
            ("removed", "ข"),
            ("added", "ข ใหม่"),
            ("same", "ค"),
        ]
        assert diff.counts(rows) == {"removed": 1, "added": 1}

    def test_nothing_changed_and_long_unchanged_stretches_fold(self):
        assert diff.compare("ก\nข", "ก\nข\n") == []
        lines = [f"บรรทัด {n}" for n in range(10)]
        rows = diff.compare("\n".join(lines), "\n".join([*lines[:9], "ใหม่"]))
        assert rows[0].kind == "folded" and rows[0].folded == 7
