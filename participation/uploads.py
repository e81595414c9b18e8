"""Checking uploaded files by their content, and re-encoding images.

A file is accepted only when its name's extension is on the list, its bytes
are really of that type, it carries no markup or script a browser could run
(polyglots such as a PNG with HTML appended), and it is within the size limit.
Images are decoded and written again, which drops EXIF/GPS and anything hidden
after the picture. PDFs are parsed (pikepdf, on qpdf): every object, compressed
object streams included, is looked at with its names as the PDF means them, and
anything that runs script, launches programs, carries other files or sends data
is refused. Every app that takes uploads (announcements, meetings, feedback)
goes through `check_upload`.

Storing: `store_file` writes a checked file to storage and removes whatever part
of it was written when the storage fails (full disk, no permission, an object
store's error), raising `StorageFailed` with a message for the person; services
that write files and rows run under `files_atomic`, so a failure of either
leaves neither: the transaction rolls the rows back, and the files it wrote are
removed.
"""

import contextlib
import contextvars
import functools
import io
import itertools
import logging
import re
import time
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logging.getLogger("pikepdf._core").setLevel(logging.WARNING)  # not its "logger bridge initialized" in every process
import pikepdf  # noqa: E402 - after quieting its logger

logger = logging.getLogger(__name__)

IMAGE = "image"
DOCUMENT = "document"


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    kind: str
    family: str  # what the bytes look like: pdf, png, jpeg, webp, ooxml-word, odf, ole2, …


TYPES = {
    t.extension: t
    for t in [
        FileType("pdf", "application/pdf", DOCUMENT, "pdf"),
        FileType("jpg", "image/jpeg", IMAGE, "jpeg"),
        FileType("jpeg", "image/jpeg", IMAGE, "jpeg"),
        FileType("png", "image/png", IMAGE, "png"),
        FileType("webp", "image/webp", IMAGE, "webp"),
        FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCUMENT, "docx"),
        FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", DOCUMENT, "xlsx"),
        FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", DOCUMENT, "pptx"),
        FileType("odt", "application/vnd.oasis.opendocument.text", DOCUMENT, "odt"),
        FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", DOCUMENT, "ods"),
        FileType("odp", "application/vnd.oasis.opendocument.presentation", DOCUMENT, "odp"),
        FileType("doc", "application/msword", DOCUMENT, "ole2"),
        FileType("xls", "application/vnd.ms-excel", DOCUMENT, "ole2"),
        FileType("ppt", "application/vnd.ms-powerpoint", DOCUMENT, "ole2"),
    ]
}
ACCEPTED_TYPES_TEXT = _("PDF, JPEG, PNG, WebP, Word, Excel, PowerPoint and OpenDocument files")
IMAGE_TYPES_TEXT = _("JPEG, PNG and WebP images")

# Markup that makes a browser run or render something, looked for anywhere in the bytes.
MARKUP = re.compile(
    rb"<\s*(script|html|body|iframe|object|embed|svg|meta|link|form)\b|<!doctype\s+html|<\?php|javascript:",
    re.IGNORECASE,
)
# PDF features that run code or carry other files, as plain bytes: a first, cheap look. The parser
# (`_check_pdf`) finds them however they are written: escaped (/J#61vaScript) or compressed.
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
# Dictionary keys that only active or embedded content has: scripts (/JS, /JavaScript name trees),
# attached files (/EmbeddedFiles name tree, /EF of a file specification), XFA forms, rich media.
PDF_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent", "/RichMediaSettings"}
)
# Action types (/S) that run script, start programs, open embedded documents, send or pull form data.
PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/GoToE",
        "/GoToR",  # opens another file: on a network share it hands the reader's credentials to that server
        "/SubmitForm",
        "/ImportData",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
# Links (/URI) may lead to web pages and e-mail addresses only: not javascript:, file:, data: or a share.
PDF_SAFE_URI = re.compile(rb"\s*(https?://|mailto:)", re.IGNORECASE)
# Object types (/Type, /Subtype) that are embedded files or media.
PDF_ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/RichMedia", "/FileAttachment", "/Screen", "/Sound", "/Movie", "/3D"})
# Bounds, so that a crafted PDF cannot keep a request busy: objects, pages, values looked at, seconds.
PDF_MAX_OBJECTS = 200_000
PDF_MAX_PAGES = 5_000
PDF_MAX_VALUES = 2_000_000
PDF_MAX_SECONDS = 10.0
OLE2_MACROS = "_VBA_PROJECT".encode("utf-16-le")
MAX_IMAGE_SIDE = 2400
MAX_IMAGE_PIXELS = 50_000_000


