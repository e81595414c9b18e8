import re


class OfficeSlugConverter:
    """An office's slug in an address (checked again against the database by the view)."""

    regex = r"[a-z][a-z0-9-]{0,39}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


LARGEST_ID = 2**63 - 1  # BigAutoField
RECORD_ID = re.compile(r"[0-9]{1,19}")


def record_id(value) -> int | None:
    """A record's key as typed in a query string or a form (ASCII digits within the key's range), or None.

    Not `str.isdigit()`: it accepts "²" and "๓", which `int()` then refuses or reads as another number."""
    value = str(value or "").strip()
    if not RECORD_ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None
