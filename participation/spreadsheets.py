"""Cells of CSV files that people open in a spreadsheet (Excel, LibreOffice, Google Sheets).

A spreadsheet runs a cell that starts with one of FORMULA_START as a formula, so exported cells get
a leading apostrophe, which `imported_cell` takes off again when such a file comes back.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# …except values that are plainly phone numbers or numbers, such as "+66 81 234 5678".
HARMLESS_SIGNED = re.compile(r"[+-][\d\s().-]*\Z")


def export_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if value.startswith(FORMULA_START) and not HARMLESS_SIGNED.match(value):
        return "'" + value
    return value


def imported_cell(value: str) -> str:
    """A cell as it was before `export_cell` protected it."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value
