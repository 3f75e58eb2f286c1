"""A file as a multipart/form-data body that is read from disk as it is sent, never held whole in memory.

requests' own ``files=`` builds the whole body in memory first; this object instead tells its length up front
(so the request has a Content-Length, as Jira's upload wants) and hands out the preamble, the file and the
closing boundary in the chunks http.client asks for.
"""
from __future__ import annotations

import io
import uuid
from typing import BinaryIO


BLOCK = 64 * 1024


class MultipartUpload:
    def __init__(self, file: BinaryIO, size: int, filename: str, mime_type: str, field: str = "file"):
        self.boundary = f"tandem-{uuid.uuid4().hex}"
        disposition = f'form-data; name="{field}"; filename="{_html5_quoted(filename)}"'
        head = (f"--{self.boundary}\r\nContent-Disposition: {disposition}\r\n"
                f"Content-Type: {mime_type}\r\n\r\n").encode()
        tail = f"\r\n--{self.boundary}--\r\n".encode()
        file.seek(0)
        self._parts = [io.BytesIO(head), file, io.BytesIO(tail)]
        self._length = len(head) + size + len(tail)

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = BLOCK) -> bytes:
        """At most ``size`` bytes (a block when not told: the file is never read whole); b"" at the end."""
        size = size if size and size > 0 else BLOCK
        while self._parts:
            chunk = self._parts[0].read(size)
            if chunk:
                return chunk
            self._parts.pop(0)
        return b""


def _html5_quoted(filename: str) -> str:
    """As browsers write a file name in a form: UTF-8, with quotes and line breaks percent-encoded."""
    return filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")
