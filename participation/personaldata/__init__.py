"""A person's data across the office (PDPA requests): find it, give a copy, erase it, and purge it
after the retention period, without the core importing the apps that keep it.

Each app that keeps people's details registers a source in its AppConfig.ready() (feedback senders,
meeting registrations, named attendees, network members): how to find one person's records in an
office, what a copy of each record holds, how to erase them, and what its retention purge clears.
The core runs them in order, lets staff see the proposed changes to free text before they confirm,
and writes one audit row for each search, copy and erasure: who, when and how many records of each
kind, never the details themselves.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.models import AuditEvent, Office
from participation.personaldata.redaction import Person, Redactor, Segment, removed_mark, removed_marks

__all__ = [
    "Found",
    "Findings",
    "Person",
    "PersonalDataSource",
    "Redactor",
    "person_erase",
    "person_export",
    "person_find",
    "person_search",
    "register_personal_data_source",
    "removed_mark",
    "removed_marks",
    "retention_purge",
    "sources",
]


# How a record was matched to the person, as staff read it.
MATCHED_BY = {
    "email": gettext_lazy("e-mail"),
    "phone": gettext_lazy("phone"),
    "name": gettext_lazy("name"),
    "name_on_record": gettext_lazy("a name on their other records"),
}


@dataclass
class RecordText:
    """A free text of a record that may name the person (a message, an answer, a note)."""

    key: str
    label: str
    text: str
    language: str | None = None


@dataclass
class Found:
    """One record of the person, as one source found it."""

    kind: str
    pk: int
    label: str  # what the record is (a tracking code and subject, a meeting's title)
    date: datetime.date | datetime.datetime | None = None
    url: str = ""
    matched: list[str] = field(default_factory=list)  # "email", "phone", "name", "name_on_record"
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, value) shown to staff
    data: dict = field(default_factory=dict)  # the copy given to the person
    # The person's names, e-mail addresses and phone numbers on this record, blanked in texts.
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    texts: list[RecordText] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    @property
    def summary(self) -> str:
        """The record's details in one line, for the confirmation."""
        return ", ".join(str(value) for _label, value in self.details if value)

    @property
    def matched_labels(self) -> list[str]:
        return [str(MATCHED_BY[reason]) for reason in self.matched if reason in MATCHED_BY]


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    label: str  # the kind of record, plural: “Meeting registrations”
    order: int
    # (*, office, person, standing) -> list[Found], in a fixed number of queries.
    find: Callable
    # (*, office, records, redactor, redact) -> int: erase these records (found again under a lock by
    # their pk within the office), redacting the texts whose `Found.key + ":" + text key` is in `redact`.
    erase: Callable
    effect: str = ""  # what erasing does to such a record, for the confirmation page
    # (*, office, now, dry_run) -> int: what the retention purge clears (or would clear).
    purge: Callable | None = None
    # Records that hold only a name are also found by the names on the person's other records.
    by_record_names: bool = False


_sources: dict[str, PersonalDataSource] = {}


def register_personal_data_source(
    *,
    key: str,
    label,
    order: int,
    find: Callable,
    erase: Callable,
    effect="",
    purge: Callable | None = None,
    by_record_names: bool = False,
) -> None:
    """Add a kind of record that holds people's details (idempotent)."""
    _sources[key] = PersonalDataSource(
        key=key,
        label=label,
        order=order,
        find=find,
        erase=erase,
        effect=effect,
        purge=purge,
        by_record_names=by_record_names,
    )


