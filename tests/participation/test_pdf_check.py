"""Issue #11, finding 5: PDFs are checked as PDFs (parsed), not as bytes.

Each hidden PDF below is made so that the old byte check (`PDF_ACTIVE`, a regex over the file) does not see
what it carries: the names are escaped (`/J#61vaScript`) or sit in a compressed object stream. The parser
resolves both.
"""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participation import uploads
from participation.uploads import PDF_ACTIVE, check_upload
from tests.factories import PDF_BYTES, upload

LIMIT = 10**6


def saved(pdf: pikepdf.Pdf, **options) -> bytes:
    """The PDF's bytes, with its objects in compressed object streams (as Word and LibreOffice write them)."""
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True, **options)
    return out.getvalue()


def new_pdf() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    return pdf


def with_open_action(action: pikepdf.Dictionary) -> bytes:
    pdf = new_pdf()
    pdf.Root.OpenAction = pdf.make_indirect(action)
    return saved(pdf)


def refusal(data: bytes, name: str = "report.pdf") -> str:
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, data), max_bytes=LIMIT)
    return error.value.code


def hidden_from_bytes(data: bytes) -> bytes:
    """Guard: the feature is invisible to a check that reads bytes, so only parsing finds it."""
    assert not PDF_ACTIVE.search(data)
    return data


class TestHiddenActiveContent:
    def test_javascript_in_a_compressed_object_stream(self):
        data = hidden_from_bytes(
            with_open_action(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        )
        assert refusal(data) == "active_content"

    def test_javascript_with_escaped_names(self):
        data = hidden_from_bytes(
            PDF_BYTES.replace(
                b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"
            )
        )
        assert refusal(data) == "active_content"

    def test_javascript_name_tree_with_escaped_names(self):
        data = hidden_from_bytes(
            PDF_BYTES.replace(
                b"/Type /Catalog",
                b"/Type /Catalog /Names << /J#61v#61Script << /Names [(x) << /S /J#61vaScript /J#53 (1) >>] >> >>",
            )
        )
        assert refusal(data) == "active_content"

    def test_launch_action(self):
        data = hidden_from_bytes(with_open_action(pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc"))))
        assert refusal(data) == "active_content"

    @pytest.mark.parametrize("action", ["GoToE", "SubmitForm", "ImportData"])
    def test_actions_that_open_or_send_data(self, action):
        data = hidden_from_bytes(
            with_open_action(pikepdf.Dictionary(S=pikepdf.Name("/" + action), F=pikepdf.String("x")))
        )
        assert refusal(data) == "active_content"

    def test_script_in_a_page_additional_action(self):
        pdf = new_pdf()
        pdf.pages[0].obj.AA = pikepdf.Dictionary(
            O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        )
        assert refusal(hidden_from_bytes(saved(pdf))) == "active_content"

    def test_embedded_file(self):
        pdf = new_pdf()
        pdf.attachments["invoice.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ not really a program")
        # The embedded stream's /Type is optional: without it, no telling name is left outside the object streams.
        stream = pdf.attachments["invoice.exe"].obj.EF.F
        del stream.Type
        assert refusal(hidden_from_bytes(saved(pdf))) == "active_content"

    def test_xfa_form(self):
        pdf = new_pdf()
        xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xfa))
        assert refusal(hidden_from_bytes(saved(pdf))) == "active_content"

    def test_rich_media_annotation(self):
        pdf = new_pdf()
        annotation = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.RichMedia, Rect=pikepdf.Array([0, 0, 10, 10])
        )
        pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(annotation)])
        assert refusal(hidden_from_bytes(saved(pdf))) == "active_content"

    def test_the_message_says_why(self):
        data = with_open_action(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        with translation.override("en"):
            with pytest.raises(ValidationError) as error:
                check_upload(upload("แผน.pdf", data), max_bytes=LIMIT)
            assert "แผน.pdf" in error.value.messages[0]
            assert "scripts, attached files" in error.value.messages[0]


class TestUnreadable:
    def test_not_a_pdf_inside(self):
        assert refusal(b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n") == "pdf_unreadable"

    def test_encrypted_without_a_password_to_open(self):
        pdf = new_pdf()
        data = saved(pdf, encryption=pikepdf.Encryption(owner="owner", user=""))
        assert refusal(data) == "pdf_encrypted"

    def test_password_protected(self):
        pdf = new_pdf()
        data = saved(pdf, encryption=pikepdf.Encryption(owner="owner", user="secret"))
        assert refusal(data) == "pdf_encrypted"

    def test_too_many_objects_to_check(self, monkeypatch):
        monkeypatch.setattr(uploads, "PDF_MAX_OBJECTS", 3)
        pdf = new_pdf()
        for _ in range(5):
            pdf.add_blank_page()
        assert refusal(saved(pdf)) == "pdf_too_complex"


class TestLinksThatAreNotWebPages:
    """Found by the hostile campaign: a link action may run script or reach a network share."""

    @pytest.mark.parametrize(
        "uri", ["javascript:app.alert(1)", " JavaScript:app.alert(1)", "file:///etc/passwd", "\\\\evil.example\\x"]
    )
    def test_a_link_to_script_or_a_file_is_refused(self, uri):
        data = with_open_action(pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(uri)))
        assert refusal(data) == "active_content"

    def test_a_link_to_another_file_on_a_share_is_refused(self):
        action = pikepdf.Dictionary(S=pikepdf.Name.GoToR, F=pikepdf.String("\\\\evil.example\\share\\x.pdf"))
        assert refusal(with_open_action(action)) == "active_content"

    def test_web_and_mail_links_pass(self):
        for uri in ("https://www.obec.go.th/", "http://example.org/a", "mailto:saraban@example.go.th"):
            data = with_open_action(pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(uri)))
            assert check_upload(upload("links.pdf", data), max_bytes=LIMIT).content == data


class TestAccepted:
    def test_a_clean_pdf_with_links_and_object_streams(self):
        pdf = new_pdf()
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([0, 0, 100, 20]),
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.obec.go.th/")),
        )
        pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(link)])
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])  # open at page 1: harmless
        pdf.docinfo["/Title"] = "รายงานผลการดำเนินงาน"
        data = saved(pdf)
        checked = check_upload(upload("รายงาน.pdf", data), max_bytes=LIMIT)
        assert checked.content == data

    def test_the_hand_written_sample(self):
        assert check_upload(upload("report.pdf", PDF_BYTES), max_bytes=LIMIT).content == PDF_BYTES
