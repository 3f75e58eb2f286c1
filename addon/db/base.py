"""Declarative base and shared column types."""
from datetime import datetime, timezone

from sqlalchemy import DateTime, MetaData, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# INSERT with ON CONFLICT, per dialect: both databases spell it alike, SQLAlchemy builds it per dialect.
DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes, also on SQLite, which drops the zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


def one_of(column, values):
    """SQL: ``column`` equals one of the constant ``values``. For statements run on every event: ``in_`` with a
    list is written into the statement's text anew at each execution, this is compiled once."""
    return or_(*(column == value for value in values))


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
