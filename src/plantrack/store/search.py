"""Full-text search over stored documents and their sections, on SQLite and PostgreSQL.

Chinese has no spaces, and neither backend segments it: SQLite's unicode61 tokenizer
takes a whole run of Chinese as one token, its trigram tokenizer finds nothing for 1–2
character queries (氢能, 电), and PostgreSQL's parser does the same as unicode61; pg_trgm
cannot use its index below three characters either. So on both backends every Chinese
character is a token of its own and a query is searched as a phrase of its characters:
氢能 matches exactly where 氢能 stands, for any length of query. Latin words and numbers
stay whole tokens, compared without case. No segmenter (and no segmenter's dictionary)
is needed, and recall does not depend on how a segmenter cut a word.

- SQLite: an FTS5 table of the text with U+2063 between tokens (FTS5 treats it as a
  separator), phrase queries, bm25 with a section title worth twice its body.
- PostgreSQL: a table with a tsvector built here from the same tokens (cast from its
  literal form, so no text-search configuration or locale is involved) under a GIN
  index, phrase queries with <->, ts_rank with the same weights.

The unit of the index is a section's own text (its children's excluded), cut into
chunks of at most CHUNK_CHARS at sentence ends, so that PostgreSQL's position limits
(16,383 per tsvector) never apply. A search ranks at most CANDIDATES matching chunks,
the most recently indexed first: ranking, the costly part, is capped for a query that
matches almost everything (电), and rarer queries are ranked in full. Finding the
matches still grows with the corpus (docs/search.md has the figures).
Snippets are made here, the same way for both backends.

The index tables come from the migrations; they are filled for documents not yet
indexed whenever a search runs (`ensure_index`), one document per transaction, so
ingest needs no change and an interrupted indexing is simply resumed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

CHUNK_CHARS = 1500
CANDIDATES = 2000
RECENT_CHUNKS = 20000  # PostgreSQL: where the candidates are looked for first
SNIPPET_CHARS = 60

# Tokens are cut with U+2063 (invisible separator) in the SQLite index: FTS5's unicode61
# tokenizer treats it as a separator, and removing it restores the text exactly.
SEP = "\u2063"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CUTS = re.compile(rf"(?<=[{_HAN}])|(?=[{_HAN}])|(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)")
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")
_TITLE_WEIGHT = "A"  # PostgreSQL: title tokens weigh A, body tokens D
_PG_WEIGHTS = "{0.1, 0.2, 0.4, 0.2}"  # D, C, B, A: a title counts twice


def spaced(value: str) -> str:
    """Every Chinese character a token of its own, digits apart from letters:
    氢能480GWh → 氢|能|480|GWh (| standing for SEP)."""
    return _CUTS.sub(SEP, value)


def unspaced(value: str) -> str:
    """Undo `spaced`: the text exactly as it was (paragraph breaks shown as spaces)."""
    return value.replace(SEP, "").replace("\n", " ").strip()


def tokens(value: str) -> list[str]:
    """The index tokens of a text, in order: Chinese characters one by one, Latin words
    and numbers whole, lower case."""
    return [t.lower() for t in _WORD.findall(spaced(value))]


def query_terms(query: str) -> list[list[str]]:
    """The terms of a query (separated by white space), each as its tokens. Only word
    characters survive: quotes, operators and control characters (a NUL ends an SQLite
    string and is refused by PostgreSQL) would otherwise be query syntax or errors."""
    return [toks for term in query.split() if (toks := tokens(term))]


def fts_query(query: str) -> str | None:
    """An FTS5 query: each term a quoted phrase, all required."""
    terms = query_terms(query)
    return " AND ".join('"' + " ".join(t) + '"' for t in terms) if terms else None


def ts_query(query: str) -> str | None:
    """A PostgreSQL tsquery (literal form): each term a phrase (<->), all required."""
    terms = query_terms(query)
    if not terms:
        return None
    return " & ".join("(" + " <-> ".join(f"'{t}'" for t in term) + ")" for term in terms)


def ts_vector(title: str, body: str) -> str:
    """A PostgreSQL tsvector (literal form) of a chunk: its title's tokens (weight A)
    followed by its body's."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for part, weight in ((title, _TITLE_WEIGHT), (body, "")):
        for tok in tokens(part):
            pos += 1
            if pos > 16383:  # PostgreSQL's limit; chunks stay far below it
                break
            positions.setdefault(tok, []).append(f"{pos}{weight}")
    return " ".join(f"'{tok}':{','.join(p)}" for tok, p in positions.items())


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: int
    title: str
    section: str  # label of the section, "" for text outside any section
    snippet: str  # with the matches between [ and ]
    score: float  # lower is better (SQLite: bm25; PostgreSQL: -ts_rank)
    region: str | None
    doc_type: str
    published: str | None


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


