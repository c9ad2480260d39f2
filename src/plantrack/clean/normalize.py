"""Character-level normalisation that keeps a map back to the source.

Text is handled as a list of *pieces*: (text, source offset of its first character).
Deleting characters splits pieces; replacing one character by one character keeps
them. Both run as regular expressions over the joined text, so the cost is linear in
the text and the map grows with the number of edits only.

`clean_paragraphs` cleans all the paragraphs of a document at once: each pattern runs
once over the whole text (paragraphs separated by a line break, which no pattern
matches or looks at), and the deletions of every pass are mapped back to the pieces at
the end, so the cost does not depend on how many paragraphs and pieces there are.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any

Piece = tuple[str, int]

# Full-width ASCII (！ to ～) to ASCII, but only letters, digits and a few signs:
# Chinese punctuation (，。（）：；) stays as it is, it is the standard form in Chinese text.
_FULLWIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0xFF05: ord("%"),  # ％
    0xFF0E: ord("."),  # ．
    0xFF0B: ord("+"),  # ＋
    0xFF0D: ord("-"),  # －
    0xFF0F: ord("/"),  # ／
    0xFF1D: ord("="),  # ＝
    0xFF1C: ord("<"),  # ＜
    0xFF1E: ord(">"),  # ＞
    0x3000: ord(" "),  # ideographic space
    0x00A0: ord(" "),  # no-break space
    0x2002: ord(" "),
    0x2003: ord(" "),
    0x2009: ord(" "),
    0x0009: ord(" "),  # tab
    0x000B: ord(" "),
    0x000C: ord(" "),
}

# Characters that carry nothing: zero-width spaces and joiners, soft hyphens, BOMs, and
# control characters other than line breaks (PostgreSQL cannot store a NUL in text).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]+")

# Characters of Chinese script, including CJK and full-width punctuation and the dash
# used in ranges (2022—2025).
CJK = (
    "\u2014\u2015\u2018\u2019\u201c\u201d\u2026"  # dashes, curly quotes, ellipsis
    "\u3001-\u303f"  # CJK punctuation
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"  # full-width punctuation
)
_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009"

# A PDF puts spaces around digits and between characters; in Chinese script every space
# that touches a Chinese character is debris (2021 年 → 2021年, 前  言 → 前言).
PDF_SPACES = re.compile(rf"(?<=[{CJK}])[{_SPACE}]+|[{_SPACE}]+(?=[{CJK}])")
# In web text a space between two Chinese phrases can be meaningful (a headline's two
# clauses), so only the spaces between digits and Chinese go.
WEB_SPACES = re.compile(
    rf"(?<=[0-9%])[{_SPACE}]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[{_SPACE}]+(?=[0-9])"
)
# The second and later characters of any run of spaces.
EXTRA_SPACES = re.compile(rf"(?<=[{_SPACE}])[{_SPACE}]+")


def normalize_chars(text: str) -> str:
    """One-for-one replacements: full-width digits/letters/% to ASCII, odd spaces to ' ',
    traditional characters to simplified (萬 → 万, 輛 → 辆, 增長 → 增长)."""
    text = _one_for_one(text)
    if "，" in text:
        # a full-width comma between digit groups is a thousands separator: １，２００ → 1,200
        text = _DIGIT_GROUP_COMMA.sub(",", text)
    return text


_DIGIT_GROUP_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
# Where _DIGIT_GROUP_COMMA may match in a text of several pieces (each piece's end is
# the end of the text for the rule); `_piece_commas` checks the pieces.
_COMMA_CANDIDATE = re.compile(r"，(?<=\d，)(?=\d{3})")
_DIGIT = re.compile(r"\d")

# Traditional → simplified, one character for one (OpenCC's t2s applied to each character
# alone): a table of every BMP character from U+3400 on, built on first use; characters
# beyond the BMP (rare in text) are converted when first seen. One pattern finds every
# character that a full-width form, an odd space or t2s may replace.
_Tables = tuple[re.Pattern[str], dict[str, str], dict[int, str], Any]
_TABLES: _Tables | None = None
_ASTRAL: dict[str, str] = {}  # a character beyond the BMP → what t2s makes of it


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        import opencc

        converter = opencc.OpenCC("t2s")
        chars = [chr(c) for c in range(0x3400, 0x10000) if not 0xD800 <= c <= 0xDFFF]
        # One call for all characters, a line each: a line break ends every phrase, so
        # each character is converted as if alone (and much faster than one call each).
        out = converter.convert("\n".join(chars)).split("\n")
        if len(out) != len(chars):  # pragma: no cover - a converter that joins lines
            out = [converter.convert(ch) for ch in chars]
        t2s = {ord(ch): o for ch, o in zip(chars, out, strict=True) if len(o) == 1 and o != ch}
        # full-width forms and odd spaces first (they map to ASCII, which t2s leaves)
        replace = {chr(k): v for k, v in t2s.items()}
        replace.update({chr(k): chr(v) for k, v in _FULLWIDTH.items()})
        keys = "".join(re.escape(ch) for ch in sorted(replace))
        pattern = re.compile(f"[{keys}\U00010000-\U0010ffff]")
        # assigned whole, once built: another thread sees no half-built table
        _TABLES = (pattern, replace, t2s, converter)
    return _TABLES


def _astral(ch: str) -> str:
    """t2s of a character beyond the BMP, looked up once."""
    out = _ASTRAL.get(ch)
    if out is None:
        converted = _tables()[3].convert(ch)
        out = _ASTRAL[ch] = converted if len(converted) == 1 else ch
    return out


def _one_for_one(text: str) -> str:
    """`text` with full-width forms and odd spaces to ASCII, then traditional characters to
    simplified; one regular expression pass (most texts have few or none of them)."""
    pattern, replace, _, _ = _tables()
    return pattern.sub(lambda m: replace.get(m.group()) or _astral(m.group()), text)


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters to simplified, one character for one (OpenCC's
    t2s table), so that offsets are unchanged. Phrase-level conversions that would
    change the length are not applied."""
    text = text.translate(_tables()[2])
    return _BEYOND_BMP.sub(lambda m: _astral(m.group()), text)


