"""Chinese full-text search: any query length, filters, snippets, a resumable index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from plantrack.pipeline import analyse_path
from plantrack.store import search as search_module
from plantrack.store.repository import Store
from plantrack.store.search import (
    chunks,
    ensure_index,
    fts_query,
    search,
    snippet,
    spaced,
    ts_query,
    ts_vector,
    unspaced,
)
from tests.conftest import CORPUS, Databases


@pytest.fixture(scope="module")
def store(databases: Databases) -> Iterator[Store]:
    s = Store(databases.new("search"))
    for path in sorted(CORPUS.iterdir()):
        p = analyse_path(path, 10**8)
        s.add(p.document, str(path), p.statements, p.entities)
    yield s
    s.close()


@pytest.mark.parametrize("query", ["电", "氢能", "充电桩", "负极材料", "GWh"])
def test_queries_of_any_length_find_their_text(store: Store, query: str) -> None:
    hits = search(store.engine, query)
    assert hits, query
    assert all("[" in h.snippet for h in hits)  # something is highlighted in every hit
    assert f"[{query}]" in hits[0].snippet


def test_every_term_is_required_and_ranking_prefers_dense_matches(store: Store) -> None:
    both = search(store.engine, "加氢站 2025")
    assert both
    for h in both:
        assert "加氢站" in h.snippet.replace("[", "").replace("]", "") or "2025" in h.snippet
    assert search(store.engine, "加氢站 火星基地") == []
    scores = [h.score for h in search(store.engine, "氢能")]
    assert scores == sorted(scores)  # bm25: best (lowest) first


def test_filters(store: Store) -> None:
    henan = search(store.engine, "充电桩", region="双桥市")
    assert henan and {h.region for h in henan} == {"双桥市"}
    notices = search(store.engine, "充电桩", doc_type="notice")
    assert notices and {h.doc_type for h in notices} == {"notice"}
    recent = search(store.engine, "充电桩", since=date(2023, 3, 10), until=date(2023, 3, 31))
    assert recent and all("2023-03-10" <= (h.published or "")[:10] <= "2023-03-31" for h in recent)


def test_snippets_read_as_the_text_does(store: Store) -> None:
    hit = search(store.engine, "公共充电桩")[0]
    assert "[公共充电桩]" in hit.snippet
    assert "  " not in hit.snippet and " 个" not in hit.snippet


def test_index_is_incremental(store: Store, tmp_path: Path) -> None:
    assert ensure_index(store.engine) == 0  # everything is indexed already


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(", "a OR", "充电桩 AND", "-", "   ", "'; DROP", "\x00", "电\x00'\"", "_"],
)
def test_hostile_queries_do_not_break(store: Store, query: str) -> None:
    search(store.engine, query)  # no exception is the point: FTS5 syntax is quoted away


def test_spacing_round_trip() -> None:
    text = "到2025年建成公共充电桩1.2万个，Volvo XC40车型"
    assert unspaced(spaced(text)) == text
    assert fts_query("氢能 DHT") == '"氢 能" AND "dht"'
    assert fts_query("  ") is None


def test_postgres_forms_of_queries_and_texts() -> None:
    assert ts_query("氢能 DHT") == "('氢' <-> '能') & ('dht')"
    assert ts_query("'; \x00") is None
    vector = ts_vector("标题", "电池GWh电池")
    assert vector == "'标':1A '题':2A '电':3,6 '池':4,7 'gwh':5"


def test_long_sections_are_cut_at_sentence_ends() -> None:
    text = "".join(f"第{i}句话讲充电桩建设。" for i in range(400))
    pieces = chunks(text, 300)
    assert "".join(pieces) == text
    assert all(len(p) <= 300 and p.endswith("。") for p in pieces)
    assert chunks("短。", 300) == ["短。"]
    assert "".join(chunks("没有句号" * 200, 300)) == "没有句号" * 200  # cut where it must


def test_snippets_mark_every_match_in_the_window() -> None:
    body = "全市建成公共充电桩1.2万个，其中快充桩3000个，充电站50座。" * 3
    out = snippet(body, [["充", "电"]], width=40)
    assert out.startswith("全市建成公共[充电]桩") and out.endswith("…")
    assert out.count("[充电]") == 2
    assert snippet("480GWh的产能", [["gwh"]]) == "480[GWh]的产能"
    assert snippet("GWhx", [["gwh"]]) == "GWhx"  # not inside a longer word


def test_a_common_query_ranks_only_the_latest_candidates(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = search(store.engine, "电", limit=100)
    assert len({h.document_id for h in everything}) > 2
    monkeypatch.setattr(search_module, "CANDIDATES", 3)
    few = search(store.engine, "电", limit=100)
    assert 0 < len(few) <= 3
    newest = max(h.document_id for h in everything)
    assert {h.document_id for h in few} == {newest}  # the most recently indexed chunks
    assert [h.score for h in few] == sorted(h.score for h in few)


def test_search_command_and_endpoint(store: Store) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from plantrack.api import create_app
    from plantrack.cli import app
    from plantrack.settings import Settings

    out = CliRunner().invoke(app, ["--database-url", store.url, "search", "加氢站", "--limit", "3"])
    assert out.exit_code == 0 and "[加氢站]" in out.output
    bad = CliRunner().invoke(app, ["--database-url", store.url, "search", "x", "--since", "May"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    with TestClient(create_app(Settings(database_url=store.url))) as client:
        hits = client.get("/api/search", params={"q": "充电桩", "limit": 5}).json()
        assert 0 < len(hits) <= 5 and all("[" in h["snippet"] for h in hits)
        assert client.get("/api/search", params={"q": ""}).status_code == 422


@pytest.mark.parametrize("query", ["电", "充电桩", "加氢站 2025", "GWh"])
def test_looking_among_the_newest_chunks_first_changes_no_result(
    store: Store, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    expected = search(store.engine, query, limit=50)
    monkeypatch.setattr(search_module, "RECENT_CHUNKS", 3)  # widened 3, 12, 48, … chunks
    monkeypatch.setattr(search_module, "CANDIDATES", 20)
    few = search(store.engine, query, limit=50)
    monkeypatch.setattr(search_module, "RECENT_CHUNKS", 10**9)  # all at once
    assert few == search(store.engine, query, limit=50)
    assert expected and few