@dataclass
class CheckedFile:
    """An upload that passed every check, ready to be stored under a server-made name."""

    content: bytes
    original_name: str
    file_type: FileType
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def kind(self) -> str:
        return self.file_type.kind

    def as_django_file(self) -> ContentFile:
        return ContentFile(self.content, name=server_name(self.file_type.extension))

    def save_to(self, field_file) -> None:
        """Store the checked bytes in a file field under a name the server makes (the row is saved by the caller).

        Raises `StorageFailed` when the storage fails, having removed what it wrote."""
        store_file(field_file, server_name(self.file_type.extension), ContentFile(self.content))


class StorageFailed(OSError):
    """The storage could not take a file (full disk, no permission, an object store's error): nothing of the
    file was kept. An OSError, so that code catching storage errors catches it; `message` is for people."""

    message = _(
        "The file could not be stored just now, so nothing was saved. Please try again in a few minutes; "
        "if it happens again, tell the site administrator."
    )


# The files written inside each `files_atomic` block now open, innermost last.
_written: contextvars.ContextVar[tuple[list, ...]] = contextvars.ContextVar("stored_files_written", default=())


def store_file(field_file, name: str, content) -> None:
    """Save `content` in a file field's storage under `name` (through the field's upload_to), without saving the row.

    On any failure of the storage, the part of the file it may have written is removed and `StorageFailed` is
    raised; on success, the file is remembered by the enclosing `files_atomic` block, which removes it if the
    block fails later (another file, the row)."""
    storage = field_file.storage
    target = field_file.field.generate_filename(field_file.instance, name)
    try:
        field_file.save(name, content, save=False)
    except Exception as error:
        logger.exception("The storage failed to write %s", target)
        _discard(storage, target)
        raise StorageFailed(str(error)) from error
    if _written.get():
        _written.get()[-1].append((storage, field_file.name))


def _discard(storage, name: str) -> None:
    """Remove a stored file (or what part of it was written), whatever the storage answers."""
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 - a storage that failed may fail again: logged, never raised over the first error
        logger.exception("Could not remove %s from the storage", name)


@contextlib.contextmanager
def _files_undone_on_failure():
    written: list = []
    outer = _written.get()
    token = _written.set((*outer, written))
    try:
        yield
    except BaseException:
        for storage, name in written:
            _discard(storage, name)
        raise
    finally:
        _written.reset(token)
    if outer:
        outer[-1].extend(written)  # an enclosing block that fails later removes them too


def files_atomic(func):
    """Run `func` in a transaction; if it fails (a storage error, a database error, a refusal), the files it
    stored through `store_file` are removed as its rows are rolled back: no partial file, no orphan row.

    A transaction opened around the call by the caller is beyond its reach: if that one rolls back after `func`
    returned, the files stay (services are the outermost transaction, so this does not happen in the portal)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _files_undone_on_failure(), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def copy_name(name: str) -> str:
    """A new server-made name for a copy of a stored file, with the same extension."""
    return server_name(name.rsplit(".", 1)[-1])


def server_name(extension: str) -> str:
    """A stored file's name: random, so nothing the client sent reaches the path."""
    return f"{uuid.uuid4().hex}.{extension}"


