"""Rows written straight into the database, for tests of the parts that read them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete

from addon.db.connection import ACTIVE, Connection, Half
from addon.db.tenant import Tenant


@dataclass(frozen=True)
class ConnectedPair:
    customer_id: int  # side A, project 1 (key CUS)
    support_id: int  # side B, project 2 (key SUP)
    connection_id: int


def add_connected_pair(database, customer_url: str, support_url: str, half: str, **connection) -> ConnectedPair:
    """Two installed sites and a running connection between them, both halves published as ``half``;
    ``connection``: other values of the connection's row."""
    with database.session() as session:
        customer, support = (Tenant(client_key=f"rows-{url}", base_url=url, shared_secret_encrypted="sealed")
                             for url in (customer_url, support_url))
        session.add_all([customer, support])
        session.flush()
        row = Connection(name="Straight into the database", status=ACTIVE, a_tenant_id=customer.id,
                         a_project_id="1", a_project_key="CUS", b_tenant_id=support.id, b_project_id="2",
                         b_project_key="SUP", halves=[Half(side=side, draft=half, published=half) for side in "ab"],
                         **connection)
        session.add(row)
        session.flush()
        return ConnectedPair(customer.id, support.id, row.id)


def remove_sites(database, *urls: str) -> None:
    """The sites and, with them, their connections."""
    with database.session() as session:
        session.execute(delete(Tenant).where(Tenant.base_url.in_(urls)))
