"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright,
against a uvicorn server over a database seeded with the sample corpus and a hostile web
page. Every test runs under a guard (tests/browser_support.py) that fails it on a dialog,
a script error, a console error or a request that leaves localhost, and leaves a
full-page screenshot in test-artifacts/screenshots/. Runs on both database backends."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from plantrack.api import create_app
from plantrack.settings import Settings
from tests.browser_support import (
    CHROMIUM_ARGS,
    HOSTILE_HTML,
    HOSTILE_NAME,
    Guard,
    LiveServer,
    chromium_path,
    screenshot,
)
from tests.conftest import CORPUS, Databases, files_of, store_files

TOKEN = "br0wser-t0ken"
REVIEWER = "浏览器 Tester"
TIMEOUT_MS = 10_000


@dataclass
class Site:
    url: str
    backend: str
    db_url: str


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(
    databases: Databases, tmp_path_factory: pytest.TempPathFactory, browser: Any
) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("hostile")
    hostile = folder / HOSTILE_NAME
    hostile.write_text(HOSTILE_HTML, encoding="utf-8")
    url = databases.new("browser")
    store_files(url, [*files_of(CORPUS), hostile])
    server = LiveServer(create_app(Settings(database_url=url, api_token=TOKEN))).start()
    try:
        yield Site(server.url, databases.backend, url)
    finally:
        server.stop()


@dataclass
class UI:
    """One test's browser tab, its guard, and the server it talks to."""

    page: Any
    guard: Guard
    site: Site
    name: str
    shots: list[Path] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.site.url + path)
        assert response is not None and response.status == 200, (
            f"{path}: {response and response.status}"
        )
        return response

    def api(self, path: str, **params: Any) -> Any:
        response = self.page.request.get(self.site.url + path, params=params)
        assert response.ok, f"{path}: {response.status} {response.text()[:300]}"
        return response.json()

    def login(self, then: str) -> None:
        self.goto(f"/login?next={then}")
        self.page.fill("input[name=name]", REVIEWER)
        self.page.fill("input[name=token]", TOKEN)
        with self.page.expect_navigation():
            self.page.click("form.login button[type=submit]")
        assert urlsplit(self.page.url).path == then
        expect(self.page.locator("header .who")).to_contain_text(REVIEWER)

    def shot(self, suffix: str = "") -> None:
        name = f"{self.name}{'-' + suffix if suffix else ''}-{self.site.backend}"
        self.shots.append(screenshot(self.page, name))

    def check(self) -> None:
        self.guard.check(self.page)


