"""The public feedback form."""

import pytest

from participation.feedback.forms import FeedbackForm

pytestmark = pytest.mark.django_db


def test_form_fields_have_labels(singburi):
    form = FeedbackForm(office=singburi)
    assert all(field.label for name, field in form.fields.items() if not field.widget.is_hidden)
