"""What changed between two versions of the yearly summary, as people read it: paragraph by paragraph,
and inside a changed paragraph the words (or, in Thai, which has no spaces between words, the letters
with their vowel and tone marks) that were removed and added.

Paragraphs are matched first (difflib on lines), then each changed pair on tokens: latin words and
numbers, runs of spaces, Thai letters each with the marks written above or below it, and any other
character. A change of a few letters in the middle of a Thai word would read as noise, so a short
unchanged stretch between two changes is shown as removed and added with them.
"""

import difflib
import re
from dataclasses import dataclass, field

# A Thai letter with the vowel signs and tone marks that sit on it (they never stand alone), a run of
# latin letters and digits, a run of spaces, or any other single character.
TOKEN = re.compile(r"[\u0e00-\u0e7f][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*|[^\W_\u0e00-\u0e7f]+|\s+|.", re.UNICODE)
# Unchanged stretches this short between two changes are folded into them (tokens).
BRIDGE = 2
# Unchanged paragraphs shown around a change; longer unchanged stretches are folded.
CONTEXT = 1


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "removed" or "added"
    text: str


@dataclass
class Paragraph:
    kind: str  # "same", "changed", "removed", "added" or "folded"
    segments: list[Segment] = field(default_factory=list)
    folded: int = 0  # for "folded": how many unchanged paragraphs are not shown


@dataclass
class FieldChange:
    label: str
    paragraphs: list[Paragraph]

    @property
    def counts(self) -> dict[str, int]:
        """Words (or Thai letters) removed and added, roughly: for a one-line summary of the change."""
        tally = {"removed": 0, "added": 0}
        for paragraph in self.paragraphs:
            for segment in paragraph.segments:
                if segment.kind in tally:
                    tally[segment.kind] += len([t for t in tokens(segment.text) if not t.isspace()])
        return tally


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _bridged(ops: list[tuple[str, list[str], list[str]]]) -> list[tuple[str, list[str], list[str]]]:
    """Fold a short unchanged stretch lying between two changes into them (see the module's docstring)."""
    result = list(ops)
    changed = True
    while changed:
        changed = False
        for index in range(1, len(result) - 1):
            tag, before, _after = result[index]
            if tag != "equal" or len(before) > BRIDGE or "".join(before).isspace():
                continue
            if result[index - 1][0] == "equal" or result[index + 1][0] == "equal":
                continue
            left, right = result[index - 1], result[index + 1]
            result[index - 1 : index + 2] = [("replace", left[1] + before + right[1], left[2] + before + right[2])]
            changed = True
            break
    return result


def compare_line(old: str, new: str) -> list[Segment]:
    """One changed paragraph: its text with what was removed and added marked."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    ops = [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    segments: list[Segment] = []
    for tag, before, after in _bridged(ops):
        if tag == "equal":
            segments.append(Segment("same", "".join(before)))
            continue
        segments.append(Segment("removed", "".join(before)))
        segments.append(Segment("added", "".join(after)))
    # Removed before added within each change, as people read a correction.
    return _merge(segments)


def _paragraphs(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").strip().splitlines()]


def _similar(old: str, new: str) -> bool:
    """Worth showing word by word, rather than as one paragraph removed and another added."""
    return difflib.SequenceMatcher(a=tokens(old), b=tokens(new), autojunk=False).ratio() >= 0.4


def compare(old: str, new: str) -> list[Paragraph]:
    """The paragraphs of the new text with the changes marked; empty when nothing changed."""
    before, after = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    if all(tag == "equal" for tag, *_ in opcodes):
        return []
    rows: list[Paragraph] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = before[i1:i2]
            head = same[:CONTEXT] if index > 0 else []
            tail = same[-CONTEXT:] if index < len(opcodes) - 1 else []
            shown_head, shown_tail = head, tail
            if len(same) <= len(head) + len(tail):
                shown_head, shown_tail = same, []
            rows += [Paragraph("same", [Segment("same", line)]) for line in shown_head]
            if len(same) > len(head) + len(tail):
                rows.append(Paragraph("folded", folded=len(same) - len(head) - len(tail)))
            rows += [Paragraph("same", [Segment("same", line)]) for line in shown_tail]
            continue
        old_lines, new_lines = before[i1:i2], after[j1:j2]
        paired = min(len(old_lines), len(new_lines)) if tag == "replace" else 0
        for old_line, new_line in zip(old_lines[:paired], new_lines[:paired], strict=True):
            if _similar(old_line, new_line):
                rows.append(Paragraph("changed", compare_line(old_line, new_line)))
            else:
                rows.append(Paragraph("removed", [Segment("removed", old_line)]))
                rows.append(Paragraph("added", [Segment("added", new_line)]))
        rows += [Paragraph("removed", [Segment("removed", line)]) for line in old_lines[paired:] if line]
        rows += [Paragraph("added", [Segment("added", line)]) for line in new_lines[paired:] if line]
    return rows


def compare_versions(previous: dict, current: dict, fields: list[tuple[str, str]]) -> list[FieldChange]:
    """The fields (name, label) whose text changed between two snapshots, each with its paragraphs."""
    changes = []
    for name, label in fields:
        paragraphs = compare(previous.get(name) or "", current.get(name) or "")
        if paragraphs:
            changes.append(FieldChange(label=label, paragraphs=paragraphs))
    return changes