# A pinyin gloss inside a word, as some pages print it: 充电桩(zhuāng), 时期(shí qī).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = f"[a-zü{_TONED}]+"
PINYIN_GLOSS = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü {_TONED}]*[{_TONED}])"
    rf"{_SYLLABLE}(?: {_SYLLABLE}){{0,3}}[)）]"
)
# The second and later marks of doubled punctuation: ，， → ，, 。。 → 。, %% → %.
DOUBLED_PUNCTUATION = re.compile(
    "|".join(f"(?<={re.escape(c)}){re.escape(c)}+" for c in "，。、；：！？%")
)


# The same deletions as the patterns above, written to start with a set of characters:
# the regular expression engine then skips in C to the next character of that set
# instead of trying every position (5–20× faster). A lookbehind that the first
# character of a match needed is checked after it, over both characters.
_FAST_PDF_SPACES = re.compile(
    rf"[{_SPACE}](?:(?<=[{CJK}][{_SPACE}])[{_SPACE}]*|[{_SPACE}]*(?=[{CJK}]))"
)
_FAST_WEB_SPACES = re.compile(
    rf"[{_SPACE}](?:(?<=[0-9%][{_SPACE}])[{_SPACE}]*(?=[\u4e00-\u9fff])"
    rf"|(?<=[\u4e00-\u9fff][{_SPACE}])[{_SPACE}]*(?=[0-9]))"
)
_FAST_EXTRA_SPACES = re.compile(rf"[{_SPACE}](?<=[{_SPACE}][{_SPACE}])[{_SPACE}]*")
# _DEBRIS in one such pass: its three parts consume disjoint sets of characters
# (invisible ones; a parenthesis, Latin letters and spaces; punctuation), each match
# starting with a character of its own set, so a match of one never stands where
# another could start. The first character is taken by one set of all three, and the
# lookbehind of each branch checks which it was.
_INVISIBLE_SET = "\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f"
_DOUBLED_SET = "，。、；：！？%"
_FAST_DEBRIS = (
    re.compile(
        rf"[{_INVISIBLE_SET}(（{_DOUBLED_SET}](?:(?<=[{_INVISIBLE_SET}])[{_INVISIBLE_SET}]*"
        rf"|(?<=[\u4e00-\u9fff][(（])(?=[a-zü {_TONED}]*[{_TONED}])"
        rf"{_SYLLABLE}(?: {_SYLLABLE}){{0,3}}[)）]"
        + "".join(f"|(?<={c}{c}){c}*" for c in map(re.escape, _DOUBLED_SET))
        + ")"
    ),
)


