"""Where the contracts folder is absent, the published originals are fetched (network faked here)."""
import io
import os
import subprocess
import sys
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


def test_a_session_without_contracts_stops_before_any_test_with_the_reason_first(tmp_path):
    unreachable = "http://127.0.0.1:9"  # the discard port: no download gets out
    env = {name: value for name, value in os.environ.items() if not name.startswith("TANDEM_")}
    env.update(TANDEM_CONTRACTS_DIR=str(tmp_path / "absent"), HOME=str(tmp_path / "home"), HTTPS_PROXY=unreachable,
               https_proxy=unreachable, NO_PROXY="", no_proxy="")
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/unit/test_qsh.py"],
                            cwd=contract_files.REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    for output in (result.stdout, result.stderr):
        first_line = output.strip().splitlines()[0]
        assert "Atlassian's contracts are unavailable, so no test can run: no contracts folder" in first_line, output
    assert " passed" not in result.stdout and " failed" not in result.stdout
