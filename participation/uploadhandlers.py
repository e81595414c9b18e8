"""Upload limits enforced while the request body is read, not after it was spooled to disk.

Django reads a multipart body before any view runs (the CSRF check reads the form), keeping files in memory
or in temporary files through its upload handlers. `LimitedUploadHandler` comes first among them
(settings.FILE_UPLOAD_HANDLERS) and:

- refuses at once, before reading a byte, a body whose Content-Length is beyond what any form of the portal
  can take (UPLOAD_REQUEST_MAX_BYTES for signed-in staff, PUBLIC_UPLOAD_REQUEST_MAX_BYTES for everyone else):
  the answer is a 413 page (`request_too_large`, the portal's 400 handler);
- counts the bytes of each file as they arrive, and once a file passes the largest limit of any upload field
  of the portal, stops keeping it: what was spooled is dropped, the rest of that file is read and thrown
  away, and the file reaches the form as a `RefusedUpload` of its real size and no content. The form's own
  check (`check_upload`, or the field's limit) then refuses it with the usual message in the person's
  language, and the form is shown again with every other field as it was sent.

Why the rest of the file is still read (as `SkipFile` does) rather than the connection dropped
(`StopUpload(connection_reset=True)`): fields that come after the file in the body would be lost, and a
server that answers without reading the body makes browsers and proxies see a reset connection instead of
the answer. The body's size is bounded by the request limit, and behind the proxy (deploy/nginx/portal.conf)
the whole body has already arrived at nginx, which buffers it, so reading it is quick and no worker waits
on a slow client.
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views import defaults

# The settings that limit one uploaded file, for every upload field of the portal: the handler lets a file
# grow up to the largest of them. A new upload field with a larger limit adds its setting here.
FILE_LIMIT_SETTINGS = (
    "ANNOUNCEMENT_ATTACHMENT_MAX_BYTES",
    "ANNOUNCEMENT_COVER_MAX_BYTES",
    "MEETING_FILE_MAX_BYTES",
    "FEEDBACK_FILE_MAX_BYTES",
    "NETWORK_IMPORT_MAX_BYTES",
)


def largest_file_limit() -> int:
    """The largest file any upload field of the portal accepts, in bytes."""
    return max(getattr(settings, name) for name in FILE_LIMIT_SETTINGS)


def request_limit(request) -> int:
    """The largest multipart body taken from this request's sender, in bytes."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return settings.UPLOAD_REQUEST_MAX_BYTES
    return settings.PUBLIC_UPLOAD_REQUEST_MAX_BYTES


class UploadTooLarge(RequestDataTooBig):
    """A request body larger than the portal takes, refused before it was read."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"Request body of {size} bytes refused: the limit is {limit} bytes.")
        self.size, self.limit = size, limit


class RefusedUpload(UploadedFile):
    """A file that grew past the largest limit while it was read: none of its bytes were kept. Its size is
    the number of bytes that were sent, so that every size check refuses it with the usual message."""

    refused_while_reading = True

    def __init__(self, *, name, size, content_type, charset, content_type_extra):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class LimitedUploadHandler(FileUploadHandler):
    """Counts each file while it is read; see the module's description."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = request_limit(self.request)
        if content_length > limit:
            raise UploadTooLarge(content_length, limit)
        self.file_limit = largest_file_limit()
        return None  # parsed as usual, through this handler and the next ones

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.refused = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.file_limit:
            return raw_data  # passed on to the handlers that keep it
        if not self.refused:
            self.refused = True
            self._drop_kept()
        return None  # counted, and not passed on: nothing more of this file is kept

    def file_complete(self, file_size):
        if not self.refused:
            return None  # the next handler gives the file
        return RefusedUpload(
            name=self.file_name,
            size=file_size,
            content_type=self.content_type,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def _drop_kept(self) -> None:
        """Close what the handlers after this one kept of the file (a temporary file is deleted on close)."""
        handlers = self.request.upload_handlers
        for handler in handlers[handlers.index(self) + 1 :]:
            kept = getattr(handler, "file", None)
            if kept is not None:
                kept.close()


def bad_request(request, exception, template_name="400.html"):
    """The portal's 400 handler: a body refused for its size gets a page that says so (413); anything else
    gets Django's own answer."""
    if isinstance(exception, UploadTooLarge):
        response = render(
            request,
            "413.html",
            {"limit": filesizeformat(exception.limit), "file_limit": filesizeformat(largest_file_limit())},
            status=413,
        )
        response["Connection"] = "close"  # the body was not read: this connection cannot carry another request
        return response
    return defaults.bad_request(request, exception, template_name=template_name)