def chunks(body: str, size: int = CHUNK_CHARS) -> list[str]:
    """`body` cut at sentence ends into pieces of at most `size` characters (a longer
    sentence is cut where it must)."""
    if len(body) <= size:
        return [body]
    out: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(body):
        while len(sentence) > size:
            if current:
                out.append(current)
                current = ""
            out.append(sentence[:size])
            sentence = sentence[size:]
        if len(current) + len(sentence) > size:
            out.append(current)
            current = ""
        current += sentence
    if current:
        out.append(current)
    return [c for c in out if c.strip()]


def index_units(title: str, clean_text: str, sections: Sequence[Any]) -> list[tuple[int, str, str]]:
    """(section ordinal, title, text) of every row the index holds for a document: each
    section's own text in chunks, titled by the section's label (the document's title
    for the text outside every section)."""
    return [
        (ordinal, label or title, piece)
        for ordinal, label, body in _section_texts(clean_text, sections)
        for piece in (chunks(body) if body else [""])
    ]


def ensure_index(engine: Engine) -> int:
    """Index the documents that are not indexed yet; returns how many were added."""
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        stored, indexed = conn.execute(
            text("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM search_indexed)")
        ).one()
        if stored == indexed:  # the usual case, answered without comparing id lists
            return 0
        pending = (
            conn.execute(
                text(
                    "SELECT id FROM documents "
                    "WHERE id NOT IN (SELECT document_id FROM search_indexed) ORDER BY id"
                )
            )
            .scalars()
            .all()
        )
    added = 0
    for doc_id in pending:
        try:
            with engine.begin() as conn:  # one document per transaction: resumable
                if postgres:  # two searches indexing at once: one waits, then skips
                    conn.execute(text("SELECT pg_advisory_xact_lock(1, :d)"), {"d": doc_id})
                if _index_document(conn, doc_id, postgres):
                    added += 1
        except (IntegrityError, OperationalError):
            # another process indexed it (SQLite: or holds the write lock); the search
            # goes on with what is indexed, and the next one picks the rest up
            continue
    return added