# Paragraph edges in a text of paragraphs each followed by a line break: what
# (?<![^\n])[{_SPACE}]+|[{_SPACE}]+(?=\n) matches, written to start with a space.
_PARAGRAPH_EDGES = re.compile(
    rf"[{_SPACE}](?:(?<=\n[{_SPACE}])[{_SPACE}]*|(?<=\A[{_SPACE}])[{_SPACE}]*|[{_SPACE}]*(?=\n))"
)


def delete_matches(pieces: list[Piece], pattern: re.Pattern[str]) -> list[Piece]:
    """Remove every match of `pattern` from the joined pieces, keeping the source map."""
    joined = "".join(t for t, _ in pieces)
    spans = [m.span() for m in pattern.finditer(joined) if m.end() > m.start()]
    if not spans:
        return pieces
    starts: list[int] = []
    pos = 0
    for t, _ in pieces:
        starts.append(pos)
        pos += len(t)
    keep: list[tuple[int, int]] = []
    prev = 0
    for s, e in spans:
        if s > prev:
            keep.append((prev, s))
        prev = e
    if prev < len(joined):
        keep.append((prev, len(joined)))
    out: list[Piece] = []
    for ks, ke in keep:
        i = bisect.bisect_right(starts, ks) - 1
        while ks < ke:
            piece_end = starts[i] + len(pieces[i][0])
            end = min(ke, piece_end)
            out.append((joined[ks:end], pieces[i][1] + (ks - starts[i])))
            ks = end
            i += 1
    return out


def strip_pieces(pieces: list[Piece]) -> list[Piece]:
    """Remove whitespace at both ends of the joined pieces."""
    return delete_matches(pieces, _EDGE_SPACE)


_EDGE_SPACE = re.compile(rf"^[{_SPACE}\n]+|[{_SPACE}\n]+$")


# Everything deleted whatever its neighbours, in one pass.
_DEBRIS = re.compile("|".join(p.pattern for p in (_INVISIBLE, PINYIN_GLOSS, DOUBLED_PUNCTUATION)))


def clean_pieces(pieces: Iterable[Piece], *, pdf: bool) -> list[Piece]:
    """Normalise a paragraph's pieces: invisible characters, spaces, full-width forms."""
    out = [(normalize_chars(t), s) for t, s in pieces if t]
    out = delete_matches(out, _DEBRIS)
    out = delete_matches(out, PDF_SPACES if pdf else WEB_SPACES)
    out = delete_matches(out, EXTRA_SPACES)
    return strip_pieces(out)


def clean_paragraphs(paragraphs: Sequence[Sequence[Piece]], *, pdf: bool) -> list[list[Piece]]:
    """`clean_pieces` of each paragraph (the same pieces), with each pattern run once over
    the text of all of them: time grows with the text, not with its paragraphs."""
    texts: list[str] = []
    sources: list[int | None] = []  # None: the line break after a paragraph
    for para in paragraphs:
        for t, src in para:
            if t:
                texts.append(t)
                sources.append(src)
        texts.append("\n")
        sources.append(None)
    joined = "".join(texts)
    if joined.count("\n") != len(paragraphs):  # a line break inside a piece
        return [clean_pieces(p, pdf=pdf) for p in paragraphs]
    # where each piece starts in `joined`, and the end last
    starts = list(accumulate(map(len, texts), initial=0))
    text = _piece_commas(_one_for_one(joined), starts)
    deleted = _Deletions(len(text))
    current = deleted.apply(text, _all_spans(_FAST_DEBRIS, text))
    spaces = _FAST_PDF_SPACES if pdf else _FAST_WEB_SPACES
    current = deleted.apply(current, _all_spans((spaces,), current))
    current = deleted.apply(current, _all_spans((_FAST_EXTRA_SPACES,), current))
    deleted.apply(current, _all_spans((_PARAGRAPH_EDGES,), current))
    return deleted.cut(text, starts, sources, len(paragraphs))


