"""The command line: ingest batches with bad files, docs, show."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from tests.conftest import SEEDS, make_pdf

runner = CliRunner()

GOOD_TEXT = (
    "到2025年，全市新能源汽车产量达到5万辆，累计建成充电桩3000个。\n二、保障措施\n加强组织领导。\n"
)


def _run(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--database-url", db, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash, not an exit code the command chose
    return result.exit_code, result.output


@pytest.fixture()
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.bin").write_bytes(random.Random(1).randbytes(4096))
    pdf = make_pdf([["示例市新能源汽车产业发展规划", "到2025年建成充电桩1万个。"]] * 3)
    (folder / "cut.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "locked.pdf").write_bytes(_encrypt(pdf))
    (folder / "gbk.txt").write_bytes(GOOD_TEXT.encode("gbk"))
    (folder / "hostile.html").write_text(
        "<html><head><title>示例通知</title><script>alert('pwned')</script></head><body>"
        "<p>到2025年建成加氢站5座。</p><script>document.write('evil')</script>"
        "<img src=x onerror=alert(1)><a href='javascript:alert(2)'>链接</a></body></html>",
        encoding="utf-8",
    )
    return folder


def _encrypt(pdf: bytes) -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as p:
        p.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return out.getvalue()


def test_bad_files_get_one_clear_line_and_the_batch_goes_on(db_url: str, bad_folder: Path) -> None:
    code, out = _run(db_url, "ingest", str(bad_folder))
    assert code == 1
    lines = out.splitlines()

    def line_for(name: str) -> str:
        found = [ln for ln in lines if name in ln]
        assert len(found) == 1, (name, out)
        return found[0]

    assert "error" in line_for("empty.txt") and "empty" in line_for("empty.txt")
    assert "error" in line_for("noise.bin") and "not text" in line_for("noise.bin")
    assert "error" in line_for("cut.pdf") and "damaged or cut off" in line_for("cut.pdf")
    assert "error" in line_for("locked.pdf") and "encrypted" in line_for("locked.pdf")
    assert "stored" in line_for("gbk.txt")
    assert "stored" in line_for("hostile.html")
    assert "6 file(s): 2 stored, 0 unchanged, 4 failed" in out

    code, out = _run(db_url, "docs", "--json")
    stored = [json.loads(ln) for ln in out.splitlines() if ln.startswith("{")]
    assert sorted(d["name"] for d in stored) == ["gbk.txt", "hostile.html"]
    code, out = _run(
        db_url,
        "show",
        str(stored[0]["id"]) if stored[0]["name"] == "hostile.html" else str(stored[1]["id"]),
        "--json",
    )
    view = json.loads(out)
    assert "加氢站5座" in view["text"]
    for bad in ("alert", "pwned", "evil", "javascript", "onerror"):
        assert bad not in view["text"]


def test_ingest_is_idempotent_and_reports_unchanged(db_url: str, tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"
    f.write_text(GOOD_TEXT, encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(GOOD_TEXT, encoding="utf-8")
    assert _run(db_url, "ingest", str(f))[0] == 0
    code, out = _run(db_url, "ingest", str(f), str(copy), str(tmp_path / "*.txt"))
    assert code == 0
    assert "2 file(s): 0 stored, 2 unchanged, 0 failed" in out


def test_missing_paths_are_reported(db_url: str, tmp_path: Path) -> None:
    code, out = _run(db_url, "ingest", str(tmp_path / "nope.txt"))
    assert code == 1 and "no such file" in out


def test_show_a_file_without_storing_it(db_url: str, tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"
    f.write_text(GOOD_TEXT, encoding="utf-8")
    code, out = _run(db_url, "show", str(f))
    assert code == 0
    assert "二、保障措施" in out and "加强组织领导。" in out
    assert "0 document(s)" in _run(db_url, "docs")[1]


def test_show_unknown_reference_fails_clearly(db_url: str) -> None:
    code, out = _run(db_url, "show", "12345")
    assert code == 1 and "no such file or stored document" in out


def test_too_large_file_is_refused_unread_with_bounded_memory(tmp_path: Path, db_url: str) -> None:
    big = tmp_path / "big.txt"
    line = ("到2025年，全省新能源汽车产量达到10万辆，累计建成充电桩2.5万个。" * 20 + "\n").encode()
    with big.open("wb") as f:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    small = tmp_path / "small.txt"
    small.write_text(GOOD_TEXT, encoding="utf-8")
    script = (
        "import resource, sys\n"
        "from plantrack.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        # ru_maxrss survives exec on Linux: it would count the pytest process that forked
        # this one; VmHWM (this process's own peak) is reset at exec
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    for ln in open('/proc/self/status'):\n"
        "        if ln.startswith('VmHWM:'):\n"
        "            peak = int(ln.split()[1])\n"
        "except OSError:\n"
        "    pass\n"
        "print('PEAK_KB', peak)\n"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "--database-url",
            db_url,
            "ingest",
            str(big),
            str(small),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout + proc.stderr
    assert "big.txt: the file is 50.0 MB, above the limit" in out
    assert "1 stored" in out
    peak_mb = int(out.split("PEAK_KB")[1].split()[0]) / 1024
    assert peak_mb < 200, f"peak memory {peak_mb:.0f} MB while refusing a 50 MB file"


def test_seed_folder_end_to_end(db_url: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip("needs ../shared/seeds")
    code, out = _run(db_url, "ingest", str(SEEDS))
    assert code == 0 and "2 stored" in out
    code, out = _run(db_url, "docs", "--json")
    docs = {
        json.loads(ln)["region"]: json.loads(ln) for ln in out.splitlines() if ln.startswith("{")
    }
    assert docs["黑龙江省"]["status"] == "draft" and docs["黑龙江省"]["period"] == "2022–2025"
    assert docs["河南省"]["doc_type"] == "news"
    assert docs["河南省"]["published"] == "2022-05-20T21:45:07+08:00"
