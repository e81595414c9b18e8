"""Office slugs must never shadow a page of the site."""

from django.urls import URLResolver, get_resolver
from django.utils import translation

from participation.models import RESERVED_SLUGS


def first_segments(patterns):
    for pattern in patterns:
        segment = str(pattern.pattern).lstrip("^").split("/", 1)[0]
        if not segment and isinstance(pattern, URLResolver):
            yield from first_segments(pattern.url_patterns)
        elif segment and "<" not in segment:
            yield segment


def test_every_top_level_path_is_reserved():
    with translation.override("th"):  # Thai has no prefix, so the walk sees the paths behind it
        segments = set(first_segments(get_resolver().url_patterns))
    assert {"admin", "manage", "healthz", "accounts"} <= segments
    assert segments <= RESERVED_SLUGS, f"not reserved: {sorted(segments - RESERVED_SLUGS)}"
