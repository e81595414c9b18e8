"""iCalendar (RFC 5545) files of meetings: a feed per office and one file per meeting."""

from django.utils import timezone
from icalendar import Calendar, Event, vText

from participation.meetings.models import Meeting

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def _event(meeting: Meeting, *, url: str, host: str) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("status", STATUS[meeting.status])
    event.add("last-modified", meeting.updated_at)
    event.add("url", url)
    location = ", ".join(part for part in [meeting.venue, meeting.address.replace("\n", " ")] if part)
    if location or meeting.online_url:
        event.add("location", vText(location or meeting.online_url))
    description = [f"{index}. {objective}" for index, objective in enumerate(meeting.objectives, start=1)]
    if meeting.online_url:
        description.append(meeting.online_url)
    description.append(url)
    event.add("description", "\n".join(description))
    if meeting.office.email:
        event.add("organizer", f"mailto:{meeting.office.email}")
    return event


def meetings_calendar(meetings, *, name: str, absolute_url, host: str) -> bytes:
    """A calendar of meetings; `absolute_url(meeting)` gives each meeting's public address."""
    calendar = Calendar()
    calendar.add("prodid", "-//Participation portal//Meetings//TH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Bangkok")
    for meeting in meetings:
        calendar.add_component(_event(meeting, url=absolute_url(meeting), host=host))
    return calendar.to_ical()
