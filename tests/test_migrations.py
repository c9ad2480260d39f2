"""Alembic migrations: they build exactly the tables the code maps, bring an older
database forward without losing its documents, and refuse what they cannot migrate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from plantrack.errors import StoreError
from plantrack.store import migrate
from plantrack.store.repository import Store, make_engine
from plantrack.store.schema import Base
from plantrack.store.search import search


def _upgrade_to(url: str, revision: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn, migrate.on(conn) as cfg:
        command.upgrade(cfg, revision)
    engine.dispose()


def _differences(url: str) -> list[object]:
    engine = create_engine(url)
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_object": migrate.include_object}
        ctx = MigrationContext.configure(conn, opts=opts)
        diffs = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    return list(diffs)


def test_a_new_database_gets_exactly_the_mapped_schema(db_url: str) -> None:
    store = Store(db_url)
    assert migrate.current(store.engine) == migrate.head()
    store.close()
    assert _differences(db_url) == []
    tables = set(inspect(create_engine(db_url)).get_table_names())
    assert {"documents", "statements", "actual_values", "review_edits", "search_indexed"} <= tables


def test_a_database_before_alembic_is_upgraded_with_its_documents(db_url: str) -> None:
    # what PlanTrack 0.1 left: the first revision's tables, its own version table, a document
    _upgrade_to(db_url, "0001")
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("CREATE TABLE plantrack_schema (version INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO plantrack_schema VALUES (2)"))
        conn.execute(
            text(
                "INSERT INTO documents (content_hash, name, format, size, title, title_inferred,"
                " doc_type, status, meta, clean_text, offset_map, sentences, ingested_at) VALUES"
                " ('abc123', 'old.txt', 'text', 10, '旧文件', false, 'plan', 'final', '{}',"
                " '到2025年建成加氢站5座。', '[]', '[]', :at)"
            ),
            {"at": datetime(2026, 1, 1, tzinfo=UTC)},
        )
    engine.dispose()

    store = Store(db_url)
    assert migrate.current(store.engine) == migrate.head()
    assert store.count() == 1
    assert store.get("1")["title"] == "旧文件"  # type: ignore[index]
    columns = {c["name"] for c in inspect(store.engine).get_columns("statements")}
    assert "review_status" in columns
    assert "plantrack_schema" not in inspect(store.engine).get_table_names()
    assert [h.document_id for h in search(store.engine, "加氢站")] == [1]
    store.close()
    assert _differences(db_url) == []


def test_migrations_go_down_and_up_again(db_url: str) -> None:
    Store(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn, migrate.on(conn) as cfg:
        command.downgrade(cfg, "base")
    assert not set(inspect(engine).get_table_names()) - {"alembic_version"}
    engine.dispose()
    Store(db_url).close()
    assert _differences(db_url) == []


def test_a_database_without_any_version_is_refused_clearly(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE documents (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"another version of PlanTrack \(schema 1"):
        Store(db_url)


def test_a_database_of_a_newer_plantrack_is_refused_clearly(db_url: str) -> None:
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer version of PlanTrack"):
        Store(db_url)
