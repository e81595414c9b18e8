"""What long workspace tables share when their rows are written in Python rather than in a template:
with fifty rows of half a dozen cells, the template's tags, filters and one reverse() per row were most
of a page's time. Every value is escaped as the template would have escaped it."""

import unicodedata

from django.utils.html import escape
from django.utils.text import Truncator


def truncated(text: str, length: int) -> str:
    """`text|truncatechars:length`, without walking the text when it is short enough (most are)."""
    normalized = unicodedata.normalize("NFC", text)
    if len(normalized) <= length:  # combining marks count for nothing: shorter still
        return normalized
    return Truncator(text).chars(length)


def choice_labels(choices) -> dict[str, str]:
    """A field's choices as {value: label}, labels in the active language and escaped; what
    `get_FOO_display` shows for a value not among them is the value itself (see `label_of`)."""
    return {str(value): escape(label) for value, label in choices}


def label_of(labels: dict[str, str], value) -> str:
    return labels.get(str(value)) or escape(value)
