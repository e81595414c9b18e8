from participation.models.cycle import EvidenceLink, Plan, PlanStep, StakeholderTarget, SummaryVersion, YearSummary
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
from participation.models.ratelimit import RateCounter

__all__ = [
    "RESERVED_SLUGS",
    "Attendee",
    "AuditEvent",
    "EvidenceLink",
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
    "Plan",
    "RateCounter",
    "PlanStep",
    "Registration",
    "StakeholderGroup",
    "StakeholderTarget",
    "SummaryVersion",
    "format_tracking_code",
    "normalize_tracking_code",
    "validate_not_reserved",
    "YearSummary",
]
