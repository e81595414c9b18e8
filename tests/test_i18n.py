"""Thai is complete: every message has a Thai translation, and the compiled catalogue matches."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

from participation.vocabularies import CycleStep, GovernancePrinciple, ParticipationLevel

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "th" / "LC_MESSAGES"


def test_every_message_is_translated():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 100
    assert not po.untranslated_entries(), [entry.msgid for entry in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [entry.msgid for entry in po.fuzzy_entries()][:10]


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(entry.msgid, entry.msgstr or entry.msgstr_plural.get(0, "")) for entry in mo}
    source = {(entry.msgid, entry.msgstr or entry.msgstr_plural.get(0, "")) for entry in po if not entry.obsolete}
    assert source <= compiled, "run `make messages` to compile locale/th"


@pytest.mark.parametrize(
    ("member", "thai"),
    [
        (CycleStep.REVIEW, "ทบทวน"),
        (CycleStep.PUBLISH, "เผยแพร่"),
        (CycleStep.CONSULT, "รับฟังความคิดเห็น"),
        (CycleStep.INVOLVE, "ร่วมดำเนินงาน"),
        (CycleStep.SUMMARIZE, "สรุปผล"),
        (ParticipationLevel.INFORM, "ให้ข้อมูลข่าวสาร"),
        (GovernancePrinciple.RULE_OF_LAW, "หลักนิติธรรม"),
    ],
)
def test_vocabularies_have_thai_labels(member, thai):
    with translation.override("th"):
        assert str(member.label) == thai
    with translation.override("en"):
        assert str(member.label) != thai


def test_every_vocabulary_label_is_translated():
    for vocabulary in (CycleStep, GovernancePrinciple, ParticipationLevel):
        for member in vocabulary:
            with translation.override("th"):
                thai = str(member.label)
            with translation.override("en"):
                english = str(member.label)
            assert thai != english, member
