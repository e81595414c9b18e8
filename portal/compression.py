"""Response compression: django-compression-middleware, for text only.

Pages, feeds, calendars, CSV and JSON are compressed with zstd, Brotli or gzip, whichever the
client prefers; files people download (PDFs, photos, spreadsheets) are sent as they are, since
they are compressed already or are streamed from storage.
"""

from compression_middleware import middleware

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class CompressionMiddleware(middleware.CompressionMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if response.streaming or not content_type.startswith(COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)
