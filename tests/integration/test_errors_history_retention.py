"""History retention: TANDEM_HISTORY_DAYS and the purge the worker's sweep runs."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, select

from addon.config import ConfigError, load_settings
from addon.db import history
from addon.db.base import utcnow
from addon.db.connection import Connection
from addon.db.history import SyncHistory
from addon.db.tenant import Tenant
from addon.jobs.history import purge_history


@pytest.fixture
def connection_id(database):
    with database.session() as session:
        tenant = Tenant(client_key="retention-site", base_url="https://retention.atlassian.net")
        session.add(tenant)
        session.flush()
        connection = Connection(name="Retention", a_tenant_id=tenant.id, a_project_id="1", a_project_key="RET")
        session.add(connection)
        session.flush()
        yield_id = connection.id
    yield yield_id
    with database.session() as session:
        session.execute(delete(Tenant).where(Tenant.client_key == "retention-site"))


def test_history_days_default_to_thirty_and_must_be_positive(tmp_path):
    assert load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path)}).history_days == 30
    assert load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_HISTORY_DAYS": "7"}).history_days == 7
    for wrong in ("0", "-3", "a week"):
        with pytest.raises(ConfigError, match="TANDEM_HISTORY_DAYS"):
            load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_HISTORY_DAYS": wrong})


def test_purge_deletes_only_entries_older_than_the_retention(database, connection_id, tmp_path):
    settings = load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_HISTORY_DAYS": "7"})
    now = utcnow()
    ages = {"ancient": 400, "old": 8, "recent": 6, "today": 0}
    with database.session() as session:
        for detail, days in ages.items():
            session.add(SyncHistory(connection_id=connection_id, direction="a->b", action=history.UPDATED_FIELDS,
                                    detail=detail, at=now - timedelta(days=days), outcome=history.OK))
    assert purge_history(SimpleNamespace(db=database, settings=settings)) == 2
    with database.session() as session:
        kept = session.scalars(select(SyncHistory.detail).where(SyncHistory.connection_id == connection_id)).all()
    assert sorted(kept) == ["recent", "today"]
    assert purge_history(SimpleNamespace(db=database, settings=settings)) == 0
