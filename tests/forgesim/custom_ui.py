"""What Forge does for an app's Custom UI (the iframe of a UI module such as ``jira:projectSettingsPage``): the
context ``view.getContext()`` returns, ``invokeRemote`` through the module's endpoint, and the Content Security
Policy the resource is served with.

``invokeRemote`` calls the remote with a FIT naming the user and where the page is open, then answers the page
as Forge does: ``{status, headers, body}`` for a 2xx, and for any other status with a JSON body; a 401 (reserved
for a refused FIT), a non-2xx without a JSON body, a body that is not JSON or no answer at all is refused with
Forge's message instead (the bridge's ``{success: false, error}``).
"""
from __future__ import annotations

import json
import uuid

import requests

from .platform import ForgeInstallation

# Forge's messages for the answers it refuses (the invokeRemote reference, "Error responses").
FIT_REFUSED = "Remote could not verify the Forge Invocation Token"
INVALID_ANSWER = "Invalid response from remote"
# Forge's own policy for a Custom UI resource; a manifest's permissions.content widens style-src and script-src.
BASE_POLICY = {"default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
               "img-src": ["'self'", "data:", "blob:"], "font-src": ["'self'", "data:"], "connect-src": ["'self'"],
               "object-src": ["'none'"], "base-uri": ["'self'"]}


def view_context(installation: ForgeInstallation, account_id: str, module_key: str, extension: dict) -> dict:
    """What ``view.getContext()`` gives the page: who, where, and the module's extension (its type, the project
    and, in an issue's modules, the issue)."""
    site = installation.site
    return {"accountId": account_id, "cloudId": site.cloud_id, "siteUrl": site.base_url, "moduleKey": module_key,
            "localId": f"{module_key}-{uuid.uuid4()}", "locale": "en-US", "timezone": "UTC",
            "environmentType": "PRODUCTION", "extension": extension}


def invoke_remote(installation: ForgeInstallation, account_id: str, extension: dict, call: dict) -> dict:
    """One ``invokeRemote({path, method, headers, body})`` of the page, answered as the bridge answers."""
    body = call.get("body")
    try:
        response = installation.invoke_remote(call["method"], call["path"], account_id,
                                              {key: value for key, value in extension.items() if key != "type"},
                                              json=body, module_type=extension["type"])
    except requests.RequestException:
        return {"success": False, "error": {"message": INVALID_ANSWER}}
    return answer_of(response)


def answer_of(response: requests.Response) -> dict:
    if response.status_code == 401:
        return {"success": False, "error": {"message": FIT_REFUSED}}
    content_type = response.headers.get("Content-Type", "")
    ok = 200 <= response.status_code < 300
    if not ok and (not response.content or (content_type and not content_type.startswith("application/json"))):
        return {"success": False, "error": {"message": INVALID_ANSWER}}
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        return {"success": False, "error": {"message": INVALID_ANSWER}}
    headers = {name.lower(): [value] for name, value in response.headers.items()}
    return {"success": True, "payload": {"status": response.status_code, "headers": headers, "body": body}}


def content_security_policy(manifest: dict) -> str:
    """The policy Forge serves the app's Custom UI with, given what its manifest's ``permissions.content`` allows."""
    content = (manifest.get("permissions") or {}).get("content") or {}
    policy = {directive: list(sources) for directive, sources in BASE_POLICY.items()}
    policy["style-src"] += [f"'{source}'" for source in content.get("styles", [])]
    policy["script-src"] += [f"'{source}'" for source in content.get("scripts", [])]
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())
