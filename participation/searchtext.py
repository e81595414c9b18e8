"""What people type into search and how found text is shown: Thai-aware normalisation and highlighting.

Thai is written without spaces between words, so search matches substrings (`participation.searching`).
What people type is normalised first (`parse_query`): zero-width and control characters go, Thai digits
become Arabic ones (and stored text is matched in both forms, `variants`), runs of spaces become one, the
repetition mark ๆ separates terms ("ต่าง ๆ" and "ต่างๆ" alike), Latin letters match either case. A found
record is shown with a short excerpt around the first match, the terms marked (`excerpt`, `highlight`).
"""

import html
import itertools
import re
import string
import unicodedata
from dataclasses import dataclass

from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200  # characters kept of what was typed
MAX_TERMS = 6
TRIGRAM = 3  # the shortest term a trigram index can serve
EXCERPT_LENGTH = 180

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
REPETITION_MARK = "ๆ"
# Characters that change nothing people see: zero-width spaces and joiners, the byte-order mark, soft hyphen.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
SEPARATORS = re.compile(rf"[\s{REPETITION_MARK}]+")
# What a LIKE pattern treats as its own: escaped so that people's % and _ are just characters.
LIKE_SPECIAL = re.compile(r"([\\%_])")
REGEX_SPECIAL = re.compile(r"([\\.^$*+?()\[\]{}|])")


# --- What people type ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str  # the normalised query, to show and to put back in the search box
    terms: tuple[str, ...]  # each must appear

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def titles_only(self) -> bool:
        """Only short terms: matched in titles of the newest records, never scanned everywhere."""
        return bool(self.terms) and all(len(term) < TRIGRAM for term in self.terms)


def clean_text(text: str) -> str:
    """What was typed without invisible and control characters, NFC, one space between words."""
    text = unicodedata.normalize("NFC", str(text or "")[: MAX_QUERY_LENGTH * 4]).translate(INVISIBLE)
    text = "".join(" " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# Thai digits to Arabic ones and Latin capitals to small letters, in one table (str.translate is
# C: a character at a time in Python cost more than the rest of an excerpt).
FOLDING = {**TO_ARABIC, **{ord(ch): ch.lower() for ch in string.ascii_uppercase}}


def fold(text: str) -> str:
    """Text as it is compared: Arabic digits, Latin letters in lower case. Keeps every character's
    place (one character for one), so positions found in the folded text are those of the original."""
    return text.translate(FOLDING)


def parse_query(text: str) -> Query:
    """The terms of what was typed: split at spaces and ๆ, folded, duplicates dropped."""
    cleaned = clean_text(text)
    terms: list[str] = []
    for part in SEPARATORS.split(fold(cleaned)):
        part = part.strip("\"'“”‘’")
        if part and part not in terms:
            terms.append(part)
    # A longer term that contains a shorter one makes the shorter one redundant.
    terms = [t for t in terms if not any(t != other and t in other for other in terms)]
    return Query(text=cleaned, terms=tuple(terms[:MAX_TERMS]))


def like_pattern(term: str) -> str:
    return "%" + LIKE_SPECIAL.sub(r"\\\1", term) + "%"


def regex_pattern(term: str) -> str:
    """The term as a PostgreSQL regular expression matching it literally (for `~*`)."""
    return REGEX_SPECIAL.sub(r"\\\1", term)


def variants(term: str) -> list[str]:
    """The forms a folded term may take in stored text: with Arabic digits, and with Thai ones."""
    thai = term.translate(TO_THAI)
    return [term, thai] if thai != term else [term]


MARKUP = re.compile(r"[*_#>`|\[\]]+|\(https?://[^)]*\)")


def excerpt(texts: list[str], terms, *, length: int = EXCERPT_LENGTH) -> str:
    """A short piece of the first text where a term appears, escaped, the terms in <mark>; the
    beginning of the first non-empty text when none does (the match was in the title)."""
    cleaned = (" ".join(MARKUP.sub(" ", text).split()) for text in texts)
    first_text = ""
    for text in cleaned:
        first_text = first_text or text
        folded = fold(text)
        positions = [folded.find(form) for term in terms for form in variants(term) if form in folded]
        if positions:
            first = min(positions)
            start = max(0, first - length // 3)
            piece = text[start : start + length]
            return highlight(piece, terms, leading=start > 0, trailing=start + length < len(text))
    return highlight(first_text[:length], terms, leading=False, trailing=len(first_text) > length)


def highlight(text: str, terms, *, leading: bool = False, trailing: bool = False) -> str:
    """Escaped text with each occurrence of a term wrapped in <mark>."""
    folded = fold(text)
    marks = [False] * len(text)
    for term in terms:
        for form in variants(term):
            start = folded.find(form)
            while form and start != -1:
                for index in range(start, start + len(form)):
                    marks[index] = True
                start = folded.find(form, start + len(form))
    # Escaped a run at a time: a character at a time cost more than finding the terms.
    out, position = [], 0
    for marked, run in itertools.groupby(marks):
        length = len(list(run))
        piece = html.escape(text[position : position + length])
        out.append(f"<mark>{piece}</mark>" if marked else piece)
        position += length
    return mark_safe(("… " if leading else "") + "".join(out) + (" …" if trailing else ""))  # noqa: S308
