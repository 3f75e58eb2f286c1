"""A thin client for one Jira site's platform REST API.

It sends a request, classifies the outcome and either returns the response or
raises ``JiraError`` carrying the verdict. It never retries: the job layer owns
retries, so a failed call is repeated once by a job that reloaded its state,
instead of being multiplied by a second retry loop hidden in here.
"""
from __future__ import annotations

import http.cookiejar
import os
import threading
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from .verdict import Kind, Verdict, classify_exception, classify_response

# (connect, read) seconds. The connect timeout sits just above a multiple of
# 3 s, the TCP retransmission window, as the requests docs advise; 30 s of
# reading covers Jira's slow endpoints (search, bulk) without hanging a worker.
DEFAULT_TIMEOUT = (3.05, 30)

# Bytes read from a download at a time: large enough to be cheap, small enough that memory stays flat.
DOWNLOAD_CHUNK = 256 * 1024

# Connections kept per site: enough for every worker thread of a process to
# talk to the same busy site at once without opening fresh TLS connections.
POOL_CONNECTIONS_PER_SITE = 32
# Sites whose pools are kept: each tenant is its own host, so this bounds how
# many tenants stay warm before the least recently used pool is dropped.
POOL_SITES = 100


class JiraError(Exception):
    """A call that did not succeed; ``verdict`` says what to do about it."""

    def __init__(self, verdict: Verdict):
        super().__init__(verdict.message)
        self.verdict = verdict


@dataclass(frozen=True)
class JiraResponse:
    status: int
    headers: Any  # requests' case-insensitive mapping
    data: Any  # parsed JSON body, or None when the body is empty

    def json(self) -> Any:
        """The parsed body, spelled like requests so call sites read familiarly."""
        return self.data


class JiraClient:
    def __init__(
        self,
        site_base_url: str,
        auth: requests.auth.AuthBase,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    ):
        self._base_url = site_base_url.rstrip("/")
        self._auth = auth
        self._session = session if session is not None else shared_session()
        self._timeout = timeout

    def request(self, method: str, path: str, params=None, json=None, headers=None, data=None) -> JiraResponse:
        """Call ``path`` (relative to the site's base URL, e.g. ``/rest/api/3/myself``); ``headers`` are added
        to the request's own. ``data``: a body other than JSON, e.g. a file-like object, sent as it is read."""
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")
        try:
            response = self._session.request(
                method,
                self._base_url + path,
                params=params,
                json=json,
                data=data,
                # Per request, not on the session: the session is shared by
                # every tenant, and each tenant signs with its own secret.
                auth=self._auth,
                headers={"Accept": "application/json", **(headers or {})},
                timeout=self._timeout,
            )
        except requests.RequestException as exc:
            raise JiraError(classify_exception(exc)) from exc
        verdict = classify_response(response)
        if verdict.kind != Kind.OK:
            raise JiraError(verdict)
        return JiraResponse(response.status_code, response.headers, _json_body(response))

    def download(self, path: str, into: BinaryIO, params=None) -> int:
        """Streams the body of a GET of ``path`` into ``into``, chunk by chunk (never whole in memory); returns the
        number of bytes written."""
        try:
            with self._session.get(self._base_url + path, params=params, auth=self._auth, headers={"Accept": "*/*"},
                                   timeout=self._timeout, stream=True) as response:
                verdict = classify_response(response)
                if verdict.kind != Kind.OK:
                    raise JiraError(verdict)
                written = 0
                for chunk in response.iter_content(DOWNLOAD_CHUNK):
                    into.write(chunk)
                    written += len(chunk)
                return written
        except requests.RequestException as exc:
            raise JiraError(classify_exception(exc)) from exc

    def server_info(self) -> dict:
        return self.request("GET", "/rest/api/3/serverInfo").data

    def myself(self) -> dict:
        """The user the app acts as on this site."""
        return self.request("GET", "/rest/api/3/myself").data

    def get_issue(self, issue_id_or_key: str | int, fields: list[str] | None = None) -> dict:
        params = {"fields": ",".join(fields)} if fields else None
        path = f"/rest/api/3/issue/{quote(str(issue_id_or_key), safe='')}"
        return self.request("GET", path, params=params).data


def _json_body(response: requests.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        # A 2xx that is not JSON is a proxy or maintenance page standing in
        # for Jira, not Jira's answer: worth another try later.
        text = " ".join(response.text.split())[:200]
        raise JiraError(
            Verdict(
                Kind.TRANSIENT,
                status=response.status_code,
                message=f"{response.status_code}: expected JSON from Jira, got: {text}",
            )
        ) from None


_session_lock = threading.Lock()
_session: requests.Session | None = None
_session_pid: int | None = None


def shared_session() -> requests.Session:
    """The process's one pooled session, created on first use.

    Keyed by process id because gunicorn and the job workers fork: a child
    that inherited its parent's pooled sockets would share them with the
    parent and interleave bytes on the same connection.
    """
    global _session, _session_pid
    with _session_lock:
        if _session is None or _session_pid != os.getpid():
            _session, _session_pid = build_session(), os.getpid()
        return _session


def build_session(
    pool_connections_per_site: int = POOL_CONNECTIONS_PER_SITE,
    pool_sites: int = POOL_SITES,
) -> requests.Session:
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=pool_sites, pool_maxsize=pool_connections_per_site)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    # Every call carries its own JWT, so cookies are never needed; storing
    # the ones Jira sets would make calls stateful in a jar every thread and
    # tenant of the process shares.
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return session
