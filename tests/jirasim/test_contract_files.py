"""Where the contracts folder is absent, the published originals are fetched (network faked here)."""
import io
import json
import tarfile

import pytest
import requests

from . import contract_files


class FakeResponse:
    def __init__(self, document=None, content=b""):
        self._document = document
        self.content = content

    def json(self):
        return self._document


def npm_tarball(member: str, document: dict) -> bytes:
    data = json.dumps(document).encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(member)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def no_contracts_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TANDEM_CONTRACTS_DIR", str(tmp_path / "absent"))
    monkeypatch.setattr(contract_files, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


def test_published_originals_are_downloaded_into_the_cache(no_contracts_folder, monkeypatch):
    published = {
        contract_files.JIRA_OPENAPI_URL: FakeResponse({"openapi": "3.0.1"}),
        contract_files.DESCRIPTOR_SCHEMA_URL: FakeResponse(
            {"properties": {"apiMigrations": {"properties": {"gdpr": {"type": "boolean"}}}}}
        ),
        contract_files.ADF_NPM_PACKAGE_URL: FakeResponse({"dist": {"tarball": "https://npm.example/adf.tgz"}}),
        "https://npm.example/adf.tgz": FakeResponse(
            content=npm_tarball(contract_files.ADF_SCHEMA_MEMBER, {"$schema": "draft-04"})
        ),
    }
    monkeypatch.setattr(contract_files, "_get", published.__getitem__)

    folder = contract_files.contracts_dir()

    assert folder == no_contracts_folder
    assert json.loads((folder / contract_files.JIRA_OPENAPI).read_text()) == {"openapi": "3.0.1"}
    descriptor_schema = json.loads((folder / contract_files.DESCRIPTOR_SCHEMA).read_text())
    assert set(descriptor_schema["properties"]["apiMigrations"]["properties"]) == {
        "gdpr", "signed-install", "context-qsh"
    }
    assert json.loads((folder / contract_files.ADF_SCHEMA).read_text()) == {"$schema": "draft-04"}


def test_unreachable_originals_fail_with_a_clear_message(no_contracts_folder, monkeypatch):
    def unreachable(url):
        raise requests.ConnectionError(f"cannot reach {url}")

    monkeypatch.setattr(contract_files, "_get", unreachable)

    with pytest.raises(contract_files.ContractsUnavailable, match="set TANDEM_CONTRACTS_DIR.*could not be downloaded"):
        contract_files.contracts_dir()
