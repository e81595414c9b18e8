"""Every workspace page shares one layout (templates/manage/base.html): the trail Workspace › office ›
section › … › page, and the office's sections with the current one marked; every confirmation is
templates/manage/confirm.html, with a Cancel link back to the page the action belongs to."""

import re

import pytest

pytestmark = pytest.mark.django_db

OFFICE = "Sing Buri PESAO"  # the office's English short name (tests/conftest.py)


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def trail(html: str) -> list[tuple[str, str | None, bool]]:
    """The breadcrumb as (text, link, current) items."""
    nav = re.search(r'<nav aria-label="Breadcrumb">\s*<ol class="breadcrumb[^"]*">(.*?)</ol>', html, re.S)
    assert nav, "the page has no breadcrumb"
    items = []
    for attributes, inner in re.findall(r"<li ([^>]*)>(.*?)</li>", nav.group(1), re.S):
        link = re.search(r'<a href="([^"]+)">', inner)
        text = re.sub(r"<[^>]+>", "", inner).strip()
        items.append((text, link.group(1) if link else None, 'aria-current="page"' in attributes))
    return items


def sections(html: str) -> dict[str, str | None]:
    """The office's workspace sections: label → its aria-current value (None when not current)."""
    nav = re.search(r'<nav aria-label="Workspace sections"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the page has no workspace navigation"
    links = re.findall(r'<a href="[^"]+"(?: aria-current="(\w+)")?>([^<]+)</a>', nav.group(1))
    return {label: current or None for current, label in links}


@pytest.mark.parametrize(
    ("path", "section", "middle", "page"),
    [
        ("/en/manage/singburi/announcements/", "Announcements", [], None),
        ("/en/manage/singburi/announcements/{draft}/edit/", "Announcements", ["ร่างข่าวสิงห์บุรี"], "Edit"),
        ("/en/manage/singburi/meetings/{mtg}/attendance/", "Meetings", ["สัมมนาภาคีเครือข่าย"], "Attendance"),
        ("/en/manage/singburi/feedback/{fb}/", "Feedback", [], "ร้องเรียนเรื่องถนน"),
        ("/en/manage/singburi/network/members/{member}/edit/", "Stakeholder network", [], "Edit network member"),
        (
            "/en/manage/singburi/plans/{year}/targets/",
            "Participation plans",
            ["Fiscal year 2568"],
            "Stakeholder analysis",
        ),
    ],
)
def test_a_workspace_page_shows_where_it_is(client_for, world, path, section, middle, page):
    response = client_for("staff_singburi").get(path.format(**world))
    assert response.status_code == 200
    assert "manage/base.html" in template_names(response)
    html = response.content.decode()
    items = trail(html)
    assert items[0] == ("Workspace", "/en/manage/", False)
    assert items[1] == (OFFICE, None, False)  # no page of its own: text, not an empty link
    assert items[2][0] == section
    assert [text for text, _link, _current in items[3:-1]] == middle
    assert all(link for _text, link, _current in items[2:-1]), "every step back is a link"
    assert items[-1] == (page or section, None, True)
    assert sum(current for _text, _link, current in items) == 1
    marked = {label: current for label, current in sections(html).items() if current}
    assert marked == {section: "page" if page is None else "true"}


def test_the_sections_are_those_the_user_may_open(client_for, singburi):
    staff = sections(client_for("staff_singburi").get("/en/manage/singburi/meetings/").content.decode())
    director = sections(client_for("director_singburi").get("/en/manage/singburi/meetings/").content.decode())
    assert list(staff) == [
        "Announcements",
        "Meetings",
        "Follow-up actions",
        "Stakeholder network",
        "Hearings",
        "Working groups",
        "Feedback",
        "Surveys",
        "Participation plans",
        "Offices under this one",
        "Search",
    ]
    assert list(director) == [*staff, "Approvals"]


def test_the_dashboard_lists_the_sections_without_an_empty_trail(client_for, singburi):
    html = client_for("director_singburi").get("/en/manage/").content.decode()
    assert 'class="breadcrumb' not in html and "Workspace sections" not in html
    for address in (
        "announcements/",
        "meetings/",
        "follow-up/",
        "network/",
        "feedback/",
        "surveys/",
        "plans/",
        "approvals/",
    ):
        assert f'href="/en/manage/singburi/{address}"' in html
    staff = client_for("staff_singburi").get("/en/manage/")
    assert staff.status_code == 200
    assert 'href="/en/manage/singburi/announcements/"' in staff.content.decode()
    assert 'href="/en/manage/singburi/approvals/"' not in staff.content.decode()


@pytest.mark.parametrize(
    ("path", "subject", "back", "cancel"),
    [
        ("/en/manage/singburi/announcements/{pub}/withdraw/", "ข่าวที่เผยแพร่แล้ว", "announcements/{pub}/", "Cancel"),
        ("/en/manage/singburi/meetings/{mtg}/cancel/", "สัมมนาภาคีเครือข่าย", "meetings/{mtg}/", "Back"),
        ("/en/manage/singburi/feedback/{fb}/close/", "ร้องเรียนเรื่องถนน", "feedback/{fb}/", "Cancel"),
        ("/en/manage/singburi/plans/{year}/summary/submit/", "Fiscal year 2568", "plans/{year}/summary/", "Cancel"),
    ],
)
def test_confirmations_share_one_template(client_for, world, path, subject, back, cancel):
    response = client_for("staff_singburi").get(path.format(**world))
    assert response.status_code == 200
    assert "manage/confirm.html" in template_names(response)
    html = response.content.decode()
    assert re.search(rf'<p class="lead">{subject}', html)
    back = "/en/manage/singburi/" + back.format(**world)
    assert f'<a class="btn btn-link" href="{back}">{cancel}</a>' in html
    assert trail(html)[-2][1] == back


def test_a_refused_action_shows_why_on_the_same_page(client_for, world):
    client = client_for("staff_singburi")
    response = client.post("/en/manage/singburi/announcements/{draft}/withdraw/".format(**world), {"reason": "ผิด"})
    assert response.status_code == 200
    assert "manage/confirm.html" in template_names(response)
    assert re.search(r'<div class="alert alert-danger" role="alert">', response.content.decode())


def test_the_personal_data_confirmation_goes_back_to_the_search(client_for, world):
    response = client_for("staff_singburi").post(
        "/en/manage/singburi/feedback/personal-data/erase/", {"phone": "0812345678"}
    )
    assert response.status_code == 200
    assert "manage/base.html" in template_names(response)
    html = response.content.decode()
    # Back to the bare search page: the phone number searched for is posted, never put in an address.
    assert '<a class="btn btn-link" href="/en/manage/singburi/feedback/personal-data/">Cancel</a>' in html
    assert 'formaction="/en/manage/singburi/feedback/personal-data/"' in html
    assert "Nothing of this person was found" in html and "Erase what is ticked</button>" not in html  # no button
    assert [text for text, _link, _current in trail(html)][2:] == [
        "Feedback",
        "Personal data requests",
        "Erase personal data",
    ]
