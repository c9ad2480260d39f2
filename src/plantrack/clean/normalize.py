"""Character-level normalisation that keeps a map back to the source.

Text is handled as a list of *pieces*: (text, source offset of its first character).
Deleting characters splits pieces; replacing one character by one character keeps
them. Both run as regular expressions over the joined text, so the cost is linear in
the text and the map grows with the number of edits only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
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
    text = to_simplified(text.translate(_FULLWIDTH))
    if "，" in text:
        # a full-width comma between digit groups is a thousands separator: １，２００ → 1,200
        text = _DIGIT_GROUP_COMMA.sub(",", text)
    return text


_DIGIT_GROUP_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


_T2S: dict[int, str] = {}  # code point → simplified character, for the traditional ones seen
_SEEN: set[str] = set()  # every character already looked up
_t2s_converter: Any = None


def to_simplified(text: str) -> str:
    """Traditional Chinese characters to simplified, one character for one (OpenCC's
    t2s table), so that offsets are unchanged. Phrase-level conversions that would
    change the length are not applied."""
    global _t2s_converter
    unseen = set(text) - _SEEN
    if unseen:
        _SEEN.update(unseen)
        chinese = [ch for ch in unseen if ord(ch) >= 0x3400]
        if chinese and _t2s_converter is None:
            import opencc

            _t2s_converter = opencc.OpenCC("t2s")
        for ch in chinese:
            out = _t2s_converter.convert(ch)
            if len(out) == 1 and out != ch:
                _T2S[ord(ch)] = out
    return text.translate(_T2S) if _T2S else text


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
