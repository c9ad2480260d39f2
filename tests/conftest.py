from __future__ import annotations

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


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


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
