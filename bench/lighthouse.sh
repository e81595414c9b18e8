#!/usr/bin/env bash
# Lighthouse (mobile) on the main public pages of the demo, served like production.
#
# Not a test and not part of CI: a measurement to run by hand. It builds the demo in a temporary
# SQLite database, collects the static files (hashed and precompressed, served by whitenoise with
# DEBUG off, as in production), starts gunicorn on a spare port and runs `npx --yes lighthouse`
# with Debian's Chromium on home, an office's home, an announcement, the feedback form and a
# meeting. Prints the four category scores per page; the full reports stay in $LIGHTHOUSE_OUT.
#
# Environment: LIGHTHOUSE_PORT (8796), LIGHTHOUSE_OUT (a new temporary folder), CHROME_PATH
# (/usr/bin/chromium), LIGHTHOUSE_VERSION (npm version spec, default "12"), LIGHTHOUSE_OFFICE (singburi).
# Needs Node 20 with npx and network access to the npm registry the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-.venv/bin/python}"
PORT="${LIGHTHOUSE_PORT:-8796}"
OFFICE="${LIGHTHOUSE_OFFICE:-singburi}"
VERSION="${LIGHTHOUSE_VERSION:-12}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/portal-lighthouse.XXXXXX")"
OUT="${LIGHTHOUSE_OUT:-$WORK/reports}"
mkdir -p "$OUT"

export DJANGO_SETTINGS_MODULE=bench.settings
export BENCH_STATIC_ROOT="$WORK/static"
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export MEDIA_ROOT="$WORK/media"
export DEBUG=0
export SECRET_KEY="lighthouse-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL="http://127.0.0.1:$PORT"
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
export CACHE_URL="db://portal_cache"
export EMAIL_URL="dummy://"

server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    if [ -z "${LIGHTHOUSE_OUT:-}" ]; then echo "Reports: $OUT (removed with $WORK on exit; set LIGHTHOUSE_OUT to keep them)"; fi
    rm -rf "$WORK/static" "$WORK/db.sqlite3" "$WORK/media"
}
trap cleanup EXIT

echo "Building the demo in $WORK ..."
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py createcachetable
"$PY" manage.py seed_demo --allow-production >/dev/null
"$PY" manage.py collectstatic --noinput -v0

"$PY" -m gunicorn portal.wsgi --workers 2 --bind "127.0.0.1:$PORT" --log-level warning &
server=$!
for _ in $(seq 60); do
    curl -fs "http://127.0.0.1:$PORT/healthz/" >/dev/null && break
    sleep 1
done
curl -fs "http://127.0.0.1:$PORT/healthz/" >/dev/null || { echo "the server did not start" >&2; exit 1; }

# The addresses of one published announcement and one public meeting of the office, from the demo data.
read -r ANNOUNCEMENT MEETING < <("$PY" - "$OFFICE" <<'PYTHON'
import sys

import django

django.setup()
from announcements.models import Announcement
from participation.meetings.models import Meeting

office = sys.argv[1]
announcement = Announcement.objects.filter(office__slug=office).public().order_by("-pk").first()
meeting = Meeting.objects.filter(office__slug=office).public().order_by("-pk").first()
print(announcement.get_absolute_url(), meeting.get_absolute_url())
PYTHON
)

BASE="http://127.0.0.1:$PORT"
PAGES=(
    "home /"
    "office /$OFFICE/"
    "announcement $ANNOUNCEMENT"
    "feedback-form /$OFFICE/feedback/new/"
    "meeting $MEETING"
)

printf '\n%-16s %13s %13s %14s %5s  %s\n' page performance accessibility best-practices seo address
for entry in "${PAGES[@]}"; do
    name="${entry%% *}"
    path="${entry#* }"
    npx --yes "lighthouse@$VERSION" "$BASE$path" \
        --quiet --form-factor=mobile --screenEmulation.mobile --throttling-method=simulate \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --output=json --output=html --output-path="$OUT/$name" >/dev/null 2>"$OUT/$name.log" ||
        { echo "lighthouse failed on $path (see $OUT/$name.log)" >&2; continue; }
    "$PY" - "$OUT/$name.report.json" "$name" "$path" <<'PYTHON'
import json
import sys

report = json.load(open(sys.argv[1]))
scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
print(
    f"{sys.argv[2]:16} {scores['performance']:13} {scores['accessibility']:13} "
    f"{scores['best-practices']:14} {scores['seo']:5}  {sys.argv[3]}"
)
# What kept a category below 100: the audits that count and did not pass.
for key, category in report["categories"].items():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"    {key}: {audit['id']} ({audit['score']:.2f}) {audit['title']}")
PYTHON
done