def sources() -> list[PersonalDataSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


@dataclass
class Group:
    source: PersonalDataSource
    records: list[Found]

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass
class Proposal:
    """A proposed change to one text: before and after, with what changes marked."""

    record: Found
    text: RecordText
    before: list[Segment]
    after: list[Segment]

    @property
    def key(self) -> str:
        return f"{self.record.key}:{self.text.key}"


@dataclass
class Findings:
    person: Person
    groups: list[Group]
    erased: dict[str, int] = field(default_factory=dict)  # by kind, after person_erase

    @property
    def records(self) -> list[Found]:
        return [record for group in self.groups for record in group.records]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def counts(self) -> dict[str, int]:
        return {group.source.key: group.count for group in self.groups}

    def get_redactor(self, *, given_names: bool = True) -> Redactor:
        records = self.records
        return Redactor(
            names=[self.person.name, *(value for record in records for value in record.names)],
            emails=[self.person.email, *(value for record in records for value in record.emails)],
            phones=[self.person.phone, *(value for record in records for value in record.phones)],
            given_names=given_names,
        )

    @property
    def redactor(self) -> Redactor:
        """For texts staff see before they confirm: the full names, the given names, e-mails and phones."""
        return self.get_redactor()

    def proposals(self, redactor: Redactor | None = None) -> list[Proposal]:
        redactor = redactor or self.redactor
        found = []
        for record in self.records:
            for text in record.texts:
                if redactor.finds(text.text):
                    before, after = redactor.segments(text.text, text.language)
                    found.append(Proposal(record=record, text=text, before=before, after=after))
        return found

    def fingerprint(self) -> str:
        """Changes when what would be erased changes (new records, edited texts)."""
        digest = hashlib.sha256()
        for record in self.records:
            digest.update(record.key.encode())
            for text in record.texts:
                digest.update(b"\0" + text.key.encode() + b"\0" + text.text.encode())
        return digest.hexdigest()[:32]


def person_find(*, office: Office, person: Person, standing) -> Findings:
    """Everything the office keeps about the person that this user may see, by kind (no audit row)."""
    if person.is_empty:
        return Findings(person=person, groups=[])
    groups = []
    for source in sources():
        asked = person
        if source.by_record_names:
            asked = person.with_record_names(
                name for group in groups for record in group.records for name in record.names
            )
        groups.append(Group(source=source, records=source.find(office=office, person=asked, standing=standing)))
    return Findings(person=person, groups=groups)


def _audit(*, actor, action: str, office: Office, findings: Findings, **data) -> AuditEvent:
    # Never the e-mail, phone or name: only which of them were used, and how many records of each kind.
    return AuditEvent.record(
        actor=actor,
        action=action,
        office=office,
        searched_by=findings.person.searched_by(),
        counts=findings.counts,
        total=findings.total,
        **data,
    )


def person_search(*, office: Office, person: Person, standing, actor, purpose: str = "search") -> Findings:
    """Find the person's records and write the audit row of the search."""
    findings = person_find(office=office, person=person, standing=standing)
    _audit(actor=actor, action="personal_data.searched", office=office, findings=findings, purpose=purpose)
    return findings


def person_export(*, office: Office, person: Person, standing, actor, format: str) -> dict:
    """A copy of everything found, each record with its kind, and the audit row of the copy."""
    findings = person_find(office=office, person=person, standing=standing)
    records = [
        {"kind": group.source.key, "kind_label": str(group.source.label), **record.data}
        for group in findings.groups
        for record in group.records
    ]
    _audit(actor=actor, action="personal_data.exported", office=office, findings=findings, format=format)
    return {
        "office": office.slug,
        "exported_at": timezone.localtime().isoformat(),
        "counts": findings.counts,
        "records": records,
    }


def _redact_audit_trail(office: Office, redactor: Redactor) -> int:
    """Blank the person's name and e-mail in the office's audit rows (a network member's name, …)."""
    terms = redactor.search_terms()
    if not terms:
        return 0
    condition = Q()
    for term in terms:
        condition |= Q(target_repr__icontains=term) | Q(data_text__icontains=term)
    rows = AuditEvent.objects.filter(office=office).alias(data_text=Cast("data", TextField())).filter(condition)
    count = 0
    for row in rows.select_for_update():
        target_repr = redactor.redact(row.target_repr)
        data = _redacted_json(row.data, redactor)
        if (target_repr, data) != (row.target_repr, row.data):
            row.target_repr, row.data = target_repr[:200], data
            row.save(update_fields=["target_repr", "data"])
            count += 1
    return count


def _redacted_json(value, redactor: Redactor):
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, list):
        return [_redacted_json(item, redactor) for item in value]
    if isinstance(value, dict):
        return {key: _redacted_json(item, redactor) for key, item in value.items()}
    return value


@transaction.atomic
def person_erase(
    *,
    office: Office,
    person: Person,
    standing,
    actor,
    records: set[str] | None = None,
    redact: set[str] | None = None,
    expected: str = "",
) -> Findings:
    """Erase the person's records that staff confirmed (`records`: keys of `Found`; None: all), with the
    text redactions they confirmed (`redact`: keys of `Proposal`; None: all), and blank their name and
    e-mail in the office's audit trail. `expected` is the fingerprint of what the confirmation page
    showed: when the records changed since, nothing is erased."""
    if person.is_empty:
        raise ValidationError(_("Enter an e-mail address, a phone number or a name."), code="empty")
    findings = person_find(office=office, person=person, standing=standing)
    if expected and findings.fingerprint() != expected:
        raise ValidationError(
            _("The person's records changed since this page was shown. Check the changes again, then confirm."),
            code="changed",
        )
    redactor = findings.redactor
    proposals = {proposal.key for proposal in findings.proposals(redactor)}
    chosen_texts = proposals if redact is None else proposals & set(redact)
    erased = {}
    for group in findings.groups:
        chosen = [record for record in group.records if records is None or record.key in records]
        erased[group.source.key] = (
            group.source.erase(office=office, records=chosen, redactor=redactor, redact=chosen_texts) if chosen else 0
        )
    # Nobody confirms each audit row: only full names and e-mail addresses, never a given name alone.
    audit_rows = _redact_audit_trail(office, findings.get_redactor(given_names=False))
    AuditEvent.record(
        actor=actor,
        action="personal_data.erased",
        office=office,
        searched_by=person.searched_by(),
        counts=erased,
        total=sum(erased.values()),
        texts_redacted=len(chosen_texts),
        audit_rows_redacted=audit_rows,
    )
    findings.erased = erased
    return findings


def retention_purge(*, office: Office, now: datetime.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """What every source's retention purge cleared in the office (or would clear, with dry_run), by kind."""
    now = now or timezone.now()
    return {source.key: source.purge(office=office, now=now, dry_run=dry_run) for source in sources() if source.purge}
