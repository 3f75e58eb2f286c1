"""The contract of an attachment upload, which openapi-core cannot check: the spec describes the multipart body
as an array of ``MultipartFile`` objects (Java's view of it), while on the wire it is multipart/form-data whose
files are parts named ``file``, each with a file name (the operation's own description). The path and parameters
are still checked against the spec; the body by hand, as the description says."""
import io
import re
from dataclasses import replace

from openapi_core.validation.request.exceptions import MissingRequiredRequestBody
from werkzeug.formparser import parse_form_data

UPLOAD_PATH = re.compile(r"^/rest/api/3/issue/[^/]+/attachments/?$")


def is_upload(request) -> bool:
    return request.method == "post" and bool(UPLOAD_PATH.match(request.relative_path))


def upload_problems(request, openapi) -> list[str]:
    from .contract import describe  # it imports this module
    bodiless = replace(request, body=None, content_type="")
    problems = [describe(error) for error in openapi.iter_request_errors(bodiless)
                if not isinstance(error, MissingRequiredRequestBody)]
    return problems + _body_problems(request)


def _body_problems(request) -> list[str]:
    if not request.content_type.startswith("multipart/form-data") or "boundary=" not in request.content_type:
        return [f"the body must be multipart/form-data with a boundary, got {request.content_type!r}"]
    body = request.body or b""
    environ = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": request.content_type, "CONTENT_LENGTH": str(len(body)),
               "wsgi.input": io.BytesIO(body)}
    _, form, files = parse_form_data(environ)
    problems = [f"unexpected multipart part {name!r}: files go in parts named 'file'"
                for name in [*form, *files] if name != "file"]
    named = files.getlist("file")
    if not named:
        problems.append("no part named 'file'")
    problems += ["a 'file' part without a file name" for part in named if not part.filename]
    return problems
