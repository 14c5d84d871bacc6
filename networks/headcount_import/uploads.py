"""An upload handler that drops a file as soon as it passes the import's size cap.

Django keeps an upload in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE`` and on disk past it, but
reads all of it before a form can look at its size. Put first in a view's upload handlers, this
one skips the rest of a file past the cap (read through, never kept, in memory or on disk) and
marks the request, so that the page can say why the file is missing.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

#: Set on the request when a file was dropped for its size.
TOO_LARGE = "head_count_upload_too_large"


class SizeCappedUploadHandler(FileUploadHandler):
    def __init__(self, request, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.max_bytes:
            setattr(self.request, TOO_LARGE, True)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers make the file


def upload_was_too_large(request) -> bool:
    return bool(getattr(request, TOO_LARGE, False))