def protected_file_response(file, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """Serve an uploaded file so that nothing in it can run: downloaded unless asked inline (re-encoded
    pictures), its type never sniffed, and sandboxed even if a browser renders it.

    Called only after the caller's permission checks. From an object store with S3_SIGNED_URL_SECONDS set,
    the answer is a redirect to a link signed for that long, carrying the same name, type and disposition
    (the bucket itself stays private); otherwise the portal streams the bytes itself."""
    if settings.S3_SIGNED_URL_SECONDS and hasattr(file.storage, "bucket_name"):
        return _signed_redirect(file, filename=filename, content_type=content_type, inline=inline)
    response = FileResponse(file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _signed_redirect(file, *, filename: str, content_type: str, inline: bool) -> HttpResponse:
    disposition = content_disposition_header(not inline, filename)
    url = file.storage.url(
        file.name,
        parameters={"ResponseContentType": content_type, "ResponseContentDisposition": disposition},
        expire=settings.S3_SIGNED_URL_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"  # the link expires: never kept by a cache
    return response


def clean_name(name: str) -> str:
    """The last part of a client-given name, without control characters or path parts."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10:
        # Long Thai names are common: shorten the stem, never the extension.
        return f"{stem[: 150 - len(extension) - 1]}.{extension}" if stem else name[:150] or "file"
    return name[:150] or "file"


def sniff(data: bytes) -> str | None:
    """The family of a file from its first bytes (and, for ZIP containers, their contents)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read a few bytes only: a compressed member could expand to gigabytes.
                if archive.getinfo("mimetype").file_size > 200:
                    return None
                with archive.open("mimetype") as member:
                    mimetype = member.read(200).decode("ascii", "replace").strip()
                return {
                    "application/vnd.oasis.opendocument.text": "odt",
                    "application/vnd.oasis.opendocument.spreadsheet": "ods",
                    "application/vnd.oasis.opendocument.presentation": "odp",
                }.get(mimetype)
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return "macro"
            for prefix, family in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                if any(name.startswith(prefix) for name in names):
                    return family
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _ends_cleanly(family: str, data: bytes) -> bool:
    """Nothing hides after the end of the picture or document."""
    if family == "png":
        return data.endswith(b"IEND\xaeB`\x82")
    # JPEG is left out on purpose: phones (Samsung's among them) append their own
    # trailers after the picture; re-encoding drops them, and markup is caught anyway.
    if family == "webp":
        return int.from_bytes(data[4:8], "little") + 8 == len(data)
    if family == "pdf":
        return b"%%EOF" in data[-1024:]
    return True


def check_upload(uploaded, *, max_bytes: int, kinds: frozenset[str] = frozenset({IMAGE, DOCUMENT})) -> CheckedFile:
    """Check one uploaded file; raise ValidationError with a message for the person who sent it."""
    name = clean_name(getattr(uploaded, "name", ""))
    params = {"name": name, "limit": filesizeformat(max_bytes)}
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s: choose a file smaller than %(limit)s."),
            code="too_large",
            params={**params, "size": filesizeformat(uploaded.size)},
        )
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    file_type = TYPES.get(extension)
    if file_type is None or file_type.kind not in kinds:
        raise ValidationError(
            _("“%(name)s” is not a type of file we accept. Accepted: %(types)s."),
            code="bad_type",
            params={**params, "types": IMAGE_TYPES_TEXT if kinds == {IMAGE} else ACCEPTED_TYPES_TEXT},
        )
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too large: choose a file smaller than %(limit)s."), code="too_large", params=params
        )

    family = sniff(data)
    if family == "macro":
        raise ValidationError(
            _("“%(name)s” contains macros, which are not accepted. Save it without macros and try again."),
            code="macros",
            params=params,
        )
    if family != file_type.family or not _ends_cleanly(family, data):
        raise ValidationError(
            _("The content of “%(name)s” is not a real %(type)s file. Check the file and try again."),
            code="content_mismatch",
            params={**params, "type": extension.upper()},
        )
    if (
        MARKUP.search(data)
        or (family == "pdf" and PDF_ACTIVE.search(data))
        or (family == "ole2" and OLE2_MACROS in data)
    ):
        raise ValidationError(
            _("“%(name)s” contains scripts or hidden content and was refused."), code="active_content", params=params
        )
    if family == "pdf":
        _check_pdf(data, params)
    if file_type.kind == IMAGE:
        return _reencode_image(data, name, file_type, params)
    return CheckedFile(content=data, original_name=name, file_type=file_type)


PDF_ENCRYPTED = _(
    "“%(name)s” is protected with a password or encryption. Save a copy without protection and try again."
)
PDF_TOO_COMPLEX = _("“%(name)s” is too large or too complex to check. Split it into smaller files and try again.")
PDF_UNREADABLE = _("“%(name)s” could not be read as a PDF file. Save or export it as PDF again and try once more.")
PDF_ACTIVE_CONTENT = _(
    "“%(name)s” contains scripts, attached files or interactive content, which are not accepted. "
    "Save it again with “Print to PDF” (or export it as PDF without them) and try again."
)


class _TooComplex(Exception):
    pass


def _check_pdf(data: bytes, params: dict) -> None:
    """Parse the PDF and refuse it if it cannot be read, is encrypted, or holds active or embedded content."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted", params=params)
            if len(pdf.objects) > PDF_MAX_OBJECTS or len(pdf.pages) > PDF_MAX_PAGES:
                raise _TooComplex
            found = _pdf_active_feature(pdf)
    except ValidationError:
        raise
    except pikepdf.PasswordError as error:
        raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted", params=params) from error
    except _TooComplex as error:
        raise ValidationError(PDF_TOO_COMPLEX, code="pdf_too_complex", params=params) from error
    except (pikepdf.PdfError, pikepdf.ForeignObjectError, ValueError, TypeError, RuntimeError, OSError) as error:
        raise ValidationError(PDF_UNREADABLE, code="pdf_unreadable", params=params) from error
    if found:
        logger.info("PDF refused for %s", found)
        raise ValidationError(PDF_ACTIVE_CONTENT, code="active_content", params=params)


def _pdf_active_feature(pdf) -> str | None:
    """The first active or embedded feature found in any object of the PDF (a key or a type, as the parser
    read it: escapes resolved, object streams opened), or None. Direct values are walked inside each object;
    indirect ones are reached as objects of their own, so each is looked at once."""
    deadline = time.monotonic() + PDF_MAX_SECONDS
    looked_at = 0
    for obj in itertools.chain([pdf.trailer], pdf.objects):
        stack = [obj]
        while stack:
            node = stack.pop()
            looked_at += 1
            if looked_at > PDF_MAX_VALUES or (looked_at % 10_000 == 0 and time.monotonic() > deadline):
                raise _TooComplex
            if isinstance(node, pikepdf.Array):
                stack.extend(item for item in node if _is_direct_container(item))
                continue
            if not isinstance(node, pikepdf.Dictionary | pikepdf.Stream):
                continue
            for key, value in node.items():
                if key in PDF_ACTIVE_KEYS:
                    return key
                if isinstance(value, pikepdf.Name) and (
                    (key == "/S" and str(value) in PDF_ACTIVE_ACTIONS)
                    or (key in ("/Type", "/Subtype") and str(value) in PDF_ACTIVE_TYPES)
                ):
                    return f"{key} {value}"
                if key == "/URI" and isinstance(value, pikepdf.String) and not PDF_SAFE_URI.match(bytes(value)):
                    return "/URI"
                if _is_direct_container(value):
                    stack.append(value)
    return None


def _is_direct_container(value) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect


def _reencode_image(data: bytes, name: str, file_type: FileType, params: dict) -> CheckedFile:
    """Decode the picture and write it again: no EXIF, no GPS, nothing appended, a sane size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(_("“%(name)s” has too many pixels."), code="too_many_pixels", params=params)
                icc_profile = image.info.get("icc_profile")  # colours, not personal data: kept
                image.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))  # JPEG: decode at a reduced size when large
                image = ImageOps.exif_transpose(image)
                image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
                if image.mode == "P":
                    # A palette image's transparency lives in its info, which is not copied: keep it as alpha.
                    image = image.convert("RGBA")
                fmt = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[file_type.family]
                if fmt == "JPEG" and image.mode not in {"RGB", "L"}:
                    image = image.convert("RGB")
                elif image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
                    image = image.convert("RGBA")
                clean = Image.new(image.mode, image.size)
                clean.paste(image)
                out = io.BytesIO()
                options = {"JPEG": {"quality": 85, "optimize": True, "progressive": True}, "PNG": {"optimize": True}}
                extra = {"icc_profile": icc_profile} if icc_profile else {}
                clean.save(out, fmt, **options.get(fmt, {"quality": 85}), **extra)
                width, height = clean.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as error:
        raise ValidationError(
            _("“%(name)s” could not be read as a picture."), code="bad_image", params=params
        ) from error
    return CheckedFile(content=out.getvalue(), original_name=name, file_type=file_type, width=width, height=height)
