"""CPU the web app spends per acknowledged webhook, measured in-process: no HTTP server, no other load counted.

    .venv/bin/python bench/ingest_profile.py [--database postgresql|sqlite] [--webhooks N]
    .venv/bin/py-spy record -o profile.svg -- .venv/bin/python bench/ingest_profile.py --webhooks 20000

One thread calls the Flask app's WSGI entry with signed ``jira:issue_created`` webhooks (4 KiB, 64 distinct
JWTs, a fresh identifier each, over 1,000 issues), as bench/ingest.py sends them through gunicorn, and reports
the process's CPU time per webhook (PostgreSQL's and Redis's own CPU is theirs, not counted). It uses the
benchmarks' database and queue (``bench.stack``; bench/run creates them), never the test suite's.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repo root holds addon/ and tests/

import redis  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from addon.config import load_settings  # noqa: E402
from addon.connect.secrets import SecretBox  # noqa: E402
from addon.connect.tenants import record_install  # noqa: E402
from addon.web.app import build_app  # noqa: E402
from bench.callgrind import counted  # noqa: E402
from bench.stack import POSTGRESQL_URL, REDIS_QUEUE_URL  # noqa: E402
from tests.support.databases import fresh_database  # noqa: E402
from tests.support.tokens import claims, hs256  # noqa: E402

BASE_URL = "https://tandem.example.com"
WEBHOOK_PATH = "/webhooks/jira"
CLIENT_KEY = "profile-site"
SHARED_SECRET = "a-shared-secret-of-forty-characters-long!"
TOKENS = 64
ISSUES = 1000
WARM_UP = 500


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="tandem-profile-") as workdir:
        app = _app(args.database, Path(workdir))
        tokens = _tokens()
        trace = "tandem:1:a>b" if args.traced else None
        body = _webhook_body()
        _send(app, tokens, body, WARM_UP, trace)
        started = time.process_time()
        with counted():
            _send(app, tokens, body, args.webhooks, trace)
        used = time.process_time() - started
        app.extensions["tandem"].db.dispose()
    print(f"ingest in-process on {args.database}: {args.webhooks} {'traced ' if args.traced else ''}webhooks, "
          f"{used / args.webhooks * 1e6:.0f} us CPU per webhook")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--webhooks", type=int, default=5000)
    parser.add_argument("--traced", action="store_true",
                        help="each webhook carries X-Atlassian-Webhook-Trace, as the echoes of Tandem's own writes do")
    return parser.parse_args()


def fresh_settings(kind: str, workdir: Path) -> dict:
    """The environment of a profiled app on a fresh benchmark database and queue."""
    if kind == "postgresql":
        database_url, queue_url = POSTGRESQL_URL, REDIS_QUEUE_URL
        redis.Redis.from_url(queue_url).flushdb()
    else:
        database_url, queue_url = f"sqlite:///{workdir / 'tandem.db'}", f"sqlite:///{workdir / 'queue.db'}"
    fresh_database(database_url).dispose()
    return {"DATABASE_URL": database_url, "TANDEM_QUEUE_URL": queue_url,
            "TANDEM_SECRET_KEY": Fernet.generate_key().decode(), "TANDEM_BASE_URL": BASE_URL,
            "TANDEM_INSTANCE_DIR": str(workdir), "TANDEM_QUEUE_NAME": "tandem-profile"}


def _app(kind: str, workdir: Path):
    settings = fresh_settings(kind, workdir)
    app = build_app(load_settings(settings))
    with app.extensions["tandem"].db.session() as session:
        record_install(session, {"clientKey": CLIENT_KEY, "baseUrl": "https://profile.atlassian.net",
                                 "sharedSecret": SHARED_SECRET}, SecretBox(settings["TANDEM_SECRET_KEY"].encode()))
    return app


def _tokens() -> list[str]:
    now = int(time.time())
    return [hs256(SHARED_SECRET, claims(CLIENT_KEY, "POST", WEBHOOK_PATH, iat=now - n, exp=now + 3600))
            for n in range(TOKENS)]


def _send(app, tokens: list[str], body: str, count: int, trace: str | None) -> None:
    for number in range(count):
        raw = body.replace("__ISSUE_ID__", str(10000 + number % ISSUES)).encode()
        environ = _environ(tokens[number % len(tokens)], raw, uuid.uuid4().hex)
        if trace is not None:
            environ["HTTP_X_ATLASSIAN_WEBHOOK_TRACE"] = trace
        status = []
        for _ in app.wsgi_app(environ, lambda line, headers, exc_info=None: status.append(line)):
            pass
        if not status[0].startswith("202"):
            raise SystemExit(f"webhook {number} was answered {status[0]}")


def _environ(token: str, raw: bytes, identifier: str) -> dict:
    return {
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": "", "PATH_INFO": WEBHOOK_PATH, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(raw),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": True,
        "wsgi.run_once": False, "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(raw)),
        "HTTP_AUTHORIZATION": f"JWT {token}", "HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER": identifier,
        "HTTP_USER_AGENT": "Atlassian Webhook HTTP Client",
    }


def _webhook_body() -> str:
    """A ``jira:issue_created`` body of about 4 KiB, shaped as Jira sends it, with the issue id left open."""
    user = {"self": "https://profile.atlassian.net/rest/api/2/user?accountId=5b10ac8d82e05b22cc7d4ef5",
            "accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Alana Grant", "active": True,
            "timeZone": "Europe/Berlin", "accountType": "atlassian",
            "avatarUrls": {size: f"https://avatar.example.com/5b10ac8d82e05b22cc7d4ef5/{size}.png"
                           for size in ("48x48", "24x24", "16x16", "32x32")}}
    paragraph = {"type": "paragraph", "content": [{"type": "text", "text": "The printer on floor 3 is on fire. " * 10}]}
    fields = {
        "summary": "A realistic webhook", "created": "2024-05-02T10:11:12.000+0000",
        "updated": "2024-05-02T10:11:12.000+0000", "labels": ["printer", "urgent"], "duedate": None,
        "issuetype": {"self": "https://profile.atlassian.net/rest/api/2/issuetype/10001", "id": "10001",
                      "name": "Task", "subtask": False, "description": "A small piece of work.",
                      "iconUrl": "https://profile.atlassian.net/images/icons/issuetypes/task.svg"},
        "project": {"self": "https://profile.atlassian.net/rest/api/2/project/10000", "id": "10000",
                    "key": "ING", "name": "Ingest", "projectTypeKey": "software"},
        "priority": {"self": "https://profile.atlassian.net/rest/api/2/priority/3", "id": "3", "name": "Medium"},
        "status": {"self": "https://profile.atlassian.net/rest/api/2/status/10000", "id": "10000", "name": "To Do",
                   "statusCategory": {"id": 2, "key": "new", "colorName": "blue-gray", "name": "To Do"}},
        "reporter": user, "creator": user, "assignee": None,
        "description": {"type": "doc", "version": 1, "content": [paragraph, paragraph, paragraph]},
        "comment": {"comments": [], "total": 0, "maxResults": 0, "startAt": 0},
    }
    issue = {"id": "__ISSUE_ID__", "key": "ING-1",
             "self": "https://profile.atlassian.net/rest/api/2/issue/__ISSUE_ID__", "fields": fields}
    payload = {"timestamp": 1714644672000, "webhookEvent": "jira:issue_created",
               "issue_event_type_name": "issue_created", "user": user, "issue": issue}
    return json.dumps(payload)


if __name__ == "__main__":
    main()
