"""Offices (the provinces' education service areas, then numbered ministry units), their staff and
director accounts, their stakeholder groups and the network members in those groups."""

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from participation.models import Office, OfficeMembership, StakeholderGroup
from participation.network.models import NetworkMember
from portal.scale import text
from portal.scale.sizes import BANGKOK

if TYPE_CHECKING:
    from portal.scale.generator import Generator


# The six regions of the geographic division (Bangkok apart), by the provinces' latin names; the rest is central.
REGIONS = {
    "bangkok": {"bangkok"},
    "north": {"chiangmai", "chiangrai", "lampang", "lamphun", "maehongson", "nan", "phayao", "phrae", "uttaradit"},
    "northeast": {
        "korat", "khonkaen", "ubon", "udon", "buriram", "sisaket", "surin", "roiet", "sakon", "chaiyaphum",
        "kalasin", "maha", "loei", "nongkhai", "buengkan", "nongbua", "nakhonphanom", "mukdahan", "yasothon", "amnat",
    },
    "east": {"chonburi", "rayong", "chachoengsao", "prachinburi", "sakaeo", "chanthaburi", "trat"},
    "west": {"tak", "kanchanaburi", "ratchaburi", "phetchaburi", "prachuap"},
    "south": {
        "nakhonsi", "songkhla", "surat", "chumphon", "ranong", "phangnga", "phuket", "krabi", "trang",
        "phatthalung", "satun", "pattani", "yala", "narathiwat",
    },
}  # fmt: skip


def region_of(latin: str) -> str:
    return next((region for region, provinces in REGIONS.items() if latin in provinces), "central")


def office_candidates() -> list[dict]:
    """Educational Service Area offices, province by province: primary districts, then secondary."""
    primary, secondary, more = [], [], []
    for thai, latin, districts in text.PROVINCES:
        for district in range(1, districts + 1):
            name = f"{thai} เขต {district}" if districts > 1 else thai
            item = {
                "slug": f"{latin}{district}" if districts > 1 else latin,
                "name_th": f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{name}",
                "name_en": f"{latin.title()} Primary Educational Service Area Office"
                + (f" {district}" if districts > 1 else ""),
                "short_name_th": f"สพป.{name}",
                "short_name_en": f"{latin.title()} PESAO" + (f" {district}" if districts > 1 else ""),
                "kind": Office.Kind.PRIMARY_ESA,
                "province": thai,
                "region": region_of(latin),
            }
            (primary if district == 1 else more).append(item)
        secondary.append(
            {
                "slug": f"{latin}-sec",
                "name_th": f"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา{thai}",
                "name_en": f"{latin.title()} Secondary Educational Service Area Office",
                "short_name_th": f"สพม.{thai}",
                "short_name_en": f"{latin.title()} SESAO",
                "kind": Office.Kind.SECONDARY_ESA,
                "province": thai,
                "region": region_of(latin),
            }
        )
    return primary + secondary + more


def office_list(count: int) -> list[dict]:
    """The first `count` offices; beyond the provinces' (~260, at large scales), numbered ministry units."""
    candidates = office_candidates()
    while len(candidates) < count:
        number = len(candidates) + 1
        candidates.append(
            {
                "slug": f"moe-unit{number}",
                "name_th": f"หน่วยงานในสังกัดกระทรวงศึกษาธิการ แห่งที่ {number}",
                "name_en": f"Ministry of Education unit {number}",
                "short_name_th": f"หน่วยงาน ศธ. {number}",
                "short_name_en": f"MOE unit {number}",
                "kind": Office.Kind.MINISTRY,
                "province": "กรุงเทพมหานคร",
                "region": "bangkok",
            }
        )
    return candidates[:count]