def _piece_commas(text: str, starts: list[int]) -> str:
    """_DIGIT_GROUP_COMMA's replacements, each piece read as a text of its own."""
    if "，" not in text:
        return text
    hits: list[int] = []
    for m in _COMMA_CANDIDATE.finditer(text):
        p = m.start()
        i = bisect.bisect_right(starts, p) - 1
        piece_start, piece_end = starts[i], starts[i + 1]
        # the digit before and the three after in the same piece, no digit after them
        inside = piece_start < p and p + 4 <= piece_end
        if inside and (p + 4 == piece_end or not _DIGIT.match(text, p + 4)):
            hits.append(p)
    if not hits:
        return text
    parts: list[str] = []
    prev = 0
    for p in hits:
        parts += (text[prev:p], ",")
        prev = p + 1
    parts.append(text[prev:])
    return "".join(parts)


def _all_spans(patterns: tuple[re.Pattern[str], ...], text: str) -> list[tuple[int, int]]:
    """The non-empty matches of one pattern, or of patterns whose matches cannot overlap."""
    spans = [m.span() for p in patterns for m in p.finditer(text)]
    if len(patterns) > 1:
        spans.sort()
    return [(s, e) for s, e in spans if e > s]


class _Deletions:
    """The characters that passes over a text deleted, as intervals of the first text.

    Each pass reads the text the previous passes left; its matches are mapped back to
    the first text, so no piece is touched before the end (`cut`)."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.intervals: list[tuple[int, int]] = []  # sorted, apart, in the first text

    def apply(self, current: str, spans: list[tuple[int, int]]) -> str:
        """Delete `spans` (offsets in `current`, what is left of the first text); the text
        left after them."""
        if not spans:
            return current
        # offsets in `current` → offsets in the first text
        shifts: list[int] = []  # where each earlier deletion is in `current`
        totals: list[int] = []  # characters deleted up to and including it
        total = 0
        for s, e in self.intervals:
            shifts.append(s - total)
            total += e - s
            totals.append(total)

        def first(offset: int) -> int:
            k = bisect.bisect_right(shifts, offset)
            return offset + (totals[k - 1] if k else 0)

        mapped = [(first(s), first(e - 1) + 1) for s, e in spans]
        self.intervals = _union(self.intervals, mapped)
        parts: list[str] = []
        prev = 0
        for s, e in spans:
            parts.append(current[prev:s])
            prev = e
        parts.append(current[prev:])
        return "".join(parts)

    def cut(
        self, text: str, starts: list[int], sources: list[int | None], paragraphs: int
    ) -> list[list[Piece]]:
        """The pieces left of each paragraph: what each piece keeps, in runs (pieces are
        split where characters were deleted, never joined); a source of None marks the
        line break after a paragraph."""
        out: list[list[Piece]] = [[] for _ in range(paragraphs)]
        intervals = self.intervals
        para = 0
        k = 0  # the first deletion that ends after the current piece's start
        n = len(intervals)
        for i, src in enumerate(sources):
            if src is None:
                para += 1
                continue
            ps, pe = starts[i], starts[i + 1]
            while k < n and intervals[k][1] <= ps:
                k += 1
            if k == n or intervals[k][0] >= pe:
                out[para].append((text[ps:pe], src))
                continue
            pos = ps
            j = k
            while j < n and intervals[j][0] < pe:
                s, e = intervals[j]
                if s > pos:
                    out[para].append((text[pos:s], src + (pos - ps)))
                pos = max(pos, e)
                j += 1
            if pos < pe:
                out[para].append((text[pos:pe], src + (pos - ps)))
        return out


def _union(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of two lists of sorted intervals, sorted, touching ones merged."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(a + b) if a else b:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged
