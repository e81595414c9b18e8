"""Property-based: whatever text reaches the feedback form, the page never fails and never echoes markup."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.feedback.models import Feedback
from tests.feedback.helpers import form_values

pytestmark = pytest.mark.django_db

THAI_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
AWKWARD = "\u200b\u200c\u200d\ufeff\u200e\u200f\u202a\u202b\u202e\u2066\u2069\x00\r\n\t<>&\"'"
THAI = "".join(chr(c) for c in range(0x0E01, 0x0E2F)) + THAI_MARKS + "๐๑๒๓๔๕๖๗๘๙"
MARKUP = '<script id="hyp">alert(1)</script><b onmouseover="x">'

texts = st.one_of(
    st.text(alphabet=st.sampled_from(THAI + AWKWARD + "abcXYZ 123"), max_size=400),
    st.text(max_size=200),  # anything Unicode has
    # Very long: around the 10,000-character limit and past it.
    st.builds(
        lambda piece, times: (piece * times)[: 9_990 + times],
        st.text(alphabet=st.sampled_from(THAI + THAI_MARKS + AWKWARD), min_size=1, max_size=40),
        st.integers(min_value=260, max_value=600),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=texts, message=texts, name=texts, inject=st.booleans())
def test_form_never_fails_and_never_echoes_markup(client, singburi, subject, message, name, inject, settings_fast):
    if inject:
        message = message[:500] + MARKUP
        subject = MARKUP[:60]
    data = {"kind": "opinion", "subject": subject, "message": message, "name": name[:300], **form_values(client)}
    response = client.post("/singburi/feedback/new/", data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        html = response.content.decode()
        assert '<script id="hyp">' not in html and 'onmouseover="x"' not in html
    else:
        feedback = Feedback.objects.get(submission_token=data["token"])
        response = client.get(feedback.get_tracking_url())
        assert response.status_code == 200
        tracked = response.content.decode()
        assert feedback.formatted_code in tracked
        assert '<script id="hyp">' not in tracked and 'onmouseover="x"' not in tracked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(max_size=60))
def test_tracking_never_fails(client, code, settings_fast):
    response = client.get("/track/", {"code": code})
    assert response.status_code in {200, 302}


@pytest.fixture
def settings_fast(settings):
    settings.FEEDBACK_MIN_SECONDS = 0
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (100_000, 600), "track": (100_000, 600)}
    return settings
