"""The store: idempotent by content hash, whole documents or nothing, alone or several
in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from plantrack.errors import StoreError
from plantrack.model import Document
from plantrack.pipeline import analyse, process_bytes
from plantrack.store.repository import Store, ToStore
from plantrack.store.schema import DocumentRow, SectionRow
from tests.conftest import Databases

PLAN = (
    "一、发展目标\n到2025年，全市新能源汽车产量达到5万辆。\n"
    "（一）基础设施\n累计建成充电桩3000个。\n专栏1 示范工程\n建成加氢站2座。\n"
).encode()


def _doc(data: bytes = PLAN, name: str = "plan.txt") -> Document:
    return process_bytes(data, name)


def test_storing_the_same_content_twice_changes_nothing(db_url: str) -> None:
    store = Store(db_url)
    first = store.add(_doc(), "a/plan.txt")
    second = store.add(_doc(name="copy.txt"), "b/copy.txt")
    assert first[1] is True and second == (first[0], False)
    assert store.count() == 1
    view = store.get(str(first[0]))
    assert view is not None and view["name"] == "plan.txt" and view["path"] == "a/plan.txt"


def test_stored_document_keeps_text_sections_and_metadata(db_url: str) -> None:
    store = Store(db_url)
    doc = _doc()
    doc_id, _ = store.add(doc)
    view = store.get(str(doc_id))
    assert view is not None
    assert view["text"] == doc.text
    assert [s["label"] for s in view["sections"]] == [
        "一、发展目标",
        "（一）基础设施",
        "专栏1 示范工程",
    ]
    assert [s["parent_ordinal"] for s in view["sections"]] == [None, 1, 2]
    assert view["sentence_count"] == len(doc.sentences)
    # a hash prefix finds it too
    assert store.get(doc.source.content_hash[:10])["id"] == doc_id  # type: ignore[index]
    assert store.get("999") is None


def test_a_failed_write_leaves_nothing_half_stored(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(db_url)
    store.add(_doc(PLAN + "补充说明。\n".encode(), "kept.txt"))
    broken = _doc()
    # A section whose title is None violates NOT NULL: the flush fails mid-write.
    broken.root.children[0].title = None  # type: ignore[assignment]
    with pytest.raises(StoreError, match=r"plan\.txt: cannot store the document"):
        store.add(broken)
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(DocumentRow)) == 1
        kept_sections = conn.scalar(select(func.count()).select_from(SectionRow))
    assert kept_sections == 3
    assert store.document_id_by_hash(broken.source.content_hash) is None


def test_unreachable_database_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(f"sqlite:///{blocker}/sub/db.sqlite")


def test_several_documents_in_one_transaction_store_what_one_at_a_time_stores(
    databases: Databases,
) -> None:
    docs = [_doc(PLAN + f"第{i}条补充说明。\n".encode(), f"plan{i}.txt") for i in range(3)]
    one_by_one, together = Store(databases.new("single")), Store(databases.new("batch"))
    for doc in docs:
        p = analyse(doc)
        one_by_one.add(doc, doc.source.name, p.statements, p.entities)
    copy = _doc(PLAN + "第0条补充说明。\n".encode(), "copy.txt")  # a copy of the first
    results = together.add_many(
        [
            ToStore(d, d.source.name, analyse(d).statements, analyse(d).entities)
            for d in [*docs, copy]
        ]
    )
    assert results == [(1, True), (2, True), (3, True), (1, False)]
    for store in (one_by_one, together):
        assert store.count() == 3
    assert _rows(one_by_one) == _rows(together)
    assert one_by_one.counts() == together.counts() and together.counts()["statements"] > 0


def test_a_document_that_cannot_be_stored_fails_alone_in_its_transaction(db_url: str) -> None:
    store = Store(db_url)
    good = _doc(PLAN + "补充说明。\n".encode(), "good.txt")
    broken = _doc()
    broken.root.children[0].title = None  # type: ignore[assignment]
    results = store.add_many([ToStore(broken, "broken.txt"), ToStore(good, "good.txt")])
    assert isinstance(results[0], StoreError)
    assert "plan.txt: cannot store the document" in str(results[0])
    assert isinstance(results[1], tuple) and results[1][1] is True
    assert store.count() == 1
    assert store.document_id_by_hash(broken.source.content_hash) is None


def _rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the written tables but the time of ingest and the counts' own ids."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with store.engine.connect() as conn:
        for table in ("documents", "sections", "statements", "entities"):
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings()
            out[table] = [tuple(v for k, v in r.items() if k != "ingested_at") for r in rows]
        out["counts"] = sorted(
            conn.execute(
                text(
                    "SELECT kind, year, region, scope_code, indicator_id, stretch, n,"
                    " combination FROM statement_facet_counts"
                )
            ).all(),
            key=repr,
        )
    return out
