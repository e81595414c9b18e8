from participation.models.feedback import (
    Feedback,
    FeedbackEvent,
    FeedbackFile,
    format_tracking_code,
    normalize_tracking_code,
)
from participation.models.meetings import (
    Attendee,
    FollowUpAction,
    Meeting,
    MeetingAttendance,
    MeetingFile,
    Registration,
)
from participation.models.network import NetworkMember
from participation.models.offices import (
    RESERVED_SLUGS,
    AuditEvent,
    Office,
    OfficeMembership,
    StakeholderGroup,
    validate_not_reserved,
)

__all__ = [
    "RESERVED_SLUGS",
    "Attendee",
    "AuditEvent",
    "Feedback",
    "FeedbackEvent",
    "FeedbackFile",
    "FollowUpAction",
    "Meeting",
    "MeetingAttendance",
    "MeetingFile",
    "NetworkMember",
    "Office",
    "OfficeMembership",
    "Registration",
    "StakeholderGroup",
    "format_tracking_code",
    "normalize_tracking_code",
    "validate_not_reserved",
]
