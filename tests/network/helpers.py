"""Addresses, names and CSV uploads shared by the network's test files."""

from tests.factories import upload

BASE = "/manage/{office}/network/"
PAGES = {
    "network:manage": BASE,
    "network:group_create": BASE + "groups/new/",
    "network:group_edit": BASE + "groups/{group}/edit/",
    "network:member_create": BASE + "members/new/",
    "network:member_edit": BASE + "members/{member}/edit/",
    "network:import": BASE + "import/",
    "network:export": BASE + "export.csv",
}
HEADER = "group,name,organisation,role,phone,email,note,active\r\n"
MEDIA = "เครือข่ายสื่อมวลชนจังหวัดสิงห์บุรี"  # the Sing Buri group made by the singburi fixture


def page(name: str, office: str = "singburi", **ids) -> str:
    return PAGES[name].format(office=office, **ids)


def csv_file(text: str, *, encoding: str = "utf-8", name: str = "members.csv"):
    return upload(name, text.encode(encoding), "text/csv")


def do_import(client, content, office="singburi"):
    return client.post(page("network:import", office), {"file": content})
