"""CPU the web app spends per acknowledged Forge product event, in-process, beside bench/ingest_profile.py's
Connect webhook: the same 4 KiB issue, sent as ``avi:jira:updated:issue`` to ``/forge/events`` with a Forge
invocation token (RS256, 64 distinct tokens, keys from the simulated Forge's JWKS) and an app system token.

    .venv/bin/python bench/forge_ingest_profile.py [--database postgresql|sqlite] [--events N]

Each event names a new changelog, so each is stored (none is a repeat). It uses the benchmarks' database and
queue (``bench.stack``), never the test suite's.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repo root holds addon/ and tests/

from addon.config import load_settings  # noqa: E402
from addon.web.app import build_app  # noqa: E402
from bench.ingest_profile import ISSUES, TOKENS, WARM_UP, _environ, _webhook_body, fresh_settings  # noqa: E402
from tests.forgesim import ForgePlatform  # noqa: E402
from tests.forgesim.tokens import AppTokens, fit_claims  # noqa: E402
from tests.support.forge_scenarios import app_manifest  # noqa: E402

EVENTS_PATH, LIFECYCLE_PATH = "/forge/events", "/forge/lifecycle"
INSTALLATION = "ari:cloud:ecosystem::installation/profile"
CLOUD_ID = "profile-cloud"
SITE_URL = "https://profile.atlassian.net"


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="tandem-profile-") as workdir, ForgePlatform(app_manifest()) as forge:
        settings = fresh_settings(args.database, Path(workdir))
        app = build_app(load_settings({**settings, "TANDEM_FORGE_APP_ID": forge.app_id,
                                       "TANDEM_FORGE_JWKS_URL": forge.jwks_url}))
        tokens = [forge.keys.sign(_claims(forge, n)) for n in range(TOKENS)]
        app_token = AppTokens().mint(INSTALLATION, CLOUD_ID, "profile-app-user")
        _call(app, LIFECYCLE_PATH, tokens[0], app_token, b'{"eventType": "avi:forge:installed:app"}', "204")
        body = _event_body()
        _send(app, tokens, app_token, body, WARM_UP)
        started = time.process_time()
        _send(app, tokens, app_token, body, args.events)
        used = time.process_time() - started
        app.extensions["tandem"].db.dispose()
    print(f"Forge event ingest in-process on {args.database}: {args.events} events, "
          f"{used / args.events * 1e6:.0f} us CPU per event")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--events", type=int, default=5000)
    return parser.parse_args()


def _claims(forge: ForgePlatform, number: int) -> dict:
    claims = fit_claims(forge.app_id, INSTALLATION, f"{forge.url}/ex/jira/{CLOUD_ID}", CLOUD_ID, SITE_URL,
                        {"type": "core:trigger", "key": "tandem-jira-events"}, lifetime=3600)
    return {**claims, "iat": claims["iat"] - number}


def _event_body() -> str:
    connect = json.loads(_webhook_body())
    return json.dumps({"eventType": "avi:jira:updated:issue", "issue": connect["issue"],
                       "atlassianId": connect["user"]["accountId"], "selfGenerated": False,
                       "changelog": {"id": "__CHANGELOG__", "items": []}})


def _send(app, tokens: list[str], app_token: str, body: str, count: int) -> None:
    for number in range(count):
        raw = body.replace("__ISSUE_ID__", str(10000 + number % ISSUES)).replace("__CHANGELOG__", uuid.uuid4().hex)
        _call(app, EVENTS_PATH, tokens[number % len(tokens)], app_token, raw.encode(), "202")


def _call(app, path: str, token: str, app_token: str, raw: bytes, expected: str) -> None:
    environ = {**_environ("", raw, ""), "PATH_INFO": path, "HTTP_AUTHORIZATION": f"Bearer {token}",
               "HTTP_X_FORGE_OAUTH_SYSTEM": app_token}
    status = []
    for _ in app.wsgi_app(environ, lambda line, headers, exc_info=None: status.append(line)):
        pass
    if not status[0].startswith(expected):
        raise SystemExit(f"{path} was answered {status[0]}")


if __name__ == "__main__":
    main()