def open_office_tables(gen: "Generator") -> None:
    table = gen.loader.table
    User = get_user_model()
    gen.t_users = table(
        User,
        ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff"]
        + ["is_active", "date_joined"],
    )
    gen.t_offices = table(
        Office,
        ["id", "slug", "name_th", "name_en", "short_name_th", "short_name_en", "kind", "province", "region", "address"]
        + ["phone", "email", "website", "director_name", "director_position", "is_active"]
        + ["feedback_answer_days", "feedback_notify_staff", "feedback_retention_days", "emblem", "created_at"]
        + ["updated_at"],
    )
    gen.t_memberships = table(OfficeMembership, ["id", "user", "office", "role", "sees_misconduct", "created_at"])
    gen.t_groups = table(
        StakeholderGroup, ["id", "office", "name", "name_en", "category", "description", "position", "created_at"]
    )
    gen.t_members = table(
        NetworkMember,
        ["id", "office", "group", "name", "organisation", "role", "phone", "email", "note", "is_active"]
        + ["created_at", "updated_at"],
    )


def add_offices(gen: "Generator", offices: list[dict]) -> None:
    rng = gen.rng
    joined = datetime.datetime.combine(gen.start, datetime.time(9), tzinfo=BANGKOK)
    gen.offices = []
    for data in offices:
        office = dict(data)
        office["id"] = gen.t_offices.new_pk()
        phrases = text.Phrases(rng, office["province"])
        office["director_name"] = f"ดร.{phrases.name()}" if rng.random() < 0.5 else phrases.person()
        office["director_position"] = f"ผู้อำนวยการ{office['name_th']}"
        gen.t_offices.add(
            office["id"], office["slug"], office["name_th"], office["name_en"], office["short_name_th"],
            office["short_name_en"], office["kind"], office["province"], office["region"],
            f"อำเภอเมือง{office['province']} จังหวัด{office['province']}",
            f"0{rng.randint(20, 79)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            f"contact@{office['slug']}.example.org", f"https://{office['slug']}.example.org/",
            office["director_name"],
            office["director_position"], True, 15, True, 730, "", joined, joined,
        )  # fmt: skip
        for role, first_name in (("staff", "เจ้าหน้าที่"), ("director", "ผู้อำนวยการ")):
            user_id = gen.t_users.new_pk()
            gen.t_users.add(
                user_id, gen.password_hash, False, f"{office['slug']}-{role}", first_name,
                office["short_name_th"], f"{role}@{office['slug']}.example.org", True, True, joined,
            )  # fmt: skip
            gen.t_memberships.add(gen.t_memberships.new_pk(), user_id, office["id"], role, False, joined)
            office[role] = user_id
        # Stakeholder groups: six to ten of the common kinds, in a random order of importance.
        chosen = rng.sample(text.GROUPS, rng.randint(6, min(10, len(text.GROUPS))))
        office["groups"] = []
        for position, (category, name, name_en) in enumerate(chosen):
            group_id = gen.t_groups.new_pk()
            if category in {"media", "civil_society"}:
                name = f"{name}{office['province']}"
            gen.t_groups.add(group_id, office["id"], name, name_en, category, "", position, joined)
            office["groups"].append((group_id, name, name_en))
        gen.offices.append(office)


def add_network(gen: "Generator", office: dict, phrases: text.Phrases, count: int) -> None:
    rng = gen.rng
    created = datetime.datetime.combine(gen.start, datetime.time(10), tzinfo=BANGKOK)
    seen = set()
    for index in range(count):
        group_id = rng.choice(office["groups"])[0]
        name = phrases.person()
        organisation = phrases.fill("โรงเรียนบ้าน{place}")
        if (group_id, name, organisation) in seen:
            organisation = f"{organisation} ({index})"
        seen.add((group_id, name, organisation))
        has_contact = rng.random() < 0.6
        gen.t_members.add(
            gen.t_members.new_pk(), office["id"], group_id, name, organisation,
            rng.choice(["ผู้อำนวยการโรงเรียน", "ครู", "ประธานกรรมการ", "ผู้แทนชุมชน", "ผู้ปกครอง", ""]),
            f"08{rng.randint(10000000, 99999999)}" if has_contact else "",
            f"{rng.choice(text.LATIN_NAMES)}{index}@example.net" if has_contact else "",
            "", rng.random() > 0.05, created, created,
        )  # fmt: skip
