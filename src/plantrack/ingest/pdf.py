"""Reader for PDFs with a text layer: one BODY block per page, raw text kept.

The page text is left as PDFium gives it (line breaks, running heads, page numbers,
watermarks): the clean stage removes that debris. Only line endings are normalised.
Scanned PDFs (no text layer) and PDFs whose text layer is garbage are refused with
NoTextError; encrypted or damaged files with BrokenFileError.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from plantrack.errors import BrokenFileError, EmptyInputError, NoTextError
from plantrack.model import Block, BlockRole, SourceDocument, SourceFormat

log = logging.getLogger(__name__)

# PDFium's document-loading error codes (FPDF_ERR_*).
_ERR_PASSWORD = 4
_ERR_SECURITY = 5

# A text layer is refused as garbage when more than this share of its visible
# characters are undecodable glyphs (U+FFFD, private-use, control, "(cid:NNN)") ...
_MAX_BAD_SHARE = 0.10
# ... or when fewer than this share are letters or digits (CJK, Latin, digits).
_MIN_WORD_SHARE = 0.40
# Fewer letters/digits per page than this: no real text layer (a scan with page numbers).
_MIN_WORD_CHARS_PER_PAGE = 5

_FULL_TURN = 6.3  # radians, rounded to the 0.1 that character angles are compared at

_CID = re.compile(r"\(cid:\d+\)")
_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-])?(\d{2})?'?(\d{2})?'?"
)
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\s*-|untitled\b|无标题|新建\s*(?:microsoft\s*)?word|"
    r"document\d*$|文档\d*$|print\b)",
    re.I,
)
_FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf|xlsx?|pptx?|tmp)\s*$", re.I)
_JUNK_AUTHORS = frozenset(
    {"anonymous", "unknown", "user", "admin", "administrator", "微软用户", "微软中国", "china"}
)


@dataclass(frozen=True, slots=True)
class _TextStats:
    visible: int  # non-whitespace characters, a "(cid:NNN)" counted once
    bad: int  # undecodable glyphs
    word: int  # CJK, letters, digits


def read(data: bytes, *, name: str, content_hash: str) -> SourceDocument:
    """Read a PDF's text layer page by page. Raises an InputError subclass."""
    if not data:
        raise EmptyInputError("the file is empty")
    pages, raw_meta = _extract(data)

    stats = _text_stats("".join(pages))
    _check_text_layer(stats, len(pages))

    blocks = [
        Block(text=text, role=BlockRole.BODY, page=n)
        for n, text in enumerate(pages, start=1)
        if text.strip()
    ]
    return SourceDocument(
        name=name,
        content_hash=content_hash,
        format=SourceFormat.PDF,
        size=len(data),
        encoding=None,
        metadata=_metadata(raw_meta),
        blocks=blocks,
        page_count=len(pages),
    )


