"""Generated national-scale data for measuring the portal (`python manage.py seed_scale`).

Offices of very different sizes get three fiscal years of announcements, meetings, feedback and plans
that keep the models' rules. Scale 1.0 is the size the design plans for (250 offices, 200,000
announcements, 1,000,000 feedback items, 50,000 meetings); one seeded random generator makes the same
data for the same scale, seed and day. The run lives in `generator`, each subject in its own module.
"""

from portal.scale.feedback import tracking_code
from portal.scale.generator import MARKER_ACTION, Generator, Result, existing_scale, generate
from portal.scale.offices import office_candidates
from portal.scale.sizes import FULL, MINIMUM, ZIPF_SHIFT, apportion, expected_counts

__all__ = [
    "FULL",
    "MARKER_ACTION",
    "MINIMUM",
    "ZIPF_SHIFT",
    "Generator",
    "Result",
    "apportion",
    "existing_scale",
    "expected_counts",
    "generate",
    "office_candidates",
    "tracking_code",
]
