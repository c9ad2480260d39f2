"""A document's clean text cut into pieces for the page: plain text, statements (marked
by kind) and section anchors. Pure: the template escapes every piece."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    statement: dict[str, Any] | None = None  # the statement this piece is, if any
    anchor: int | None = None  # a section's ordinal starting here


def pieces(
    text: str, statements: list[dict[str, Any]], sections: list[dict[str, Any]]
) -> list[Piece]:
    """`text` in order, each statement's span one piece (a statement overlapping an
    earlier one is left unmarked), an empty anchor piece where each section starts."""
    marks = sorted(
        (st for st in statements if 0 <= st["start"] < st["end"] <= len(text)),
        key=lambda st: (st["start"], -st["end"]),
    )
    anchors = sorted((sec["start"], sec["ordinal"]) for sec in sections)
    out: list[Piece] = []
    pos = 0
    a = 0

    def plain_until(end: int) -> None:
        nonlocal pos, a
        while a < len(anchors) and anchors[a][0] <= end:
            at, ordinal = anchors[a]
            if at >= pos:
                if at > pos:
                    out.append(Piece(text[pos:at]))
                    pos = at
                out.append(Piece("", anchor=ordinal))
            a += 1
        if end > pos:
            out.append(Piece(text[pos:end]))
            pos = end

    for st in marks:
        if st["start"] < pos:
            continue  # overlaps the previous mark
        plain_until(st["start"])
        out.append(Piece(text[st["start"] : st["end"]], statement=st))
        pos = st["end"]
    plain_until(len(text))
    return out
