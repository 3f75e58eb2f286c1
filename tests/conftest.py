"""Fixtures shared by every suite: the database matrix, the simulator, the real app process."""
from __future__ import annotations

import pytest

from tests.forgesim import ForgePlatform
from tests.support.forge_scenarios import app_manifest
from tests.jirasim import InstallKeyServer, SimSite
from tests.support.databases import fresh_database, postgres_url, test_database_url
from tests.support.processes import AppProcess, base_env, free_port, stop_every_process_left


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
