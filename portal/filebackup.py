"""What `export_files` and `import_files` share: the manifest's name and a walk over the storage."""

from collections.abc import Iterator

MANIFEST = "MANIFEST.sha256"


def stored_names(storage, folder: str = "") -> Iterator[str]:
    """Every file's name in a storage (local disk or bucket), sorted, folders walked depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local MEDIA_ROOT nothing was ever uploaded to
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)
