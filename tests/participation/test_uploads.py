"""Uploads are checked by their content; images lose their metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from participation.uploads import IMAGE, check_upload, clean_name
from tests.factories import PDF_BYTES, docx_bytes, jpeg_with_gps, png_bytes, upload

LIMIT = 1024 * 1024


def refused(name, content, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content), max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)
    return error.value.code


class TestRefused:
    def test_png_with_html_appended(self):
        assert refused("photo.png", png_bytes() + b"<html><script>alert(1)</script></html>") in {
            "content_mismatch",
            "active_content",
        }

    def test_jpeg_with_script_appended(self):
        assert refused("photo.jpg", jpeg_with_gps() + b"<script>alert(1)</script>") == "active_content"

    def test_svg_with_script(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        assert refused("logo.svg", svg) == "bad_type"

    def test_svg_renamed_as_png(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
        assert refused("logo.png", svg) == "content_mismatch"

    def test_double_extension(self):
        assert refused("a.pdf.html", b"<html><body>hi</body></html>") == "bad_type"

    def test_html_named_pdf_with_a_path(self):
        assert refused("../../x.pdf", b"<html><body>not a pdf</body></html>") == "content_mismatch"

    def test_pdf_with_javascript(self):
        evil = PDF_BYTES.replace(
            b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
        )
        assert refused("report.pdf", evil) == "active_content"

    def test_word_file_with_macros(self):
        assert refused("plan.docx", docx_bytes(macros=True)) == "macros"

    def test_over_the_size_limit(self):
        assert refused("big.pdf", PDF_BYTES + b"0" * 3000, max_bytes=2000) == "too_large"

    def test_document_where_only_images_are_taken(self):
        assert refused("cover.pdf", PDF_BYTES, kinds=frozenset({IMAGE})) == "bad_type"

    def test_truncated_picture(self):
        assert refused("broken.png", png_bytes()[:60]) in {"content_mismatch", "bad_image"}

    def test_message_names_the_file_in_the_active_language(self):
        with translation.override("th"):
            with pytest.raises(ValidationError) as error:
                check_upload(upload("a.pdf.html", b"<html></html>"), max_bytes=LIMIT)
            assert "a.pdf.html" in error.value.messages[0]
            assert "ไม่" in error.value.messages[0]


class TestAccepted:
    def test_pdf(self):
        checked = check_upload(upload("รายงาน ปี 2568.pdf", PDF_BYTES), max_bytes=LIMIT)
        assert checked.file_type.content_type == "application/pdf"
        assert checked.original_name == "รายงาน ปี 2568.pdf"
        assert checked.content == PDF_BYTES

    def test_office_document(self):
        assert check_upload(upload("plan.docx", docx_bytes()), max_bytes=LIMIT).file_type.extension == "docx"

    def test_path_in_the_name_is_dropped_and_the_stored_name_is_ours(self):
        checked = check_upload(upload("../../x.pdf", PDF_BYTES), max_bytes=LIMIT)
        assert checked.original_name == "x.pdf"
        stored = checked.as_django_file().name
        assert "/" not in stored and ".." not in stored and stored.endswith(".pdf")

    def test_photo_loses_exif_and_gps(self):
        original = jpeg_with_gps()
        assert Image.open(io.BytesIO(original)).getexif()  # the sample really has EXIF
        checked = check_upload(upload("site-visit.jpg", original), max_bytes=LIMIT)
        cleaned = Image.open(io.BytesIO(checked.content))
        assert not cleaned.getexif()
        assert b"Test Camera Model" not in checked.content
        assert (checked.width, checked.height) == (60, 40)

    def test_phone_trailer_after_a_jpeg_is_dropped(self):
        checked = check_upload(upload("phone.jpg", jpeg_with_gps() + b"SEFH\x00\x01trailer"), max_bytes=LIMIT)
        assert b"trailer" not in checked.content

    def test_large_photo_is_scaled_down(self):
        checked = check_upload(upload("wide.png", png_bytes(size=(5000, 100))), max_bytes=5 * LIMIT)
        assert checked.width == 2400


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../x.pdf", "x.pdf"),
        ("C:\\Users\\a\\b.pdf", "b.pdf"),
        ("a\x00b.pdf", "ab.pdf"),
        ("", "file"),
        ("..", "file"),
        ("ก" * 200 + ".pdf", "ก" * 146 + ".pdf"),
    ],
)
def test_clean_name(given, expected):
    assert clean_name(given) == expected


def test_transparent_palette_png_keeps_its_transparency():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0] + [0, 0, 0] * 255)
    image.info["transparency"] = 0
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    checked = check_upload(upload("logo.png", out.getvalue()), max_bytes=LIMIT)
    cleaned = Image.open(io.BytesIO(checked.content))
    assert cleaned.mode == "RGBA" and cleaned.getpixel((0, 0))[3] == 0
