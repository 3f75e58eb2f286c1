"""Atlassian's published contracts: where they live, and fetching them where they are absent.

The folder comes from ``TANDEM_CONTRACTS_DIR`` (default ``<repo>/../shared/contracts``). Where it
does not exist (a developer's own machine), the published originals are downloaded once into
``~/.cache/tandem-contracts``. Contract checks are never skipped: if neither works, we fail loudly.
"""
import functools
import io
import json
import os
import tarfile
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path.home() / ".cache" / "tandem-contracts"

JIRA_OPENAPI = "jira-platform-openapi.json"
DESCRIPTOR_SCHEMA = "jira-connect-descriptor-schema.json"
ADF_SCHEMA = "adf-schema-full.json"

JIRA_OPENAPI_URL = "https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json"
DESCRIPTOR_SCHEMA_URL = (
    "https://bitbucket.org/atlassian/connect-schemas/raw/master/jira-global-schema.json"
)
ADF_NPM_PACKAGE_URL = "https://registry.npmjs.org/@atlaskit/adf-schema/latest"
ADF_SCHEMA_MEMBER = "package/dist/json-schema/v1/full.json"

# Opt-ins Tandem declares that the published descriptor schema may not list yet.
API_MIGRATIONS_ADDED = ("signed-install", "context-qsh")
DOWNLOAD_TIMEOUT_SECONDS = 60


class ContractsUnavailable(RuntimeError):
    pass


def contracts_dir() -> Path:
    configured = Path(os.environ.get("TANDEM_CONTRACTS_DIR", REPO_ROOT.parent / "shared" / "contracts"))
    if configured.is_dir():
        return configured
    _download_missing(CACHE_DIR, why=f"no contracts folder at {configured} (set TANDEM_CONTRACTS_DIR)")
    return CACHE_DIR


def require_contracts() -> Path:
    """The contracts folder, with every document in it (downloaded if need be); else ``ContractsUnavailable``."""
    directory = contracts_dir()
    missing = [name for name in (JIRA_OPENAPI, DESCRIPTOR_SCHEMA, ADF_SCHEMA) if not (directory / name).is_file()]
    if missing:
        raise ContractsUnavailable(f"{', '.join(missing)} not found in {directory}")
    return directory


@functools.cache
def load_json_contract(name: str) -> dict:
    """One of the contract documents, parsed once per process (shared: do not mutate it)."""
    path = contracts_dir() / name
    if not path.is_file():
        raise ContractsUnavailable(f"contract {name!r} not found in {path.parent}")
    return json.loads(path.read_text(encoding="utf-8"))


def _download_missing(target: Path, why: str) -> None:
    fetchers = {
        JIRA_OPENAPI: _fetch_jira_openapi,
        DESCRIPTOR_SCHEMA: _fetch_descriptor_schema,
        ADF_SCHEMA: _fetch_adf_schema,
    }
    target.mkdir(parents=True, exist_ok=True)
    for name, fetch in fetchers.items():
        if (target / name).is_file():
            continue
        try:
            document = fetch()
        except (requests.RequestException, KeyError, tarfile.TarError, ValueError) as error:
            raise ContractsUnavailable(f"{why}, and {name} could not be downloaded into {target}: {error}") from error
        temporary = target / f"{name}.part"
        temporary.write_text(json.dumps(document), encoding="utf-8")
        temporary.replace(target / name)


def _get(url: str) -> requests.Response:
    response = requests.get(url, timeout=DOWNLOAD_TIMEOUT_SECONDS)
    response.raise_for_status()
    return response


def _fetch_jira_openapi() -> dict:
    return _get(JIRA_OPENAPI_URL).json()


def _fetch_descriptor_schema() -> dict:
    schema = _get(DESCRIPTOR_SCHEMA_URL).json()
    migrations = schema["properties"]["apiMigrations"].setdefault("properties", {})
    for key in API_MIGRATIONS_ADDED:
        migrations.setdefault(key, {"type": "boolean"})
    return schema


def _fetch_adf_schema() -> dict:
    tarball_url = _get(ADF_NPM_PACKAGE_URL).json()["dist"]["tarball"]
    with tarfile.open(fileobj=io.BytesIO(_get(tarball_url).content), mode="r:gz") as package:
        member = package.extractfile(ADF_SCHEMA_MEMBER)
        if member is None:
            raise KeyError(ADF_SCHEMA_MEMBER)
        return json.load(member)
