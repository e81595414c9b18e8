"""Uploaded files, checked by content (`participation.uploads`) and stored under names the server makes.

Files are written through `participation.uploads.store_file`: a storage failure leaves no partial file and
raises `StorageFailed`; services that save files and their rows run under `files_atomic`, so that a failure
of either leaves neither."""

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from participation.uploads import IMAGE, CheckedFile, copy_name, store_file


def stored_file_path(instance, filename: str) -> str:
    # The server makes every stored name: nothing the client sent reaches the path.
    return f"{instance.upload_folder}/{instance.owner_office().slug}/{filename}"


class StoredFile(models.Model):
    """A file attached to an office's record. Subclasses name the record (a foreign key), the folder
    files go to (`upload_folder`) and how to reach the office (`owner_office`)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        IMAGE = "image", _("Photo")

    upload_folder = "files"

    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=160)
    content_type = models.CharField(_("content type"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE

    def owner_office(self):
        """The office whose record the file belongs to (its folder in storage)."""
        raise NotImplementedError

    @classmethod
    def build(cls, checked: CheckedFile, **fields) -> "StoredFile":
        """A new row holding the checked bytes under a server-made name; the caller saves the row (under
        `files_atomic`, so that the file goes if the row cannot be saved). Raises `StorageFailed`."""
        item = cls(
            original_name=checked.original_name,
            content_type=checked.file_type.content_type,
            kind=cls.Kind.IMAGE if checked.kind == IMAGE else cls.Kind.DOCUMENT,
            size=checked.size,
            width=checked.width,
            height=checked.height,
            **fields,
        )
        checked.save_to(item.file)
        return item

    def duplicate(self, **fields) -> "StoredFile":
        """A new row with this file's details and a copy of its bytes under a fresh name; the caller saves it."""
        copied = {field.name: getattr(self, field.name) for field in StoredFile._meta.fields if field.name != "file"}
        copied.pop("created_at", None)
        item = type(self)(**{**copied, **fields})
        with self.file.open("rb") as file:
            store_file(item.file, copy_name(self.file.name), ContentFile(file.read()))
        return item


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Remove stored files once the rows that named them are gone for good: a rollback keeps both."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
