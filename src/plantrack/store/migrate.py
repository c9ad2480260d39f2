"""Bring a database to the current schema with Alembic, whenever a store is opened.

A new database gets every migration; one made by an older PlanTrack gets the missing
ones; a database of PlanTrack 0.1 (its own `plantrack_schema` table at version 2, before
Alembic) is recognised as revision 0001 first. A database made by a newer PlanTrack, or
by the very first one (no version at all), is refused with a clear message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from plantrack.errors import StoreError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LEGACY_VERSION_TABLE = "plantrack_schema"
LEGACY_REVISION = {2: "0001"}  # plantrack_schema.version → the Alembic revision it equals
_LOCK_KEY = 0x504C414E  # PostgreSQL advisory lock: one migrating process at a time


SEARCH_TABLES = "search_"  # the full-text index: made by migrations, mapped by no model


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, _other: object
) -> bool:
    """For autogenerate: the full-text index tables are the migrations' own business."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not str(table or "").startswith(SEARCH_TABLES)


@cache
def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@contextmanager
def on(conn: Connection) -> Iterator[Config]:
    """Alembic's configuration, its commands running on `conn` (in its transaction):
    `with on(conn) as cfg: command.downgrade(cfg, "0002")`."""
    cfg = _config()
    cfg.attributes["connection"] = conn
    try:
        yield cfg
    finally:
        cfg.attributes.pop("connection", None)


@cache
def head() -> str:
    """The revision this version of PlanTrack needs."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: no Alembic version)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, url: str) -> tuple[str | None, str]:
    """Migrate the database to `head()`: (revision before, revision after)."""
    target = head()
    if current(engine) == target:
        return target, target
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        before = MigrationContext.configure(conn).get_current_revision()
        if before == target:  # another process migrated it meanwhile
            return target, target
        if before is None:
            before = _adopt_legacy(conn, url)
        known = {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}
        if before is not None and before not in known:
            raise StoreError(
                f"the database {url} was made by a newer version of PlanTrack (schema "
                f"revision {before}; this one knows up to {target}); upgrade PlanTrack"
            )
        with on(conn) as cfg:
            command.upgrade(cfg, target)
    if before is not None:
        log.info("upgraded the database %s from schema revision %s to %s", url, before, target)
    return before, target


def _adopt_legacy(conn: Connection, url: str) -> str | None:
    """A database without an Alembic version: None when it is empty, else the revision
    its legacy version number stands for (stamped into it)."""
    tables = set(inspect(conn).get_table_names())
    if "documents" not in tables:
        return None  # a new database
    version = None
    if LEGACY_VERSION_TABLE in tables:
        version = conn.execute(text(f"SELECT max(version) FROM {LEGACY_VERSION_TABLE}")).scalar()
    revision = LEGACY_REVISION.get(version or 1)
    if revision is None:
        raise StoreError(
            f"the database {url} was made by another version of PlanTrack (schema "
            f"{version or 1}, which cannot be migrated); ingest into a new database "
            "(--database-url)"
        )
    with on(conn) as cfg:
        command.stamp(cfg, revision)
    return revision
