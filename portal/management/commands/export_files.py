"""Copy every uploaded file from the storage (local disk or bucket) into a folder: the files' half of a backup.

    python manage.py export_files /var/backups/portal/2025-01-31/files

The folder gets the storage's own names (e.g. `announcements/2025/01/….pdf`) and a MANIFEST of names,
sizes and SHA-256 digests, which `import_files` checks after putting the files back. Files already in the
folder with the same digest are not copied again, so a daily run into the same folder only adds what is new.
"""

import hashlib
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from portal.filebackup import MANIFEST, stored_names


class Command(BaseCommand):
    help = "Copy every uploaded file from the storage into a folder, with a manifest of digests."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        folder.mkdir(parents=True, exist_ok=True)
        lines, copied = [], 0
        for name in stored_names(default_storage):
            target = folder / name
            with default_storage.open(name, "rb") as source:
                content = source.read()
            digest = hashlib.sha256(content).hexdigest()
            if not (target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == digest):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
                copied += 1
            lines.append(f"{digest}  {len(content)}  {name}")
        (folder / MANIFEST).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        self.stdout.write(f"{len(lines)} files in {folder} ({copied} copied now).")
