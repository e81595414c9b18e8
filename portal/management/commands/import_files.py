"""Put the files of a backup folder (made by `export_files`) back into the storage (local disk or bucket).

    python manage.py import_files /var/backups/portal/2025-01-31/files

Each file goes back under its own name, replacing what the storage holds under it; then every file of the
MANIFEST is read back from the storage and its digest compared. Exits with an error if one differs.
"""

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from portal.filebackup import MANIFEST


class Command(BaseCommand):
    help = "Put the files of a backup folder back into the storage and check them against its manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        manifest = folder / MANIFEST
        if not manifest.is_file():
            raise CommandError(f"{manifest} is missing: is this a folder made by export_files?")
        entries = [line.split("  ", 2) for line in manifest.read_text(encoding="utf-8").splitlines() if line]
        for _digest, _size, name in entries:
            if default_storage.exists(name):
                default_storage.delete(name)  # the name must stay the same: the database rows point at it
            saved = default_storage.save(name, ContentFile((folder / name).read_bytes()))
            if saved != name:
                raise CommandError(f"The storage stored {name} as {saved}")
        wrong = []
        for digest, _size, name in entries:
            with default_storage.open(name, "rb") as stored:
                if hashlib.sha256(stored.read()).hexdigest() != digest:
                    wrong.append(name)
        if wrong:
            raise CommandError(f"{len(wrong)} files differ from the backup after restoring: {', '.join(wrong[:10])}")
        self.stdout.write(f"{len(entries)} files restored and checked.")
