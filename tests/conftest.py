from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from plantrack.model import Block, Document, SourceDocument, SourceFormat
from plantrack.pipeline import process_bytes

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = REPO / "examples" / "corpus"
SEED_NEWS = "000_b58980958191a88d.txt"
SEED_PLAN = "004_0a1f08db3fe563dd.txt"


def seed_path(name: str) -> Path:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"needs the real documents in {SEEDS}")
    return path


@pytest.fixture(scope="session")
def seed_plan() -> Document:
    return process_bytes(seed_path(SEED_PLAN).read_bytes(), SEED_PLAN)


@pytest.fixture(scope="session")
def seed_news() -> Document:
    return process_bytes(seed_path(SEED_NEWS).read_bytes(), SEED_NEWS)


# The suite runs every database test on both backends. PostgreSQL needs a server the
# tests may create databases on (scripts/start_postgres.sh starts one and prints this
# URL); without it the PostgreSQL half is skipped, unless PLANTRACK_TEST_REQUIRE_POSTGRES
# is set (CI), where a missing server fails the run.
POSTGRES_URL_ENV = "PLANTRACK_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "PLANTRACK_TEST_REQUIRE_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


class Databases:
    """Fresh, empty databases on one backend: `new()` gives the URL of another one."""

    _serial = itertools.count(1)

    def __init__(self, backend: str, folder: Path, admin_url: str | None = None) -> None:
        self.backend = backend
        self.folder = folder
        self.admin_url = admin_url
        self.created: list[str] = []

    def new(self, name: str = "test") -> str:
        n = next(self._serial)
        if self.backend == "sqlite":
            return f"sqlite:///{self.folder / f'{name}-{n}.db'}"
        import psycopg

        assert self.admin_url is not None
        db = f"plantrack_test_{os.getpid()}_{n}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db}"')
        self.created.append(db)
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{db}"

    def drop_all(self) -> None:
        if not self.created:
            return
        import psycopg

        with psycopg.connect(str(self.admin_url), autocommit=True) as conn:
            for db in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        self.created.clear()


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_URL_ENV)
    required = os.environ.get(REQUIRE_POSTGRES_ENV)
    if not url:
        if required:
            pytest.fail(f"{REQUIRE_POSTGRES_ENV} is set but {POSTGRES_URL_ENV} is not")
        pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_ENV} (scripts/start_postgres.sh)")
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        if required:
            pytest.fail(f"cannot reach the PostgreSQL server at {url}: {exc}")
        pytest.skip(f"cannot reach the PostgreSQL server at {url}: {exc}")
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    """Every test that asks for a database runs once per backend."""
    backend = request.param
    admin = _postgres_admin_url() if backend == "postgresql" else None
    made = Databases(backend, tmp_path_factory.mktemp(backend), admin)
    yield made
    made.drop_all()


@pytest.fixture()
def db_url(databases: Databases) -> str:
    """The URL of a fresh, empty database (SQLite file or PostgreSQL database)."""
    return databases.new()


def store_files(url: str, paths: list[Path]) -> int:
    """Read each file through the whole pipeline and store it in the database at `url`,
    as `plantrack ingest` would (in this process): how many were read."""
    from plantrack.pipeline import analyse_path
    from plantrack.store.repository import Store
    from plantrack.views import layout_rows

    store = Store(url)
    try:
        for path in paths:
            p = analyse_path(path, 25 * 1024 * 1024)
            store.add(p.document, str(path), p.statements, p.entities, layout_rows(p.layout))
    finally:
        store.close()
    return len(paths)


def files_of(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in sorted(folder.iterdir()) if p.is_file()]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a Chinese text layer: one list of lines per page (reportlab, CID font)."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
        c.showPage()
    c.save()
    return buf.getvalue()


def source_of(
    *blocks: Block | str, fmt: SourceFormat = SourceFormat.TEXT, **metadata: object
) -> SourceDocument:
    """A SourceDocument as a reader would make it; strings become body blocks."""
    made = [b if isinstance(b, Block) else Block(text=b, source_start=0) for b in blocks]
    return SourceDocument(
        name="t",
        content_hash="h",
        format=fmt,
        size=sum(len(b.text) for b in made),
        metadata=dict(metadata),
        blocks=made,
    )
