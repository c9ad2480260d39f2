"""The kept facet counts agree with counting the statements themselves, after ingest,
after an upgrade of a database that had statements, and after reviews."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from plantrack.pipeline import analyse_path
from plantrack.store.repository import Store, _statement_query
from plantrack.store.reviews import review_statement
from tests.conftest import CORPUS

FILTERS = [
    {},
    {"kind": "target"},
    {"kind": "target", "year": 2025},
    {"region": "青川市"},
    {"indicator_id": "nev.charging_piles"},
    {"stretch": True, "kind": "target"},
    {"region_code": "410000"},
]


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    for path in sorted(CORPUS.iterdir()):
        p = analyse_path(path, 10**8)
        s.add(p.document, str(path), p.statements, p.entities)
    yield s
    s.close()


def _agree(store: Store) -> None:
    for filters in FILTERS:
        kept = store.statement_facets(top=500, **filters)
        live = store._live_facets(top=500, **filters)
        for facet in store.FACETS:
            assert sorted(kept[facet], key=repr) == sorted(live[facet], key=repr), (filters, facet)
        total, _ = store.search_statements(limit=1, **filters)
        with store.engine.connect() as conn:
            scanned = conn.scalar(
                select(func.count()).select_from(_statement_query(**filters).subquery())
            )
        assert total == scanned, filters


def test_kept_counts_match_the_statements(store: Store) -> None:
    counts = store.counts()
    assert counts["statements"] == len(store.statements(limit=None)) > 100
    assert counts["targets"] == len(store.statements(kind="target", limit=None))
    _agree(store)


def test_reviews_keep_the_counts_true(store: Store) -> None:
    _, targets = store.search_statements(kind="target", year=2025, limit=3)
    a, b, c = targets
    review_statement(store, a["id"], action="correct", reviewer="t", changes={"year": 2031})
    review_statement(store, b["id"], action="correct", reviewer="t", changes={"kind": "forecast"})
    review_statement(store, c["id"], action="reject", reviewer="t")
    _agree(store)
    years = dict(store.statement_facets(kind="target")["year"])
    assert years.get(2031) == 1


def test_an_upgrade_counts_the_statements_already_stored(store: Store) -> None:
    from alembic import command

    from plantrack.store import migrate

    with store.engine.begin() as conn, migrate.on(conn) as cfg:
        command.downgrade(cfg, "0002")  # before the counts existed
    migrate.upgrade(store.engine, store.url)
    assert store.counts()["statements"] == len(store.statements(limit=None)) > 100
    _agree(store)


def _combinations(store: Store) -> tuple[int, int]:
    """(rows, distinct combinations) of the counts table."""
    with store.engine.connect() as conn:
        rows = conn.scalar(text("SELECT count(*) FROM statement_facet_counts"))
        distinct = conn.scalar(
            text(
                "SELECT count(*) FROM (SELECT DISTINCT kind, year, region, scope_code,"
                " indicator_id, stretch FROM statement_facet_counts) AS d"
            )
        )
    return int(rows or 0), int(distinct or 0)


def test_one_row_per_combination_after_ingest_and_reviews(store: Store) -> None:
    _, targets = store.search_statements(kind="target", year=2025, limit=2)
    review_statement(
        store, targets[0]["id"], action="correct", reviewer="t", changes={"year": 2031}
    )
    review_statement(
        store, targets[1]["id"], action="correct", reviewer="t", changes={"year": 2031}
    )
    rows, distinct = _combinations(store)
    assert rows == distinct > 10
    with store.engine.connect() as conn:
        keys = conn.execute(text("SELECT combination FROM statement_facet_counts")).scalars()
        assert len(set(keys)) == rows


def test_the_upgrade_to_unique_combinations_merges_their_rows(store: Store) -> None:
    from alembic import command

    from plantrack.store import migrate

    before = store.counts()
    with store.engine.begin() as conn, migrate.on(conn) as cfg:
        command.downgrade(cfg, "0003")
        # two rows of one combination were allowed then: split every count in two
        conn.execute(
            text(
                "INSERT INTO statement_facet_counts"
                " (kind, year, region, scope_code, indicator_id, stretch, n)"
                " SELECT kind, year, region, scope_code, indicator_id, stretch, 1"
                " FROM statement_facet_counts WHERE n > 1"
            )
        )
        conn.execute(text("UPDATE statement_facet_counts SET n = n - 1 WHERE n > 1"))
    migrate.upgrade(store.engine, store.url)
    rows, distinct = _combinations(store)
    assert rows == distinct
    store._facet_cache.clear()
    assert store.counts() == before
    _agree(store)
