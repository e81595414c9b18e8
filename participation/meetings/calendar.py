"""iCalendar (RFC 5545) files of meetings: a feed per office and one file per meeting.

A feed holds up to a few hundred events, so whatever is the same for every event (the time stamp,
the organizer) is encoded once, and each event's address comes from a format string rather than a
reverse() per meeting. The events' lines are written here, in the order of properties icalendar writes,
with icalendar's value types doing the escaping: its components (a parameters object for every
property, a content line parsed back for each) cost most of the time a feed took to write. The bytes
are the ones icalendar writes for the same calendar; the tests read them back and write them again.

Text is written through `single_line` (titles, places, names) or `_lines` (the description): a line
break in a title saved before titles were kept on one line, or a control character, would otherwise
break the file or leave a bare CR in it, which RFC 5545 forbids.
"""

from django.utils import timezone
from icalendar import Calendar, vCalAddress, vDDDTypes, vText

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


def _text(value: str) -> str:
    return vText(value).to_ical().decode()


def _time(value) -> str:
    return vDDDTypes(value).to_ical().decode()


def _event(meeting: Meeting, *, url: str, host: str, stamp: str, organizer: str) -> list[str]:
    """The content lines of one event, unfolded."""
    online_url = single_line(meeting.online_url)
    location = ", ".join(part for part in [single_line(meeting.venue), single_line(meeting.address)] if part)
    description = [f"{index}. {_lines(str(objective))}" for index, objective in enumerate(meeting.objectives, start=1)]
    if online_url:
        description.append(online_url)
    description.append(url)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(single_line(meeting.title))}",
        f"DTSTART:{_time(meeting.starts_at)}",
        f"DTEND:{_time(meeting.ends_at)}",
        f"DTSTAMP:{stamp}",
        f"UID:{_text(f'{meeting.uid}@{host}')}",
        f"DESCRIPTION:{_text(chr(10).join(description))}",
        f"LAST-MODIFIED:{_time(meeting.updated_at)}",
    ]
    if location or online_url:
        lines.append(f"LOCATION:{_text(location or online_url)}")
    if organizer:
        lines.append(f"ORGANIZER:{organizer}")
    lines += [f"STATUS:{STATUS[meeting.status]}", f"URL:{url}", "END:VEVENT"]
    return lines


def meetings_calendar(meetings, *, name: str, url_format: str, host: str, organizer_email: str = "") -> bytes:
    """A calendar of one office's meetings; `url_format.format(pk=meeting.pk)` is a meeting's public
    address and `organizer_email` the office's address, if it has one."""
    calendar = Calendar()
    calendar.add("prodid", "-//Participation portal//Meetings//TH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(single_line(name)))
    calendar.add("x-wr-timezone", "Asia/Bangkok")
    stamp = _time(timezone.now())
    organizer = vCalAddress(f"mailto:{organizer_email}").to_ical().decode() if organizer_email else ""
    *head, end = (line for line in calendar.content_lines() if line)
    events = []
    for meeting in meetings:
        events += _event(meeting, url=url_format.format(pk=meeting.pk), host=host, stamp=stamp, organizer=organizer)
    return b"\r\n".join(_fold(line) for line in [*head, *events, end]) + b"\r\n"
