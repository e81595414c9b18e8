class OfficeSlugConverter:
    """An office's slug in an address (checked again against the database by the view)."""

    regex = r"[a-z][a-z0-9-]{0,39}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
