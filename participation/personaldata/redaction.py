"""Who a person is, as staff typed it (e-mail, phone, name), and how their name, e-mail and phone are
found and blanked inside free text (a message, an answer, the audit trail).

Thai phone numbers are written in many ways: “081-234-5678”, “081 234 5678”, “+66 81 234 5678”,
“0066812345678”, landlines with nine digits (“02 123 4567”, “+66 2 123 4567”). They are compared by
their national form (a leading 0, then eight or nine digits); the database compares the last nine
digits of what was typed, the way the index `feedback_phone_tail` holds them.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import F, Q, Value
from django.db.models.functions import Replace as SQLReplace
from django.db.models.functions import Right
from django.utils import translation
from django.utils.translation import gettext

# Titles written before a Thai name, with or without a space; a name is compared without them.
TITLES = ("เด็กชาย", "เด็กหญิง", "นางสาว", "ด.ช.", "ด.ญ.", "น.ส.", "นาย", "นาง", "ดร.", "mrs.", "mr.", "ms.", "dr.")
# Titles that are a title only when a space follows (“คุณากร” is a name).
SPACED_TITLES = ("คุณ", "mrs", "miss", "mr", "ms", "dr")
# What people put between the digits of a phone number.
PHONE_SEPARATORS = " -.()+/"
SEPARATOR = r"[\s.\-()/]{0,2}"
# A given name alone is blanked in texts only when it is at least this long (“สม” alone is not a name).
GIVEN_NAME_MIN = 3


def removed_mark(language: str | None = None) -> str:
    """What replaces personal data inside a text, in the text's language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return gettext("[personal data removed]")


def removed_marks() -> set[str]:
    """The mark in every language of the site (a record anonymised in any of them)."""
    return {removed_mark(code) for code, _name in settings.LANGUAGES}


def phone_digits(phone: str) -> str:
    return "".join(ch for ch in phone or "" if ch.isdigit())


def national_phone(phone: str) -> str:
    """A phone number as its national digits: “+66 81 234 5678” and “081-234-5678” → “0812345678”.
    Numbers that are not Thai keep their digits."""
    digits = phone_digits(phone)
    if digits.startswith("0066"):
        digits = "0" + digits[4:]
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "689":
        digits = "0" + digits  # a mobile number without its leading 0
    return digits


def normalized_name(name: str) -> str:
    """A name without its title, single-spaced, in one case: “นาย สมชาย  ใจดี” → “สมชาย ใจดี”."""
    words = " ".join((name or "").split())
    folded = words.casefold()
    for title in (*TITLES, *(f"{title} " for title in SPACED_TITLES)):
        if folded.startswith(title) and len(folded) > len(title):
            words = words[len(title) :].strip()
            break
    return words.casefold()


def digits_expression(field_name: str):
    """The digits of a phone field as typed, worked out in the database."""
    expression = F(field_name)
    for ch in PHONE_SEPARATORS:
        expression = SQLReplace(expression, Value(ch), Value(""))
    return expression


@dataclass(frozen=True)
class Person:
    """Who a request is about: their e-mail, phone and name as staff typed them, and the names the
    records found by e-mail or phone give them (`record_names`), used for records that hold only a name."""

    email: str = ""
    phone: str = ""
    name: str = ""
    record_names: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.email.strip() or self.phone_key or self.name_key)

    @cached_property
    def email_key(self) -> str:
        return self.email.strip().casefold()

    @cached_property
    def phone_key(self) -> str:
        return national_phone(self.phone)

    @cached_property
    def name_key(self) -> str:
        return normalized_name(self.name)

    @cached_property
    def record_name_keys(self) -> tuple[str, ...]:
        keys = {normalized_name(name) for name in self.record_names} - {"", self.name_key}
        return tuple(sorted(keys))

    def searched_by(self) -> list[str]:
        """Which details the search used (for the audit trail: never the details themselves)."""
        used = (("email", self.email_key), ("phone", self.phone_key), ("name", self.name_key))
        return [key for key, value in used if value]

    def with_record_names(self, names) -> "Person":
        return Person(email=self.email, phone=self.phone, name=self.name, record_names=tuple(names))

    # --- In the database ---------------------------------------------------------

    @property
    def phone_tails(self) -> list[str]:
        """The last nine digits of every way this number may have been typed."""
        number = self.phone_key
        if len(number) == 10 and number.startswith("0"):
            return [number[-9:]]
        if len(number) == 9 and number.startswith("0"):
            return [number, "6" + number[1:]]  # “021234567” and “+6621234567”
        return [number[-9:]] if len(number) > 9 else []

    def with_phone(self, queryset, *, field_name: str = "phone", digits_field: str = ""):
        """The queryset with the aliases `phone_q()` compares."""
        digits = F(digits_field) if digits_field else digits_expression(field_name)
        return queryset.alias(person_phone_digits=digits, person_phone_tail=Right(digits, 9))

    def email_q(self, field_name: str = "email") -> Q:
        return Q(**{f"{field_name}__iexact": self.email.strip()}) if self.email_key else Q(pk__in=[])

    def phone_q(self) -> Q:
        """Needs `with_phone()` first."""
        if not self.phone_key:
            return Q(pk__in=[])
        tails = self.phone_tails
        if tails:
            return Q(person_phone_tail__in=tails)
        return Q(person_phone_digits=self.phone_key)

    def name_q(self, field_name: str = "name", *, record_names: bool = False) -> Q:
        """The name as typed, with or without a title before it; `record_names` adds the names on record."""
        keys = [self.name_key] if self.name_key else []
        if record_names:
            keys += self.record_name_keys
        condition = Q(pk__in=[])
        for key in keys:
            condition |= Q(**{f"{field_name}__iexact": key})
            if " " in key:  # a full name: also after a title written without a space (“นายสมชาย ใจดี”)
                condition |= Q(**{f"{field_name}__iendswith": key})
        return condition

    # --- In Python -----------------------------------------------------------------

    def matched(self, *, email: str = "", phone: str = "", name: str = "") -> list[str]:
        """Which of a record's details are this person's: "email", "phone", "name", "name_on_record"."""
        reasons = []
        if self.email_key and email.strip().casefold() == self.email_key:
            reasons.append("email")
        if self.phone_key and phone and national_phone(phone) == self.phone_key:
            reasons.append("phone")
        key = normalized_name(name)
        if key and self.name_key and key == self.name_key:
            reasons.append("name")
        elif key and key in self.record_name_keys:
            reasons.append("name_on_record")
        return reasons


