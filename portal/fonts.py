"""The Thai font of official documents, shipped with the portal from a Python package.

Sarabun (open font licence; the successor of TH Sarabun, the government's standard face) comes
from `fontpkg-sarabun` and is served by whitenoise under `static/fonts/sarabun/`. Only the
official-document stylesheet (`static/css/official.css`) asks for it, so the public pages, which
do not load that stylesheet, never download it.
"""

import re

import fontpkg_sarabun

SARABUN_DIR = fontpkg_sarabun.ROOT / "files"
SARABUN_PREFIX = "fonts/sarabun"

# Whitenoise's own test: a name with the hash that collectstatic's manifest adds.
_HASHED = re.compile(r"^.+\.[0-9a-f]{12}\..+$")


def immutable_file_test(path: str, url: str) -> bool:
    """Whether browsers may keep a static file for good: a hashed name (collectstatic), or the
    font, whose files never change for a pinned release of its package; an upgrade of the package
    goes out with `collectstatic`, whose hashed names move with the content."""
    return bool(_HASHED.match(url)) or f"/{SARABUN_PREFIX}/" in url
