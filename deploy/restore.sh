#!/bin/sh
# Restore a backup made by deploy/backup.sh into an EMPTY database and an empty (or the same) bucket or MEDIA_ROOT.
#
#   sudo -u postgres createdb --owner=portal portal          # a fresh, empty database
#   cd /srv/portal && sudo -u portal sh -ac '. /etc/portal/portal.env; deploy/restore.sh /var/backups/portal/2025-01-31'
#
# Stop portal-web and portal-worker first. DATABASE_URL and the storage settings say where to restore to.
# The whole database is restored in one transaction: on any error nothing is left half restored.
set -eu
src="${1:?usage: deploy/restore.sh FOLDER}"
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PORTAL_PYTHON:-$here/.venv/bin/python}"
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" "$src/portal.dump"
"$python" "$here/manage.py" import_files "$src/files"
# Tables a newer release added since the backup are created now; cached pages of before are not served.
"$python" "$here/manage.py" migrate --noinput
echo "Restored from $src"
