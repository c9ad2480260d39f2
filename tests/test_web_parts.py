"""The dashboard's pure parts: how a text is cut for highlighting, the login cookie,
and search snippets turned into markup."""

from __future__ import annotations

from plantrack.web import snippet_html
from plantrack.web.auth import login_cookie, reviewer_of, token_matches
from plantrack.web.highlight import pieces


def _st(i: int, start: int, end: int) -> dict[str, object]:
    return {"id": i, "start": start, "end": end, "kind": "target"}


def test_pieces_keep_the_text_and_mark_each_statement_once() -> None:
    text = "前言到2025年建成充电桩1万个。一、目标产值100亿元。"
    sts = [_st(1, 2, 16), _st(2, 5, 9), _st(3, 22, 28), _st(4, 40, 50)]  # 2 overlaps, 4 is out
    sections = [{"start": 17, "ordinal": 1}, {"start": 0, "ordinal": 9}]
    out = pieces(text, sts, sections)
    assert "".join(p.text for p in out) == text
    marked = [(p.statement["id"], p.text) for p in out if p.statement]
    assert marked == [(1, text[2:16]), (3, text[22:28])]
    anchors = [(i, p.anchor) for i, p in enumerate(out) if p.anchor is not None]
    assert [a for _, a in anchors] == [9, 1]
    # an anchor stands right before the text of its section
    i = anchors[1][0]
    assert out[i + 1].text.startswith(text[17:19])


def test_login_cookie_is_bound_to_the_token_and_the_name() -> None:
    cookie = login_cookie("tok", "张三")
    assert reviewer_of(cookie, "tok") == "张三"
    assert reviewer_of(cookie, "other") is None  # a new token logs everyone out
    _, mac = cookie.rsplit(".", 1)
    forged = login_cookie("tok", "李四").rsplit(".", 1)[0] + "." + mac
    assert reviewer_of(forged, "tok") is None
    assert reviewer_of("garbage", "tok") is None and reviewer_of(None, "tok") is None
    assert reviewer_of(cookie, None) is None
    assert token_matches("tok", "tok") and not token_matches("", "tok")
    assert not token_matches("tok", None)


def test_snippets_become_marks_and_nothing_else() -> None:
    html = str(snippet_html("建成<b>公共</b>[充电桩]1万个 <script>x</script>"))
    assert "<mark>充电桩</mark>" in html
    assert "<b>" not in html and "<script>" not in html and "&lt;script&gt;" in html