def _name_pattern(name: str) -> str:
    words = [re.escape(word) for word in name.split()]
    pattern = r"\s*".join(words) if len(words) > 1 else words[0]
    if name.isascii():
        return rf"(?<!\w){pattern}(?!\w)"
    return pattern  # Thai is written without spaces between words


def _phone_pattern(number: str) -> str:
    if number.startswith("0") and len(number) in (9, 10):
        core = number[1:]
        prefix = rf"(?:(?:\+|00)\s?66{SEPARATOR}(?:\(0\){SEPARATOR})?|0{SEPARATOR})?"
    else:
        core, prefix = number, ""
    return rf"(?<!\d){prefix}{SEPARATOR.join(core)}(?!\d)"


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool = False


class Redactor:
    """Finds a person's name, e-mail and phone in a text and replaces them."""

    def __init__(self, *, names=(), emails=(), phones=(), given_names: bool = True):
        """`given_names`: also a given name alone (“สมชาย”), where staff confirm each change."""
        patterns = []
        for email in sorted({e.strip() for e in emails if e and e.strip()}, key=len, reverse=True):
            patterns.append(re.escape(email))
        for number in sorted({national_phone(p) for p in phones if p}, key=len, reverse=True):
            if len(number) >= 8:
                patterns.append(_phone_pattern(number))
        forms = set()
        for name in names:
            words = " ".join((name or "").split())
            if not words:
                continue
            forms.add(words)
            bare = normalized_name(words)
            # The name without its title, as written (normalized_name folds the case: find it again).
            start = words.casefold().rfind(bare)
            bare_written = words[start:] if start >= 0 else bare
            forms.add(bare_written)
            given = bare_written.split(" ")[0]
            if given_names and " " in bare_written and len(given) >= GIVEN_NAME_MIN:
                forms.add(given)
        patterns += [_name_pattern(form) for form in sorted(forms, key=len, reverse=True)]
        self.terms = sorted(forms) + sorted({e.strip() for e in emails if e and e.strip()})
        self.pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None

    def __bool__(self):
        return self.pattern is not None

    def finds(self, text: str) -> bool:
        return bool(self.pattern and text and self.pattern.search(text))

    def redact(self, text: str, language: str | None = None) -> str:
        if not self.finds(text):
            return text
        return self.pattern.sub(removed_mark(language), text)

    def segments(self, text: str, language: str | None = None) -> tuple[list[Segment], list[Segment]]:
        """The text before and after, in pieces, what is removed and what replaces it marked."""
        before, after, position = [], [], 0
        mark = removed_mark(language)
        for match in self.pattern.finditer(text):
            if match.start() > position:
                before.append(Segment(text[position : match.start()]))
                after.append(Segment(text[position : match.start()]))
            before.append(Segment(match.group(0), marked=True))
            after.append(Segment(mark, marked=True))
            position = match.end()
        if position < len(text):
            before.append(Segment(text[position:]))
            after.append(Segment(text[position:]))
        return before, after

    def search_terms(self) -> list[str]:
        """What to look for in the database before reading rows (each also as JSON writes it)."""
        terms = []
        for term in self.terms:
            terms.append(term)
            escaped = json.dumps(term)[1:-1]
            if escaped != term:
                terms.append(escaped)
        return terms
