"""What changed between the draft and the revised draft, line by line (difflib, on the server),
as rows a template renders with <del> and <ins>. Unchanged stretches longer than a few lines are
folded into one row that says how many lines were left as they were."""

import difflib
from dataclasses import dataclass

CONTEXT = 2  # unchanged lines shown around each change


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "removed", "added" or "folded"
    text: str = ""
    folded: int = 0  # for "folded": how many unchanged lines are not shown


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").strip().splitlines()]


def compare(draft: str, revised: str) -> list[DiffLine]:
    """The rows of the comparison; empty when nothing changed."""
    before, after = _lines(draft), _lines(revised)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return []
    rows: list[DiffLine] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = before[i1:i2]
            head = same[:CONTEXT] if index > 0 else []
            tail = same[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(same) > len(head) + len(tail):
                rows += [DiffLine("same", line) for line in head]
                rows.append(DiffLine("folded", folded=len(same) - len(head) - len(tail)))
                rows += [DiffLine("same", line) for line in tail]
            else:
                rows += [DiffLine("same", line) for line in same]
            continue
        rows += [DiffLine("removed", line) for line in before[i1:i2] if line]
        rows += [DiffLine("added", line) for line in after[j1:j2] if line]
    return rows


def counts(rows: list[DiffLine]) -> dict[str, int]:
    """How many lines were removed and added."""
    return {
        "removed": sum(1 for row in rows if row.kind == "removed"),
        "added": sum(1 for row in rows if row.kind == "added"),
    }