@pytest.fixture()
def ui(browser: Any, site: Site, request: pytest.FixtureRequest) -> Iterator[UI]:
    context = browser.new_context(
        accept_downloads=True,
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    guard = Guard()
    guard.attach(context)
    page = context.new_page()
    guard.watch(page)
    made = UI(page, guard, site, request.node.originalname)
    yield made  # pytest resumes here after the test, whether it passed or failed
    try:
        if not made.shots:  # where the test ended, or what it saw when it failed
            with contextlib.suppress(Exception):
                made.shot()
        if not guard.reported:  # a test that failed early did not get to its check
            guard.check(page)
    finally:
        context.close()


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def _ids_of_rows(page: Any) -> list[int]:
    hrefs = page.locator("#targets-table tbody td:last-child a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [int(re.search(r"#st-(\d+)$", h).group(1)) for h in hrefs]


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _document_id(ui: UI, name: str) -> int:
    docs = ui.api("/api/documents", limit=1000)["items"]
    return next(d["id"] for d in docs if d["name"] == name)


# -- the pages ----------------------------------------------------------------------------


def test_home_shows_counts_and_latest_documents(ui: UI) -> None:
    ui.goto("/")
    health = ui.api("/api/health")
    counts = [int(b) for b in ui.page.locator("#counts b").all_inner_texts()]
    assert len(counts) == 5 and counts[0] == health["documents"] > 0
    assert counts[1] > 0 and counts[2] > 0  # statements, targets
    rows = ui.page.locator("#latest tbody tr")
    expect(rows).to_have_count(min(10, health["documents"]))
    newest = ui.api("/api/documents", limit=1000)["items"][-1]
    first = rows.first.locator("a")
    expect(first).to_have_text(newest["title"])  # the hostile title, as text
    ui.shot()
    with ui.page.expect_navigation():
        first.click()
    assert urlsplit(ui.page.url).path == f"/doc/{newest['id']}"
    expect(ui.page.locator("#doc-title")).to_have_text(newest["title"])
    ui.check()


def test_search_highlights_hits(ui: UI) -> None:
    ui.goto("/find")
    box = ui.page.locator("input[name=q]")
    box.fill("充电桩")  # typing searches (after a pause): no Enter needed
    marks = ui.page.locator("#hits .snippet mark")
    expect(marks.first).to_be_visible()
    assert any("充电" in m for m in marks.all_inner_texts())
    expect(ui.page).to_have_url(re.compile(r"/find\?q=%E5%85%85%E7%94%B5%E6%A1%A9"))
    hits = ui.page.locator("#hits ol.hits > li")
    n = hits.count()
    expect(ui.page.locator("#hits > p.muted")).to_contain_text(f"{n} section(s)")
    assert n == len(ui.api("/api/search", q="充电桩", limit=100))
    # a type narrows the hits in place
    news = ui.api("/api/search", q="充电桩", doc_type="news", limit=100)
    assert 0 < len(news) < n
    ui.page.select_option("select[name=doc_type]", "news")
    expect(hits).to_have_count(len(news))
    expect(ui.page).to_have_url(re.compile(r"doc_type=news"))
    ui.shot()
    # the same search as a page of its own (a link, a reload) shows the same hits
    ui.page.reload()
    expect(ui.page.locator("#hits ol.hits > li")).to_have_count(len(news))
    expect(ui.page.locator("select[name=doc_type]")).to_have_value("news")
    expect(ui.page.locator("header.top")).to_have_count(1)
    with ui.page.expect_navigation():
        hits.first.locator("a").first.click()
    assert re.fullmatch(r"/doc/\d+", urlsplit(ui.page.url).path)
    ui.check()


def test_document_highlights_statements_and_shows_fields(ui: UI) -> None:
    statements = ui.api("/api/statements", limit=1000)["items"]
    by_doc: dict[int, set[str]] = {}
    for st in statements:
        by_doc.setdefault(st["document_id"], set()).add(st["kind"])
    doc_id = next(d for d, kinds in sorted(by_doc.items()) if len(kinds) == 3)
    ui.goto(f"/doc/{doc_id}")
    text = ui.page.locator("#text")
    for kind in ("target", "baseline", "forecast"):
        expect(text.locator(f"mark.st-{kind}").first).to_be_visible()
    legend = ui.page.locator("p.legend").inner_text()
    shown = text.locator("mark.st").count()
    of_doc = [st for st in statements if st["document_id"] == doc_id]
    assert 0 < shown <= len(of_doc)
    assert f"target 目标 {sum(st['kind'] == 'target' for st in of_doc)}" in legend
    # a target with a year and a cue for it
    target = next(
        st
        for st in of_doc
        if st["kind"] == "target"
        and st["year"]
        and st["cues"].get("year")
        and text.locator(f"mark#st-{st['id']}").count()
    )
    text.locator(f"mark#st-{target['id']}").click()
    panel = ui.page.locator(f"#detail #statement-{target['id']}")
    expect(panel).to_be_visible()
    expect(panel.locator("blockquote")).to_have_text(target["text"])
    expect(panel.locator("#field-year")).to_have_text(str(target["year"]))
    expect(panel.locator("#field-value")).to_contain_text(str(target["value"]))
    fields = panel.locator("table.fields")
    expect(fields).to_contain_text("year from 年份来源")
    expect(fields).to_contain_text(target["cues"]["year"])
    expect(fields.locator(".cue").first).to_be_visible()
    # not logged in: a link to log in instead of the review form
    expect(panel.locator("form.review")).to_have_count(0)
    expect(panel.locator(f'a[href="/login?next=/doc/{doc_id}"]')).to_be_visible()
    # the keyboard works too: Enter on another mark shows that one
    other = text.locator("mark.st-baseline").first
    other.focus()
    other.press("Enter")
    expect(ui.page.locator(f"#detail #statement-{other.get_attribute('data-id')}")).to_be_visible()
    ui.shot()
    ui.check()


def test_targets_facets_filter_and_sort(ui: UI) -> None:
    ui.goto("/targets")
    total = ui.page.locator("#total")
    everything = int(total.inner_text())
    assert everything == ui.api("/api/statements", limit=1)["total"]

    kind_facet = ui.page.locator("section.facet[data-facet=kind]")
    targets_link = kind_facet.locator("li a", has_text=re.compile(r"^target$"))
    n_targets = int(targets_link.locator("xpath=../span[@class='n']").inner_text())
    targets_link.click()
    expect(kind_facet.locator("li.on")).to_contain_text("target")
    expect(total).to_have_text(str(n_targets))
    assert n_targets < everything
    assert _query(ui.page)["kind"] == ["target"]
    kinds = ui.page.locator("#targets-table tbody td:first-child .st").all_inner_texts()
    assert kinds and set(kinds) == {"target"}
    expect(ui.page.locator("header.top")).to_have_count(1)  # swapped in place, not nested

    year_facet = ui.page.locator("section.facet[data-facet=year]")
    year_link = year_facet.locator("li a").nth(1)  # not the most frequent year
    year = year_link.inner_text()
    n_year = int(year_link.locator("xpath=../span[@class='n']").inner_text())
    year_link.click()
    expect(year_facet.locator("li.on")).to_contain_text(year)
    expect(total).to_have_text(str(n_year))
    years = ui.page.locator("#targets-table tbody td:nth-child(4)").all_inner_texts()
    assert years and set(years) == {year}
    expected = ui.api("/api/statements", kind="target", year=year, limit=1000)
    assert expected["total"] == n_year

    # the most frequent year has more than a page: sort by value, both ways
    year_facet.locator("a.clear").click()
    expect(total).to_have_text(str(n_targets))
    top_year = year_facet.locator("li a").first.inner_text()
    year_facet.locator("li a").first.click()
    expect(year_facet.locator("li.on")).to_contain_text(top_year)
    for sort in ("value", "-value"):
        ui.page.locator("#targets-table th a.sort", has_text="value").click()
        expect(ui.page).to_have_url(re.compile(f"sort={re.escape(sort)}(&|$)"))
        expect(ui.page.locator("#targets-table th a.sort.on")).to_contain_text(
            "▲" if sort == "value" else "▼"
        )
        page_ids = _ids_of_rows(ui.page)
        api = ui.api("/api/statements", kind="target", year=top_year, sort=sort, limit=50)
        assert page_ids == [s["id"] for s in api["items"]]
        values = [s["value_num"] for s in api["items"]]
        assert values == sorted(values, reverse=sort.startswith("-"))
    ui.shot()
    # the form above the table: a kind from the list, words typed in
    ui.goto("/targets?year=2023")
    ui.page.select_option("form.filters select[name=kind]", "baseline")
    expect(ui.page.locator("section.facet[data-facet=kind] li.on")).to_contain_text("baseline")
    n_baselines = ui.api("/api/statements", kind="baseline", year=2023, limit=1)["total"]
    assert n_baselines > 0
    expect(total).to_have_text(str(n_baselines))
    ui.page.fill("form.filters input[name=text]", "充电")
    ui.page.press("form.filters input[name=text]", "Enter")
    n_text = ui.api("/api/statements", kind="baseline", year=2023, text="充电", limit=1)["total"]
    assert 0 < n_text < n_baselines
    expect(total).to_have_text(str(n_text))
    assert {k: v[0] for k, v in _query(ui.page).items()} == {
        "year": "2023",
        "kind": "baseline",
        "text": "充电",
    }
    # the page the address bar shows, loaded on its own, is the same table
    ids = _ids_of_rows(ui.page)
    ui.page.reload()
    assert _ids_of_rows(ui.page) == ids
    expect(ui.page.locator("header.top")).to_have_count(1)
    ui.check()


def test_targets_export_matches_the_filter(ui: UI, tmp_path: Path) -> None:
    import openpyxl

    ui.goto("/targets")
    ui.page.locator("section.facet[data-facet=kind] li a", has_text=re.compile("^target$")).click()
    expect(ui.page.locator("section.facet[data-facet=kind] li.on")).to_be_visible()
    year_link = ui.page.locator("section.facet[data-facet=year] li a").nth(1)
    year = year_link.inner_text()
    year_link.click()
    expect(ui.page.locator("section.facet[data-facet=year] li.on")).to_contain_text(year)
    total = int(ui.page.locator("#total").inner_text())
    expected = {
        s["id"] for s in ui.api("/api/statements", kind="target", year=year, limit=1000)["items"]
    }
    assert len(expected) == total > 0

    rows: dict[str, list[dict[str, Any]]] = {}
    for label in ("CSV", "XLSX", "JSON"):
        link = ui.page.locator("a.export", has_text=label)
        assert parse_qs(urlsplit(link.get_attribute("href")).query) == {
            "format": [label.lower()],
            "kind": ["target"],
            "year": [year],
        }
        with ui.page.expect_download() as download:
            link.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.suffix == "." + label.lower()
        if label == "CSV":
            text = saved.read_bytes().decode("utf-8-sig")
            rows[label] = list(csv.DictReader(io.StringIO(text)))
        elif label == "XLSX":
            sheet = openpyxl.load_workbook(saved, read_only=True).worksheets[0]
            header, *body = list(sheet.iter_rows(values_only=True))
            rows[label] = [dict(zip(header, r, strict=True)) for r in body]
        else:
            rows[label] = json.loads(saved.read_text(encoding="utf-8"))
    for label, got in rows.items():
        assert {int(r["id"]) for r in got} == expected, label
        assert {r["kind"] for r in got} == {"target"}, label
        assert {str(r["year"]) for r in got} == {year}, label
    assert urlsplit(ui.page.url).path == "/targets"  # downloads, not navigations
    ui.check()


def _canvas_colours(page: Any, selector: str) -> dict[str, int]:
    return page.evaluate(
        """(selector) => {
          const canvas = document.querySelector(selector + " canvas");
          if (!canvas) { return {width: 0, height: 0, colours: 0}; }
          const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          const seen = new Set();
          for (let i = 0; i < data.length; i += 4) {
            seen.add(((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]) >>> 0);
          }
          return {width: canvas.width, height: canvas.height, colours: seen.size};
        }""",
        selector,
    )


def test_compare_draws_chart_and_map(ui: UI) -> None:
    ui.goto("/compare?indicator=nev.charging_piles&year=2025")
    expect(ui.page.locator("#map-chart[data-ready]")).to_have_count(1)
    expect(ui.page.locator("#bar-chart[data-ready]")).to_have_count(1)
    data = json.loads(ui.page.locator("#compare-data").text_content())
    assert data["bars"] and data["provinces"]
    for chart in ("#bar-chart", "#map-chart"):
        drawn = _canvas_colours(ui.page, chart)
        assert drawn["width"] > 100 and drawn["height"] > 100, (chart, drawn)
        assert drawn["colours"] > 5, (chart, drawn)  # not a blank canvas
    rows = ui.page.locator("#compare-table tbody tr")
    expect(rows.first).to_be_visible()
    # one bar per region (its largest figure), one table row per figure
    names = {b["name"] for b in data["bars"]}
    assert len(names) == len(data["bars"]) and rows.count() >= len(data["bars"])
    ui.shot()

    # a province on the map does the same
    province = data["provinces"][0]
    point = ui.page.evaluate(
        """(name) => {
          const geo = echarts.getMap("china").geoJSON;
          const feature = geo.features.find(f => f.properties.name === name);
          let ring = feature.geometry.coordinates[0];
          if (feature.geometry.type === "MultiPolygon") { ring = ring[0]; }
          const xs = ring.map(p => p[0]), ys = ring.map(p => p[1]);
          const centre = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
          return window.plantrackCharts.map.convertToPixel({seriesIndex: 0}, centre);
        }""",
        province["name"],
    )
    _click_until_it_navigates(ui, "#map-chart", point)
    assert _query(ui.page)["region_code"] == [province["code"]]
    assert int(ui.page.locator("#total").inner_text()) > 0
    ui.check()


def _click_until_it_navigates(ui: UI, chart: str, point: list[float]) -> None:
    """Click a point of a chart's canvas and wait for the page it opens. On a loaded
    machine the first click can land while ECharts is still settling (seen in CI only:
    no navigation in 10 s), so it is tried three times before the test fails."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        try:
            with ui.page.expect_navigation(timeout=10_000):
                ui.page.locator(chart).click(position={"x": point[0], "y": point[1]})
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            ui.page.wait_for_timeout(500)


def test_every_compare_bar_opens_its_targets(ui: UI) -> None:
    """A click on each bar of the chart, and each region of the table, opens the targets
    explorer on a non-empty list that holds the figure the bar shows."""
    ui.goto("/compare?indicator=nev.charging_piles&year=2025")
    data = json.loads(ui.page.locator("#compare-data").text_content())
    for i, bar in enumerate(data["bars"]):
        if i:
            ui.goto("/compare?indicator=nev.charging_piles&year=2025")
        expect(ui.page.locator("#bar-chart[data-ready]")).to_have_count(1)
        point = ui.page.evaluate(
            """([i, value]) => {
              const bar = window.plantrackCharts.bar;
              const top = bar.convertToPixel({seriesIndex: 0}, [i, value]);
              const bottom = bar.convertToPixel({seriesIndex: 0}, [i, 0]);
              return [top[0], (top[1] + bottom[1]) / 2];
            }""",
            [i, bar["value"]],
        )
        _click_until_it_navigates(ui, "#bar-chart", point)
        assert urlsplit(ui.page.url).path == "/targets", bar
        assert int(ui.page.locator("#total").inner_text()) > 0, (bar, ui.page.url)
        query = {k: v[0] for k, v in _query(ui.page).items()}
        found = ui.api("/api/statements", **query, limit=1000)["items"]
        assert any(s["value_num"] == bar["value"] for s in found), (bar, ui.page.url)
    ui.goto("/compare?indicator=nev.charging_piles&year=2025")
    for link in ui.page.locator("#compare-table tbody tr td:first-child a").all():
        href = link.get_attribute("href")
        response = ui.page.request.get(ui.site.url + href)
        assert response.ok and re.search(r'<b id="total">[1-9]', response.text()), href
    ui.check()


def test_tracking_states_the_rule(ui: UI) -> None:
    ui.goto("/tracking")
    rule = ui.page.locator("#rule")
    expect(rule).to_be_visible()
    expect(rule).to_contain_text("Achieved")
    expect(rule).to_contain_text("On track")
    rows = ui.page.locator("#tracking-table tbody tr")
    assert rows.count() > 0
    statuses = ui.page.locator("#tracking-table tbody .status").all_inner_texts()
    assert statuses and all(s.strip() for s in statuses)
    expect(ui.page.locator("#actuals-table")).to_contain_text("none yet")
    # logged in, the documents' baselines become actual values, and statuses follow
    ui.login("/tracking")
    with ui.page.expect_navigation():
        ui.page.get_by_role("button", name=re.compile("baselines")).click()
    expect(ui.page.locator("#message")).to_contain_text("baseline(s)")
    expect(ui.page.locator("#actuals-table tbody tr").first).not_to_contain_text("none yet")
    after = ui.page.locator("#tracking-table tbody .status").all_inner_texts()
    assert len(after) == len(statuses) and set(after) - {"no data"}
    # 50 targets a page, the status counts of this page, previous and next
    total = int(ui.page.locator("#tracking-total").inner_text())
    assert total > 50 and 0 < len(after) <= 50
    expect(ui.page.locator("#tracking-statuses")).to_contain_text("On this page")
    assert ui.page.locator("#tracking-pager a[rel=prev]").count() == 0
    first_page = ui.page.locator("#tracking-table tbody td:nth-child(3) a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    with ui.page.expect_navigation():
        ui.page.locator("#tracking-pager a[rel=next]").click()
    assert _query(ui.page) == {"page": ["2"]}
    second_page = ui.page.locator("#tracking-table tbody td:nth-child(3) a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert second_page and not set(second_page) & set(first_page)
    expect(ui.page.locator("#tracking-pager a[rel=prev]")).to_be_visible()
    # filters: an indicator and a region (a name that has a code matches by the code)
    ui.page.select_option("#tracking-filters select[name=indicator_id]", "nev.production")
    ui.page.fill("#tracking-filters input[name=region]", "黑龙江")
    with ui.page.expect_navigation():
        ui.page.click("#tracking-filters button[type=submit]")
    assert _query(ui.page) == {"indicator_id": ["nev.production"], "region": ["黑龙江"]}
    expect(ui.page.locator("#tracking-total")).to_have_text("1")
    regions = ui.page.locator("#tracking-table tbody tr td:first-child").all_inner_texts()
    assert regions == ["黑龙江省"]
    expect(ui.page.locator("#tracking-filters select[name=indicator_id]")).to_have_value(
        "nev.production"
    )
    # a place without a code, by its name; the pages keep the filter
    ui.goto("/tracking?region=青川市")
    regions = ui.page.locator("#tracking-table tbody tr td:first-child").all_inner_texts()
    assert regions and set(regions) == {"青川市"}
    href = ui.page.locator("#tracking-pager a[rel=next]").get_attribute("href")
    assert parse_qs(urlsplit(href).query) == {"region": ["青川市"], "page": ["2"]}
    actual_regions = ui.page.locator("#actuals-table tbody tr td:first-child").all_inner_texts()
    assert actual_regions and set(actual_regions) == {"青川市"}
    ui.shot()
    ui.check()


def test_login_returns_to_the_page_and_logout(ui: UI) -> None:
    ui.goto("/targets?kind=target&year=2025")
    ui.page.locator("header .who a", has_text="Log in").click()
    ui.page.wait_for_url("**/login?**")
    ui.page.fill("input[name=name]", REVIEWER)
    ui.page.fill("input[name=token]", TOKEN)
    with ui.page.expect_navigation():
        ui.page.click("form.login button[type=submit]")
    parts = urlsplit(ui.page.url)
    assert parts.path == "/targets" and parse_qs(parts.query) == {
        "kind": ["target"],
        "year": ["2025"],
    }
    expect(ui.page.locator("header .who")).to_contain_text(REVIEWER)
    with ui.page.expect_navigation():
        ui.page.locator("header .who button", has_text="Log out").click()
    assert urlsplit(ui.page.url).path == "/"
    expect(ui.page.locator("header .who a", has_text="Log in")).to_be_visible()
    expect(ui.page.locator("header .who")).not_to_contain_text(REVIEWER)
    ui.check()


def test_login_and_upload_a_document(ui: UI, tmp_path: Path) -> None:
    ui.goto("/upload")
    expect(ui.page.locator("#upload-file")).to_have_count(0)
    ui.page.locator('main a[href="/login?next=/upload"]').click()
    ui.page.wait_for_url("**/login?next=/upload")
    ui.page.fill("input[name=name]", REVIEWER)
    ui.page.fill("input[name=token]", "wrong")
    ui.page.click("form.login button[type=submit]")
    expect(ui.page.locator("p.message.error")).to_have_text("the token is wrong")
    # the browser logs the 403 of a wrong token as a console error: that one is expected
    assert [e for e in ui.guard.console_errors if "status of 403" in e and "/login" in e]
    ui.guard.console_errors[:] = [e for e in ui.guard.console_errors if "status of 403" not in e]
    ui.login("/upload")

    marker = uuid.uuid4().hex[:8]
    path = tmp_path / f"upload_{marker}.txt"
    path.write_text(
        f"浏览器上传测试{marker}号文件\n"
        "一、发展目标\n"
        "到2025年，全市新能源汽车保有量达到12万辆，建成公共充电桩8000个。"
        "2022年全市新能源汽车保有量为3.5万辆。\n",
        encoding="utf-8",
    )
    with ui.page.expect_navigation(url=re.compile(r"/doc/\d+$")):
        ui.page.set_input_files("#upload-file", str(path))  # the page submits on change
    expect(ui.page.locator("#doc-title")).to_contain_text(marker)
    expect(ui.page.locator("#text mark.st-target").first).to_be_visible()
    expect(ui.page.locator("#text mark.st-baseline").first).to_be_visible()
    assert ui.page.locator("#text mark.st-target").count() == 2
    doc_id = int(urlsplit(ui.page.url).path.rsplit("/", 1)[1])
    assert any(d["id"] == doc_id for d in ui.api("/api/documents", limit=1000)["items"])
    ui.shot()
    ui.check()


def test_review_persists(ui: UI) -> None:
    doc_id = _document_id(ui, "qingchuan_nev_plan_2023-2025.txt")
    ui.login(f"/doc/{doc_id}")
    marks = ui.page.locator("#text mark.st-target")
    corrected, confirmed = marks.nth(0), marks.nth(1)
    corrected_id = corrected.get_attribute("data-id")
    confirmed_id = confirmed.get_attribute("data-id")

    corrected.click()
    panel = ui.page.locator(f"#detail #statement-{corrected_id}")
    expect(panel.locator("form.review")).to_be_visible()
    old = panel.locator("input[name=value]").input_value()
    new = str(int(float(old)) + 7)
    panel.locator("input[name=value]").fill(new)
    panel.locator("input[name=note]").fill("浏览器测试更正")
    panel.locator("button[value=correct]").click()
    expect(panel.locator("p.message")).to_have_text("saved")
    expect(panel.locator("#field-value")).to_contain_text(new)

    confirmed.click()
    panel = ui.page.locator(f"#detail #statement-{confirmed_id}")
    panel.locator("button[value=confirm]").click()
    expect(panel.locator("p.message")).to_have_text("saved")

    ui.page.reload()
    ui.page.locator(f"#text mark#st-{corrected_id}").click()
    panel = ui.page.locator(f"#detail #statement-{corrected_id}")
    expect(panel.locator("#review-status")).to_be_visible()
    expect(panel.locator("#review-status")).to_contain_text("correct")
    expect(panel.locator("#field-value")).to_contain_text(new)
    history = panel.locator("ol.history li")
    expect(history.first).to_contain_text(REVIEWER)
    expect(history.first).to_contain_text(f"→ {new}")
    expect(history.first).to_contain_text("浏览器测试更正")
    expect(ui.page.locator(f"#text mark#st-{corrected_id}")).to_have_class(re.compile("reviewed-"))
    ui.shot()

    ui.page.locator(f"#text mark#st-{confirmed_id}").click()
    panel = ui.page.locator(f"#detail #statement-{confirmed_id}")
    expect(panel.locator("#review-status")).to_contain_text("confirm")
    expect(panel.locator("ol.history li").first).to_contain_text(REVIEWER)
    ui.check()


def test_hostile_document_is_shown_as_text(ui: UI) -> None:
    doc_id = _document_id(ui, HOSTILE_NAME)
    ui.goto(f"/doc/{doc_id}")
    text = ui.page.locator("#text")
    shown = text.inner_text()
    for literal in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "</textarea><script>alert(10)</script>",
        "{{7*7}}",
    ):
        assert literal in shown, literal
    assert "49" not in shown
    expect(ui.page.locator("#doc-title")).to_contain_text("<script>alert(4)</script>")
    assert "<script>alert(4)</script>" in ui.page.title()
    assert text.locator("script, img, svg, iframe, form, a, style, object, embed").count() == 0
    found = ui.page.evaluate(
        """() => {
          const bad = [];
          for (const el of document.querySelectorAll("*")) {
            for (const attr of el.attributes) {
              const value = attr.value.trim().toLowerCase();
              if (attr.name.startsWith("on") || value.startsWith("javascript:")) {
                bad.push(el.tagName + " " + attr.name + "=" + attr.value);
              }
            }
          }
          return bad;
        }"""
    )
    assert found == []
    assert ui.page.locator('a[href^="javascript:" i]').count() == 0
    scripts = ui.page.locator("script").evaluate_all("s => s.map(e => e.getAttribute('src'))")
    assert all(src and src.startswith("/static/") for src in scripts), scripts
    # hovering and clicking what used to carry handlers does nothing
    text.get_by_text("鼠标悬停文字").hover()
    text.get_by_text("鼠标悬停文字").click()
    # its one figure is highlighted and its panel is text too
    mark = text.locator("mark.st-target")
    expect(mark).to_have_count(1)
    mark.click()
    expect(ui.page.locator("#detail .panel blockquote")).to_contain_text("充电桩")
    # the original file is a download, never a page of this site
    with ui.page.expect_download() as download:
        ui.page.locator("#original").click()
    assert download.value.suggested_filename == HOSTILE_NAME
    ui.shot()

    # the search page and the targets page show its title as text as well
    ui.goto("/find?q=恶意内容测试")
    expect(ui.page.locator("#hits li a").first).to_contain_text("<script>alert(4)</script>")
    ui.goto("/targets?text=" + "全市建成公共充电桩5000个")
    expect(ui.page.locator("#targets-table tbody a").first).to_contain_text("alert(4)")
    ui.page.wait_for_timeout(300)  # a late onerror or onload would fire by now
    ui.check()
    assert ui.page.evaluate("window.__plantrackDialogs") == []


def test_links_on_every_page_resolve(ui: UI) -> None:
    """Every link of every page leads somewhere (no 404, no 500), logged in or not."""
    doc_id = _document_id(ui, "qingchuan_nev_plan_2023-2025.txt")
    pages = [
        "/",
        "/find?q=充电桩",
        f"/doc/{doc_id}",
        "/targets",
        "/targets?kind=target&year=2025&sort=-value",
        "/compare",
        "/tracking",
        "/upload",
        "/login",
    ]
    seen: dict[str, int] = {}
    shapes: set[tuple[str, ...]] = set()
    for logged_in in (False, True):
        if logged_in:
            ui.login("/")
        for path in pages:
            ui.goto(path)
            hrefs = ui.page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
            for href in hrefs:
                parts = urlsplit(href)
                if parts.netloc != urlsplit(ui.site.url).netloc:
                    pytest.fail(f"{path} links to another site: {href}")
                # one link of each shape: /doc/N, /targets?kind=…&year=…, …
                shape = (re.sub(r"\d+", "N", parts.path), *sorted(parse_qs(parts.query)))
                if shape in shapes or parts.path.endswith("/original"):
                    continue
                shapes.add(shape)
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                seen[target] = ui.page.request.get(ui.site.url + target).status
    broken = {t: s for t, s in seen.items() if s >= 400}
    assert not broken
    assert len(seen) > 15
    ui.check()


def test_the_guard_sees_what_it_should(browser: Any) -> None:
    """The guard itself: a page that calls alert, throws, logs an error and loads from
    another host is caught on every count (no server needed)."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    guard = Guard()
    guard.attach(context)
    page = context.new_page()
    guard.watch(page)
    try:
        page.set_content(
            "<img src='https://cdn.example.com/x.png'>"
            "<script>alert('hi'); console.error('oops');"
            "setTimeout(() => { throw new Error('boom'); }, 0);</script>"
        )
        page.wait_for_timeout(300)
        found = "\n".join(guard.problems(page))
        assert "dialog alert: hi" in found
        assert "alert/confirm/prompt called: alert(hi)" in found
        assert "alert/confirm/prompt called on the page: alert(hi)" in found
        assert "uncaught page error: Error: boom" in found or "uncaught page error: boom" in found
        assert "console error: oops" in found
        assert "request to another host: https://cdn.example.com/x.png" in found
        with pytest.raises(pytest.fail.Exception, match="the page guard saw"):
            guard.check(page)
    finally:
        context.close()
