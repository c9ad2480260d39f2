"""Format detection by content, encoding detection, and the plain-text and Jekyll readers."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta

import pytest

from plantrack.errors import EmptyInputError, EncodingError, InputError, UnsupportedFormatError
from plantrack.ingest import read_bytes
from plantrack.ingest.detect import sniff_format
from plantrack.ingest.encoding import decode_text
from plantrack.model import BlockRole, SourceFormat

POST = """---
layout: post
title: "示例：到2025年建成充电桩1万个"
date: 2023-04-01 09:30:00 +0800
categories: news
tags: 测试
---
<p style="display:none;">隐藏文字</p><p><a href="https://quote.example.com/r/90.BK0999" data-code="BK0999|90|1"><img src="x.png" alt="K图 BK0999_0"/></a></p><p>示例市发布方案，到2025年建成充电桩1万个。<br /></p><script>alert("x")</script><h3>相关报道</h3><p><a href="https://news.example.com/1.html">相关标题一</a></p><p>相关摘要一。</p><p><a href="https://news.example.com/2.html">相关标题二</a></p><p class="em_media">（文章来源：示例社）</p>

<https://share.example.com/NewsShare.html?infoCode=NW1>

[返回新闻](//example.com/news.html)｜[返回首页](//example.com/)
"""


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (POST.encode(), SourceFormat.JEKYLL),
        (b"%PDF-1.7\n...", SourceFormat.PDF),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", SourceFormat.HTML),
        (b"  <html lang='zh'><head><title>t</title></head></html>", SourceFormat.HTML),
        ("<p>甲</p><p>乙</p><div>丙</div>".encode(), SourceFormat.HTML),
        ("到2025年，建成充电桩1万个。".encode(), SourceFormat.TEXT),
        ("---\n这不是前言\n---\n正文".encode(), SourceFormat.TEXT),  # no YAML keys
    ],
)
def test_format_is_chosen_by_content(data: bytes, fmt: SourceFormat) -> None:
    assert sniff_format(data) is fmt


def test_docx_is_a_zip_with_word_document() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert sniff_format(buf.getvalue()) is SourceFormat.DOCX
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UnsupportedFormatError, match="not a Word document"):
        sniff_format(other.getvalue())


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyInputError, "empty"),
        (b" \n\t ", EmptyInputError, "whitespace"),
        (b"\x89PNG\r\n\x1a\n\0\0", UnsupportedFormatError, "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, UnsupportedFormatError, "old Office"),
    ],
)
def test_unreadable_inputs_name_the_file_and_reason(data: bytes, error: type, reason: str) -> None:
    with pytest.raises(error, match=reason) as exc:
        read_bytes(data, "bad.bin")
    assert str(exc.value).startswith("bad.bin: ")


def test_random_bytes_are_refused_as_not_text() -> None:
    import random

    data = random.Random(7).randbytes(5000)
    with pytest.raises(InputError) as exc:
        read_bytes(data, "noise.bin")
    assert "noise.bin" in str(exc.value)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_text_encodings(encoding: str) -> None:
    text = "黑龙江省新能源汽车产业发展规划，到2025年累计推广新能源汽车10万辆。" * 3
    decoded, used = decode_text(text.encode(encoding))
    assert decoded == text
    if encoding in ("gbk", "gb18030"):
        assert used == "gb18030"


def test_declared_gb2312_is_read_as_gb18030() -> None:
    text = "朱镕基与王堃参观示例园区"  # 镕 and 堃 are outside GB2312
    decoded, used = decode_text(text.encode("gb18030"), declared="gb2312")
    assert (decoded, used) == (text, "gb18030")


def test_binary_is_not_text() -> None:
    with pytest.raises(EncodingError):
        decode_text(bytes(range(256)) * 20)


def test_plain_text_and_pdf_dump_are_told_apart() -> None:
    prose = "第一段完整的句子。\n第二段完整的句子。\n" * 5
    assert read_bytes(prose.encode(), "a.txt").format is SourceFormat.TEXT
    dump = (
        "这一行在句子中间被截断了因为\n\n它来自一个固定宽度的文本框所\n\n以每行都没有结束的标点符号\n\n"
        * 3
    )
    assert read_bytes(dump.encode(), "b.txt").format is SourceFormat.PDF_TEXT


def test_jekyll_post_metadata_and_blocks() -> None:
    src = read_bytes(POST.encode(), "post.md")
    md = src.metadata
    assert md["title"] == "示例：到2025年建成充电桩1万个"
    assert md["date"] == datetime(2023, 4, 1, 9, 30).replace(tzinfo=md["date"].tzinfo)
    assert md["date"].utcoffset() == timedelta(hours=8)
    assert md["source"] == "示例社"
    assert md["codes"] == ["BK0999"]
    assert md["canonical_url"] == "https://share.example.com/NewsShare.html?infoCode=NW1"
    body = [b.text for b in src.blocks if b.role is BlockRole.BODY]
    assert body == ["示例市发布方案，到2025年建成充电桩1万个。"]
    related = [(b.title, b.link, b.text) for b in src.blocks if b.role is BlockRole.RELATED]
    assert related == [
        ("相关标题一", "https://news.example.com/1.html", "相关摘要一。"),
        ("相关标题二", "https://news.example.com/2.html", "相关标题二"),
    ]
    all_text = " ".join(b.text for b in src.blocks if b.role is not BlockRole.FURNITURE)
    for hidden in ("隐藏文字", "alert", "K图", "返回", "share.example.com"):
        assert hidden not in all_text


def test_markdown_body_post() -> None:
    post = (
        "---\ntitle: 标题\n---\n## 小标题\n\n"
        "到2025年，产值达到**100亿元**。\n\n- 建成充电桩5000个\n"
    )
    src = read_bytes(post.encode(), "p.md")
    assert [(b.role, b.text) for b in src.blocks] == [
        (BlockRole.HEADING, "小标题"),
        (BlockRole.BODY, "到2025年，产值达到100亿元。"),
        (BlockRole.BODY, "建成充电桩5000个"),
    ]


def test_broken_front_matter_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="front matter"):
        read_bytes(b"---\ntitle: [unclosed\n---\nbody", "x.md")
