"""The fiscal year, addresses and records shared by the cycle's test files."""

import datetime
import zoneinfo

from participation.cycle import services
from participation.cycle.models import YearSummary
from participation.meetings.services import follow_up_save
from tests.factories import AnnouncementFactory, AttendanceFactory, MeetingFactory
from tests.helpers import FY

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def at(year, month, day):
    return datetime.datetime(year, month, day, 9, tzinfo=BANGKOK)


PLANS = "/singburi/plans/"
PLAN = f"/singburi/plans/{FY}/"
SUMMARY = f"/singburi/plans/{FY}/summary/"
ITA = f"/singburi/plans/{FY}/ita/"
TEXT = {
    "analysis": "การวิเคราะห์ผลประจำปี",
    "lessons": "บทเรียนจากเวทีรับฟัง",
    "recommendations": "ขยายเวทีรับฟังความเห็นไปยังผู้ปกครอง",
}


def summary_text():
    """What staff write in the year's summary (the sentences of TEXT are for finding on public pages)."""
    return {"analysis": "วิเคราะห์", "lessons": "บทเรียน", "recommendations": "ขยายเวทีรับฟังความเห็นไปยังผู้ปกครอง"}


def populate(office, n: int, group, *, start: int = 0) -> None:
    """n public announcements, n public meetings with attendance and outcomes, n internal meetings."""
    for i in range(start, start + n):
        AnnouncementFactory(
            office=office,
            published=True,
            subject=f"ข่าวสาธารณะ {i}",
            announced_on=datetime.date(2025, 1, 10),
            channels=["website", "line"],
        )
        public = MeetingFactory(
            office=office,
            title=f"สัมมนาสาธารณะ {i}",
            status="held",
            starts_at=at(2025, 3, 1),
            participation_level="involve",
            principles=["participation", "transparency"],
            outcomes="ที่ประชุมเห็นชอบแผน",
        )
        AttendanceFactory(meeting=public, group=group, invited=10, attended=8)
        follow_up_save(meeting=public, actor=None, action=None, data={"description": "ติดตาม", "status": "done"})
        internal = MeetingFactory(
            office=office, title=f"ประชุมภายในลับ {i}", status="held", starts_at=at(2025, 3, 2), is_public=False
        )
        AttendanceFactory(meeting=internal, group=group, invited=5, attended=5)


def approve(plan, director) -> YearSummary:
    services.summary_save(summary=plan.summary, actor=director, data=TEXT)
    services.summary_submit(summary=plan.summary, actor=director)
    return services.summary_approve(
        summary=plan.summary, actor=director, name="ดร.พิเชฐร์ วันทอง", position="ผู้อำนวยการสำนักงานเขต"
    )
