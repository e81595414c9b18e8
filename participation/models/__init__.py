from participation.models.figures import RecordsVersion, StoredFigure
from participation.models.files import StoredFile
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
    "AuditEvent",
    "Office",
    "OfficeMembership",
    "RateCounter",
    "RecordsVersion",
    "StakeholderGroup",
    "StoredFigure",
    "StoredFile",
    "validate_not_reserved",
]
