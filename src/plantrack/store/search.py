"""Full-text search over stored documents and their sections (SQLite FTS5).

Chinese has no spaces, and SQLite's tokenizers do not segment it: unicode61 takes a
whole run of Chinese as one token, trigram finds nothing for 1–2 character queries
(氢能, 电). So every Chinese character is indexed as a token of its own, and a query is
searched as a phrase of its characters: "氢 能" matches exactly where 氢能 stands, for
any length of query, with bm25 ranking and FTS5's snippets. Latin words and numbers
stay whole tokens. No segmenter (and no segmenter's dictionary) is needed, and recall
does not depend on how a segmenter cut a word.

The index is its own pair of tables, filled for documents not yet indexed whenever a
search runs (`ensure_index`), so ingest needs no change and an interrupted indexing is
simply resumed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, text

# Tokens are cut with U+2063 (invisible separator): FTS5's unicode61 tokenizer treats it
# as a separator, and removing it restores the text exactly.
SEP = "\u2063"
_CUTS = re.compile(
    r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])|(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
    r"|(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)"
)
_WORD = re.compile(r"[^\W_]+")
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"  # snippet highlight markers, replaced later

_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_sections USING fts5("
    "title, body, document_id UNINDEXED, section_ordinal UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TABLE IF NOT EXISTS search_indexed (document_id INTEGER PRIMARY KEY)",
    # rank = bm25 with a section title worth twice its body
    "INSERT INTO search_sections (search_sections, rank) VALUES ('rank', 'bm25(2.0, 1.0)')",
)


def spaced(value: str) -> str:
    """Every Chinese character a token of its own, digits apart from letters:
    氢能480GWh → 氢|能|480|GWh (| standing for SEP)."""
    return _CUTS.sub(SEP, value)


def unspaced(value: str) -> str:
    """Undo `spaced`: the text exactly as it was (paragraph breaks shown as spaces)."""
    return value.replace(SEP, "").replace("\n", " ").strip()


def fts_query(query: str) -> str | None:
    """An FTS5 query: each whitespace-separated term as a quoted phrase, all required."""
    terms = [t for t in query.split() if t.strip()]
    phrases = []
    for term in terms:
        # only word characters reach FTS5: quotes, operators and control characters
        # (a NUL ends an SQLite string) would otherwise be query syntax or errors
        tokens = _WORD.findall(spaced(term))
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"')
    return " AND ".join(phrases) if phrases else None


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: int
    title: str
    section: str  # label of the section, "" for text outside any section
    snippet: str  # with the matches between [ and ]
    score: float  # bm25: lower is better
    region: str | None
    doc_type: str
    published: str | None


def ensure_index(engine: Engine) -> int:
    """Index the documents that are not indexed yet; returns how many were added."""
    if engine.dialect.name != "sqlite":
        raise NotImplementedError("full-text search is implemented for SQLite so far")
    added = 0
    with engine.begin() as conn:
        for ddl in _DDL:
            conn.execute(text(ddl))
        pending = conn.execute(
            text(
                "SELECT id, title, clean_text FROM documents "
                "WHERE id NOT IN (SELECT document_id FROM search_indexed) ORDER BY id"
            )
        ).all()
    for doc_id, title, clean_text in pending:
        with engine.begin() as conn:  # one document per transaction: resumable
            sections = conn.execute(
                text(
                    'SELECT ordinal, parent_ordinal, label, start, "end" FROM sections '
                    "WHERE document_id = :d ORDER BY ordinal"
                ),
                {"d": doc_id},
            ).all()
            for ordinal, label, body in _section_texts(clean_text, sections):
                conn.execute(
                    text(
                        "INSERT INTO search_sections (title, body, document_id, section_ordinal) "
                        "VALUES (:t, :b, :d, :o)"
                    ),
                    {"t": spaced(label or title), "b": spaced(body), "d": doc_id, "o": ordinal},
                )
            conn.execute(text("INSERT INTO search_indexed VALUES (:d)"), {"d": doc_id})
        added += 1
    return added


def _section_texts(clean_text: str, sections: Sequence[Any]) -> list[tuple[int, str, str]]:
    """(ordinal, label, text) of each section's own text (children's text excluded), and
    ordinal 0 for the text outside every section."""
    children: dict[int | None, list[Any]] = {}
    for row in sections:
        children.setdefault(row.parent_ordinal, []).append(row)

    def own_text(start: int, end: int, kids: list[Any]) -> str:
        parts, pos = [], start
        for kid in sorted(kids, key=lambda k: k.start):
            parts.append(clean_text[pos : max(pos, kid.start)])
            pos = max(pos, kid.end)
        parts.append(clean_text[pos:end])
        return "".join(parts).strip()

    out = [(0, "", own_text(0, len(clean_text), children.get(None, [])))]
    for row in sections:
        out.append(
            (row.ordinal, row.label, own_text(row.start, row.end, children.get(row.ordinal, [])))
        )
    return [(o, label, body) for o, label, body in out if body or label]


def search(
    engine: Engine,
    query: str,
    *,
    region: str | None = None,
    doc_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Sections matching every term of `query`, best first, with highlighted snippets."""
    match = fts_query(query)
    if match is None:
        return []
    ensure_index(engine)
    where = ["search_sections MATCH :q"]
    params: dict[str, Any] = {"q": match, "limit": limit}
    if region:
        where.append("d.region = :region")
        params["region"] = region
    if doc_type:
        where.append("d.doc_type = :doc_type")
        params["doc_type"] = doc_type
    if since:
        where.append("d.published >= :since")
        params["since"] = since.isoformat()
    if until:
        where.append("substr(d.published, 1, 10) <= :until")
        params["until"] = until.isoformat()
    snippet = f"snippet(search_sections, -1, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', 24)"
    if len(where) == 1:
        # no filter: rank inside FTS5 first, then build snippets for the page only
        sql = (
            f"SELECT s.document_id, d.title, s.title, {snippet}, top.rank, "
            "d.region, d.doc_type, d.published FROM ("
            "  SELECT rowid, rank FROM search_sections WHERE search_sections MATCH :q"
            "  ORDER BY rank LIMIT :limit) AS top "
            "JOIN search_sections AS s ON s.rowid = top.rowid AND search_sections MATCH :q "
            "JOIN documents AS d ON d.id = s.document_id ORDER BY top.rank"
        )
    else:
        sql = (
            f"SELECT s.document_id, d.title, s.title, {snippet}, s.rank, "
            "d.region, d.doc_type, d.published "
            "FROM search_sections AS s JOIN documents AS d ON d.id = s.document_id "
            f"WHERE {' AND '.join(where)} ORDER BY s.rank LIMIT :limit"
        )
    with engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
    return [
        Hit(
            document_id=r[0],
            title=r[1],
            section=unspaced(r[2]) if r[2] != spaced(r[1]) else "",
            snippet=unspaced(r[3]).replace(_MARK_OPEN, "[").replace(_MARK_CLOSE, "]"),
            score=float(r[4]),
            region=r[5],
            doc_type=r[6],
            published=r[7],
        )
        for r in rows
    ]
