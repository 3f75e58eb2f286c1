"""Fixtures shared by every suite: the database matrix, the simulator, the real app process."""
from __future__ import annotations

import os

import pytest

from tests.forgesim import ForgePlatform
from tests.support.forge_scenarios import app_manifest
from tests.jirasim import InstallKeyServer, SimSite
from tests.jirasim.contract_files import CACHE_DIR, ContractsUnavailable, require_contracts
from tests.support.databases import SQLITE_ONLY_ENV_VAR, fresh_database, postgres_url, test_database_url
from tests.support.processes import AppProcess, base_env, free_port, stop_every_process_left


def pytest_sessionstart(session):
    """Nearly every test checks what Tandem sends against Atlassian's contracts: without them, stop before the first
    test with the reason, rather than let each test fail on the simulator's answer."""
    try:
        require_contracts()
    except ContractsUnavailable as unavailable:
        pytest.exit(f"Atlassian's contracts are unavailable, so no test can run: {unavailable}. Once the machine "
                    f"is online they are downloaded, once, into {CACHE_DIR}", returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_collection_modifyitems(config, items):
    """``scripts/test --sqlite-only`` (TANDEM_TEST_SQLITE_ONLY) leaves out the tests that need PostgreSQL or Redis
    whatever the leg: those using ``postgres_database`` or marked ``services``."""
    if not os.environ.get(SQLITE_ONLY_ENV_VAR):
        return
    needing = [item for item in items if "postgres_database" in item.fixturenames or item.get_closest_marker("services")]
    if needing:
        config.hook.pytest_deselected(items=needing)
        items[:] = [item for item in items if item not in needing]


def pytest_sessionfinish(session, exitstatus):
    stop_every_process_left()  # what a test that failed half-way left running


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    db = fresh_database(test_database_url(tmp_path_factory.mktemp("db")))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def postgres_database(database):
    """PostgreSQL, even on the SQLite leg of the matrix: the session's database when it is PostgreSQL."""
    if database.engine.dialect.name == "postgresql":
        yield database
        return
    db = fresh_database(postgres_url())
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def forge():
    """The simulated Forge platform (tests.forgesim), for the sites that install Tandem's Forge app."""
    with ForgePlatform(app_manifest(), retry_delay=0.05) as platform:
        yield platform


@pytest.fixture(scope="session")
def install_keys():
    server = InstallKeyServer()
    yield server
    server.stop()


def start_app(database, install_keys, tmp_path_factory, script_name: str = "") -> AppProcess:
    instance = tmp_path_factory.mktemp("instance")
    env = base_env(database.url, instance, install_keys.url)
    return AppProcess(env=env, port=free_port(), script_name=script_name, log_path=instance / "app.log").start()


@pytest.fixture(scope="session")
def live_app(database, install_keys, tmp_path_factory):
    app = start_app(database, install_keys, tmp_path_factory)
    yield app
    app.stop()


@pytest.fixture
def make_site(install_keys):
    """Simulated Jira sites; each must end the test with no contract violation."""
    sites = []

    def make(name: str = "alpha", context_path: str = "") -> SimSite:
        site = SimSite(install_keys, name=name, context_path=context_path)
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.stop()
    for site in sites:
        assert site.contract_violations == [], f"{site.name}: requests broke the Jira contract"


@pytest.fixture
def installed_site(make_site, live_app):
    site = make_site("alpha")
    response = site.install(live_app.base_url + "/atlassian-connect.json")
    assert response.status_code == 204, response.text
    return site