def _index_document(conn: Connection, doc_id: int, postgres: bool) -> bool:
    done = conn.execute(
        text("SELECT 1 FROM search_indexed WHERE document_id = :d"), {"d": doc_id}
    ).first()
    if done:
        return False
    title, clean_text = conn.execute(
        text("SELECT title, clean_text FROM documents WHERE id = :d"), {"d": doc_id}
    ).one()
    sections = conn.execute(
        text(
            'SELECT ordinal, parent_ordinal, label, start, "end" FROM sections '
            "WHERE document_id = :d ORDER BY ordinal"
        ),
        {"d": doc_id},
    ).all()
    rows = index_units(title, clean_text, sections)
    if postgres:
        sql = (
            "INSERT INTO search_chunks (document_id, section_ordinal, title, body, tsv) "
            "VALUES (:d, :o, :t, :b, CAST(:v AS tsvector))"
        )
        params = [{"d": doc_id, "o": o, "t": t, "b": b, "v": ts_vector(t, b)} for o, t, b in rows]
    else:
        sql = (
            "INSERT INTO search_chunks (title, body, document_id, section_ordinal) "
            "VALUES (:t, :b, :d, :o)"
        )
        params = [{"d": doc_id, "o": o, "t": spaced(t), "b": spaced(b)} for o, t, b in rows]
    if params:
        conn.execute(text(sql), params)
    conn.execute(text("INSERT INTO search_indexed (document_id) VALUES (:d)"), {"d": doc_id})
    return True


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
    """Sections matching every term of `query`, best first (one hit per section), with
    highlighted snippets."""
    terms = query_terms(query)
    if not terms or "\x00" in f"{region}{doc_type}":  # no stored text holds a NUL
        return []
    ensure_index(engine)
    postgres = engine.dialect.name == "postgresql"
    where: list[str] = []
    params: dict[str, Any] = {"cand": CANDIDATES, "fetch": limit * 3}
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
    filters = "".join(f" AND {w}" for w in where)
    if postgres:
        params["q"] = ts_query(query)
        # The candidates are looked for among the newest RECENT_CHUNKS chunks first: a
        # word found almost everywhere then costs a look at those only (PostgreSQL
        # rechecks every match of a phrase, and misjudges how many there are). Where they
        # hold fewer than CANDIDATES matches, the window grows to where that many should
        # be, by the share of matches seen, or to all chunks for a rarer word (the GIN
        # index keeps that cheap).
        sql = (
            "WITH cand AS ("
            "  SELECT c.id FROM search_chunks AS c JOIN documents AS d ON d.id = c.document_id"
            f"  WHERE c.tsv @@ CAST(:q AS tsquery) AND c.id > :floor{filters}"
            "  ORDER BY c.id DESC LIMIT :cand), "
            "top AS ("
            f"  SELECT c.id, -ts_rank('{_PG_WEIGHTS}', c.tsv, CAST(:q AS tsquery), 1) AS score"
            "  FROM cand JOIN search_chunks AS c ON c.id = cand.id"
            "  ORDER BY score, c.id DESC LIMIT :fetch) "
            "SELECT c.document_id, d.title, c.section_ordinal, c.title, c.body, top.score, "
            "  d.region, d.doc_type, d.published, c.id, (SELECT count(*) FROM cand) "
            "FROM top JOIN search_chunks AS c ON c.id = top.id "
            "JOIN documents AS d ON d.id = c.document_id "
            "ORDER BY top.score, c.id DESC"
        )
    else:
        params["q"] = fts_query(query)
        join = " JOIN documents AS d ON d.id = s.document_id" if where else ""
        # rank the candidates, then read the text of the best ones only
        sql = (
            "SELECT c.document_id, d.title, c.section_ordinal, c.title, c.body, top.rank, "
            "  d.region, d.doc_type, d.published, top.rid FROM ("
            "  SELECT rid, rank FROM ("
            f"    SELECT s.rowid AS rid, s.rank AS rank FROM search_chunks AS s{join}"
            f"    WHERE search_chunks MATCH :q{filters} ORDER BY s.rowid DESC LIMIT :cand)"
            "  ORDER BY rank, rid DESC LIMIT :fetch) AS top "
            "JOIN search_chunks AS c ON c.rowid = top.rid "
            "JOIN documents AS d ON d.id = c.document_id "
            "ORDER BY top.rank, top.rid DESC"
        )
    with engine.connect() as conn:
        rows: list[Any]
        if postgres:
            newest = conn.execute(text("SELECT max(id) FROM search_chunks")).scalar() or 0
            window = RECENT_CHUNKS
            while True:
                params["floor"] = max(0, newest - window)
                rows = list(conn.execute(text(sql), params).all())
                found = rows[0][-1] if rows else 0
                if not params["floor"] or found >= CANDIDATES:
                    break
                # widen to where CANDIDATES matches should be, going by the share of
                # matches seen so far (with a margin); all chunks when none was seen
                window = int(window * CANDIDATES * 1.5 / found) if found else newest
            rows = [r[:-1] for r in rows]
        else:
            rows = list(conn.execute(text(sql), params).all())
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    for doc_id, doc_title, ordinal, title, body, score, reg, dtype, published, _ in rows:
        if (doc_id, ordinal) in seen:  # a section's best chunk only
            continue
        seen.add((doc_id, ordinal))
        hits.append(
            Hit(
                document_id=doc_id,
                title=doc_title,
                section=unspaced(title) if ordinal else "",
                snippet=snippet(unspaced(body), terms),
                score=float(score),
                region=reg,
                doc_type=dtype,
                published=published,
            )
        )
        if len(hits) == limit:
            break
    return hits


def _term_pattern(term: list[str]) -> str:
    """A regex for where a term's tokens stand in plain text: in order, with only
    non-word characters between them; a Latin word or a number not inside a longer one."""
    parts = [re.escape(t) for t in term]
    pattern = r"[\W_]*".join(parts)
    if term[0][0].isascii() and term[0][0].isalnum():
        pattern = (r"(?<![0-9])" if term[0][0].isdigit() else r"(?<![A-Za-z])") + pattern
    if term[-1][-1].isascii() and term[-1][-1].isalnum():
        pattern += r"(?![0-9])" if term[-1][-1].isdigit() else r"(?![A-Za-z])"
    return pattern


def snippet(body: str, terms: list[list[str]], width: int = SNIPPET_CHARS) -> str:
    """About `width` characters of `body` around its first match, every match within
    between [ and ], … where text was left out."""
    pattern = re.compile("|".join(f"(?:{_term_pattern(t)})" for t in terms), re.IGNORECASE)
    matches = list(pattern.finditer(body))
    first = matches[0].start() if matches else 0
    start = max(0, first - width // 4)
    end = min(len(body), start + width)
    if matches and matches[0].end() > end:
        end = matches[0].end()
    out, pos = [], start
    for m in matches:
        if m.start() < pos or m.start() >= end:
            continue
        stop = min(m.end(), end)
        out += [body[pos : m.start()], "[", body[m.start() : stop], "]"]
        pos = stop
    out.append(body[pos:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(body) else "")
