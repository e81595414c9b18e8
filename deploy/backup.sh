#!/bin/sh
# Back up the portal: the database (pg_dump, custom format) and every uploaded file (local disk or bucket).
#
#   cd /srv/portal && sudo -u portal sh -ac '. /etc/portal/portal.env; deploy/backup.sh /var/backups/portal/$(date +%F)'
#
# Needs DATABASE_URL (PostgreSQL) and the storage settings of portal.env. Writes into the folder:
#   portal.dump   the database, for deploy/restore.sh (pg_restore)
#   files/        the uploaded files under their stored names, with MANIFEST.sha256
# The dump is consistent in itself; files uploaded while it runs may be in files/ without a row (harmless).
set -eu
dest="${1:?usage: deploy/backup.sh FOLDER}"
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PORTAL_PYTHON:-$here/.venv/bin/python}"
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file="$dest/portal.dump" "$DATABASE_URL"
"$python" "$here/manage.py" export_files "$dest/files"
echo "Backup written to $dest"