def _extract(data: bytes) -> tuple[list[str], dict[str, str]]:
    """Text of every page (line endings normalised) and the info dictionary."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _load_error(exc, data) from exc
    try:
        count = len(pdf)
        if count <= 0:
            raise BrokenFileError(
                f"the PDF is damaged or cut off: it has no pages{_eof_hint(data)}"
            )
        pages = [_page_text(pdf, i, data) for i in range(count)]
        try:
            raw_meta = pdf.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError as exc:
            log.debug("cannot read the PDF info dictionary: %s", exc)
            raw_meta = {}
    finally:
        pdf.close()
    return pages, raw_meta


def _page_text(pdf: pdfium.PdfDocument, index: int, data: bytes) -> str:
    page = textpage = None
    try:
        page = pdf[index]
        textpage = page.get_textpage()
        text = _drop_rotated_chars(textpage, textpage.get_text_range())
    except pdfium.PdfiumError as exc:
        raise BrokenFileError(
            f"the PDF is damaged or cut off: page {index + 1} of {len(pdf)} cannot be read"
            f"{_eof_hint(data)}"
        ) from exc
    finally:
        if textpage is not None:
            textpage.close()
        if page is not None:
            page.close()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _drop_rotated_chars(textpage: pdfium.PdfTextPage, text: str) -> str:
    """The page text without characters set at an angle to the page's own text.

    A diagonal watermark (征求意见稿 across the page) is text too, and PDFium puts
    its characters into whatever lines they cross. Body text runs at the angle most
    characters share; characters at another angle are dropped. Needs PDFium's
    character index to match the text, which it does when nothing was merged.
    """
    count = textpage.count_chars()
    if count != len(text) or count == 0:
        return text
    angles = [
        round(pdfium_c.FPDFText_GetCharAngle(textpage, i), 1) % _FULL_TURN for i in range(count)
    ]
    visible = [a for a, ch in zip(angles, text, strict=True) if not ch.isspace()]
    if not visible:
        return text
    body_angle = max(set(visible), key=visible.count)
    if visible.count(body_angle) == len(visible):
        return text
    kept = [ch for a, ch in zip(angles, text, strict=True) if a == body_angle or ch.isspace()]
    log.debug("dropped %d characters set at an angle", len(text) - len(kept))
    return "".join(kept)


def _load_error(exc: pdfium.PdfiumError, data: bytes) -> BrokenFileError:
    code = getattr(exc, "err_code", None)
    if code == _ERR_PASSWORD:
        return BrokenFileError("the PDF is encrypted and needs a password")
    if code == _ERR_SECURITY:
        return BrokenFileError("the PDF is encrypted with a security scheme that cannot be opened")
    detail = str(exc).removeprefix("Failed to load document ").strip("(). ") or "unknown error"
    return BrokenFileError(f"the PDF is damaged or cut off: {detail}{_eof_hint(data)}")


def _eof_hint(data: bytes) -> str:
    """A hint when the file lacks its end marker, the mark of a cut-off download."""
    return "" if b"%%EOF" in data[-2048:] else " (the file ends early: no %%EOF marker)"


def _is_bad(ch: str) -> bool:
    cp = ord(ch)
    return (
        ch == "\ufffd"
        or 0xE000 <= cp <= 0xF8FF  # private-use area
        or cp >= 0xF0000  # supplementary private-use planes
        or (cp < 32 and ch not in "\t\n\r\f\v")
        or 0x7F <= cp < 0xA0
    )


def _is_word(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= cp <= 0x4DBF  # extension A
        or 0x20000 <= cp <= 0x3134F  # extensions B-G
        or 0xF900 <= cp <= 0xFAFF  # compatibility ideographs
        or ch.isdigit()
        or ("a" <= ch.lower() <= "z")
        or (0xC0 <= cp <= 0x24F and ch.isalpha())  # accented Latin
        or (0xFF10 <= cp <= 0xFF5A and ch.isalnum())  # full-width digits and letters
    )


def _text_stats(text: str) -> _TextStats:
    cids = len(_CID.findall(text))
    if cids:
        text = _CID.sub("", text)
    visible = bad = word = 0
    for ch in text:
        if ch.isspace():
            continue
        visible += 1
        if _is_bad(ch):
            bad += 1
        elif _is_word(ch):
            word += 1
    return _TextStats(visible=visible + cids, bad=bad + cids, word=word)


def _check_text_layer(stats: _TextStats, page_count: int) -> None:
    if stats.visible == 0:
        raise NoTextError("the PDF has no text layer (scanned?); OCR is not supported")
    bad_share = stats.bad / stats.visible
    if bad_share > _MAX_BAD_SHARE:
        raise NoTextError(
            f"the PDF's text layer is garbage ({bad_share:.0%} of its characters are "
            "undecodable glyphs such as (cid:NNN) or private-use characters); "
            "OCR is not supported"
        )
    if stats.word < _MIN_WORD_CHARS_PER_PAGE * page_count:
        raise NoTextError(
            f"the PDF has no text layer (scanned?): only {stats.word} letters or digits on "
            f"{page_count} page(s); OCR is not supported"
        )
    word_share = stats.word / stats.visible
    if word_share < _MIN_WORD_SHARE:
        raise NoTextError(
            f"the PDF's text layer is garbage (only {word_share:.0%} of its characters are "
            "letters or digits); OCR is not supported"
        )


def _metadata(raw: dict[str, str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    title = _meaningful_title(raw.get("Title", ""))
    if title:
        meta["title"] = title
    author = _repair_mojibake(raw.get("Author", "").strip())
    if author and author.lower() not in _JUNK_AUTHORS and not any(map(_is_bad, author)):
        meta["author"] = author
    for key in ("CreationDate", "ModDate"):
        when = parse_pdf_date(raw.get(key, ""))
        if when is not None:
            # When the file was made, not when the document was published: the
            # structure stage prefers a date printed in the text.
            meta["pdf_created"] = when
            break
    return meta


def _meaningful_title(title: str) -> str | None:
    title = _repair_mojibake(" ".join(title.split()))
    if len(title) < 2 or any(map(_is_bad, title)):
        return None
    if _JUNK_TITLE.match(title) or _FILE_NAME.search(title):
        return None
    if not any(_is_word(ch) and not ch.isdigit() for ch in title):
        return None  # only digits and punctuation
    return title


def _repair_mojibake(text: str) -> str:
    """GBK bytes that a PDF producer stored as PDFDocEncoding (Ê¾Àý → 示例), if it is that."""
    if not text or text.isascii() or any(ord(ch) > 0xFF for ch in text):
        return text
    try:
        fixed = text.encode("latin-1").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    # Every pair of high bytes must have become one ideograph, no ASCII byte swallowed.
    high = sum(1 for ch in text if not ch.isascii())
    cjk = sum(1 for ch in fixed if "\u4e00" <= ch <= "\u9fff")
    ascii_kept = "".join(ch for ch in text if ch.isascii()) == "".join(
        ch for ch in fixed if ch.isascii()
    )
    return fixed if ascii_kept and cjk * 2 == high else text


def parse_pdf_date(value: str) -> datetime | date | None:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm'): an aware datetime with a zone, else a date."""
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, sign, tz_h, tz_m = m.groups()
    try:
        day_only = date(int(year), int(month or 1), int(day or 1))
        if not (1980 <= day_only.year <= 2100):
            return None
        if sign is None or hour is None:
            return day_only
        offset = timedelta(0)
        if sign != "Z":
            offset = timedelta(hours=int(tz_h or 0), minutes=int(tz_m or 0))
            if sign == "-":
                offset = -offset
        return datetime(
            day_only.year,
            day_only.month,
            day_only.day,
            int(hour),
            int(minute or 0),
            int(second or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None
