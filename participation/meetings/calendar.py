"""iCalendar (RFC 5545) files of meetings: a feed per office and one file per meeting.

A feed holds up to a few hundred events, so whatever is the same for every event (the time stamp,
the organizer) is encoded once, and each event's address comes from a format string rather than a
reverse() per meeting.

Text is written through `single_line` (titles, places, names) or `_lines` (the description): a line
break in a title saved before titles were kept on one line, or a control character, would otherwise
break the file or leave a bare CR in it, which RFC 5545 forbids.
"""

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vDDDTypes, vText

from participation.fields import single_line
from participation.meetings.models import Meeting

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}

# The fields an event reads: a feed loads nothing else.
EVENT_FIELDS = ["uid", "starts_at", "ends_at", "title", "status", "updated_at", "venue", "address", "online_url"]
EVENT_FIELDS += ["objectives"]


def _fold(line: str) -> bytes:
    """One content line folded in pieces of at most 74 octets (75 with the leading space of a
    continuation line; RFC 5545, 3.1), cut between characters and never just after a backslash, so
    an escape stays whole: the bytes icalendar writes. icalendar folds a character at a time, which
    for Thai text was most of the time a feed took to write."""
    data = line.encode()
    if len(data) <= 74:
        return data
    parts, start = [], 0
    while len(data) - start > 74:
        cut = start + 74
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: inside a character
            cut -= 1
        if data[cut - 1] == 0x5C and cut - 1 > start:  # a backslash: keep the escape with what it escapes
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _lines(text: str) -> str:
    """Text over several lines with "\\n" between them (vText escapes it), each line clean."""
    return "\n".join(single_line(line) for line in text.splitlines())


def _event(meeting: Meeting, *, url: str, host: str, stamp: vDDDTypes, organizer: vCalAddress | None) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", single_line(meeting.title))
    event.add("status", STATUS[meeting.status])
    event.add("last-modified", meeting.updated_at)
    event.add("url", url)
    online_url = single_line(meeting.online_url)
    location = ", ".join(part for part in [single_line(meeting.venue), single_line(meeting.address)] if part)
    if location or online_url:
        event.add("location", vText(location or online_url))
    description = [f"{index}. {_lines(str(objective))}" for index, objective in enumerate(meeting.objectives, start=1)]
    if online_url:
        description.append(online_url)
    description.append(url)
    event.add("description", vText("\n".join(description)))
    if organizer is not None:
        event.add("organizer", organizer)
    return event


def meetings_calendar(meetings, *, name: str, url_format: str, host: str, organizer_email: str = "") -> bytes:
    """A calendar of one office's meetings; `url_format.format(pk=meeting.pk)` is a meeting's public
    address and `organizer_email` the office's address, if it has one."""
    calendar = Calendar()
    calendar.add("prodid", "-//Participation portal//Meetings//TH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(single_line(name)))
    calendar.add("x-wr-timezone", "Asia/Bangkok")
    stamp = vDDDTypes(timezone.now())
    organizer = vCalAddress(f"mailto:{organizer_email}") if organizer_email else None
    for meeting in meetings:
        url = url_format.format(pk=meeting.pk)
        calendar.add_component(_event(meeting, url=url, host=host, stamp=stamp, organizer=organizer))
    return b"\r\n".join(_fold(line) for line in calendar.content_lines() if line) + b"\r\n"
