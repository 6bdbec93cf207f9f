"""Private media: personal documents (signed agreements, Science Shop attachments and
reports, kept uploads) live outside MEDIA_ROOT, under random names, and have no URL.

They are served only by views that check permission first, through
`private_file_response` (which hands the file to nginx with X-Accel-Redirect when
`ENGAGE_PRIVATE_MEDIA_ACCEL_PREFIX` is set). MEDIA_URL serves public media only
(CMS images), so nothing personal is reachable by a path, in development too.
"""

import mimetypes
import os
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header


class PrivateMediaStorage(FileSystemStorage):
    """A FileSystemStorage at PRIVATE_MEDIA_ROOT that refuses to make URLs."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(
            "Private documents have no URL: serve them with a view that checks "
            "permission (engage.core.storage.private_file_response)."
        )


def private_storage():
    """The storage of every personal document (a callable, for FileField)."""
    return storages["private"]


@deconstructible
class RandomName:
    """`upload_to` giving `<folder>/<uuid4 hex><extension>`: nothing in the name
    (student number, course, original file name) identifies or can be guessed."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        extension = PurePosixPath(filename or "").suffix.lower()[:10]
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def private_file_response(
    fieldfile, *, filename: str, inline: bool = False, content_type=None
):
    """Serve a private file to a caller already checked for permission.

    With ENGAGE_PRIVATE_MEDIA_ACCEL_PREFIX set (production behind nginx), nginx
    sends the bytes from an `internal` location; otherwise Django streams them.
    """
    prefix = getattr(settings, "ENGAGE_PRIVATE_MEDIA_ACCEL_PREFIX", "")
    if prefix:
        guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = HttpResponse(content_type=content_type or guessed)
        response["Content-Disposition"] = content_disposition_header(
            not inline, filename
        )
        response["X-Accel-Redirect"] = iri_to_uri(
            f"/{prefix.strip('/')}/{fieldfile.name}"
        )
        return response
    return FileResponse(
        fieldfile.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type,
    )


def move_to_private_storage(queryset, field: str, *, rename=None) -> int:
    """Move the files of `field` from the default (public) storage to private
    storage, optionally under a new name; for data migrations. Returns the count.

    Files already private, or missing, are left as they are (safe to re-run)."""
    public, private = storages["default"], private_storage()
    moved = 0
    for pk, name in queryset.exclude(**{field: ""}).values_list("pk", field):
        if not name or private.exists(name) or not public.exists(name):
            continue
        new_name = rename(name) if rename else name
        with public.open(name, "rb") as handle:
            stored = private.save(new_name, handle)
        queryset.filter(pk=pk).update(**{field: stored})
        public.delete(name)
        moved += 1
    return moved


@checks.register(checks.Tags.security)
def check_private_media_root(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT inside MEDIA_ROOT would publish every personal document."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents or private in public.parents:
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap: personal documents "
                "would be served at MEDIA_URL.",
                hint="Point DJANGO_PRIVATE_MEDIA_ROOT at a folder outside "
                "DJANGO_MEDIA_ROOT.",
                id="engage.E002",
            )
        ]
    return []
