"""The dashboard's pages: server-rendered HTML (Jinja2, every value escaped), htmx for
the parts that change in place, ECharts for the chart and the map. Reads are open;
writes (upload, review, actual values) need a login with the API token, or the token
itself as `Authorization: Bearer`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from plantrack.api.routes import get_settings, get_store
from plantrack.errors import PlanTrackError
from plantrack.normalize.indicators import indicator_by_id, indicators
from plantrack.store.repository import MAX_ID, Store
from plantrack.web import auth
from plantrack.web.highlight import pieces

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
STATIC = HERE / "static"
PAGE_SIZE = 50
MAX_BARS = 40  # regions in the comparison chart
MAX_ROWS = 300  # rows of the comparison table
KINDS = ("target", "baseline", "forecast")
SORTS = ("year", "-year", "value", "-value", "kind", "-kind", "scope", "-scope")

router = APIRouter(include_in_schema=False)


StoreDep = Annotated[Store, Depends(get_store)]


def reviewer(request: Request) -> str | None:
    """Who is writing: the logged-in reviewer, or "api" for a request with the token."""
    token = get_settings(request).api_token
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer ") and auth.token_matches(header[7:].strip(), token):
        return "api"
    return auth.reviewer_of(request.cookies.get(auth.COOKIE), token)


def require_writer(request: Request) -> str:
    who = reviewer(request)
    if who is None:
        if not get_settings(request).api_token:
            raise HTTPException(403, "writes are disabled: no API token is configured")
        raise HTTPException(403, "log in to change anything (/login)")
    return who


WriterDep = Annotated[str, Depends(require_writer)]


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("who", reviewer(request))
    context.setdefault("writes_enabled", bool(get_settings(request).api_token))
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status)


def _partial(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _int(value: str | None, low: int = 0, high: int = MAX_ID) -> int | None:
    """A query parameter as an int in range, else None (pages ignore bad filters)."""
    if value is None or not value.strip().lstrip("-").isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


def _indicator_names() -> dict[str, str]:
    return {i.id: i.name for i in indicators()}


# -- home and search --------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "home.html", counts=store.counts(), latest=store.latest_documents(10))


@router.get("/find", response_class=HTMLResponse)
def find(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
    region: Annotated[str, Query(max_length=64)] = "",
    doc_type: Annotated[str, Query(max_length=16)] = "",
) -> HTMLResponse:
    from plantrack.store.search import search

    hits = search(store.engine, q, region=region or None, doc_type=doc_type or None) if q else []
    template = "_hits.html" if _partial(request) else "find.html"
    return render(request, template, q=q, region=region, doc_type=doc_type, hits=hits)


# -- a document -------------------------------------------------------------------------


@router.get("/doc/{doc_id}", response_class=HTMLResponse)
def document(request: Request, store: StoreDep, doc_id: int) -> HTMLResponse:
    view = store.get(str(doc_id)) if 0 < doc_id <= MAX_ID else None
    if view is None:
        raise HTTPException(404, f"no stored document {doc_id}")
    _, statements = store.search_statements(document_id=doc_id, limit=None)
    kinds = {k: sum(st["kind"] == k for st in statements) for k in KINDS}
    return render(
        request,
        "doc.html",
        doc=view,
        statements=statements,
        kinds=kinds,
        pieces=pieces(view["text"], statements, view["sections"]),
        original=_original_link(view),
    )


def _original_link(view: dict[str, Any]) -> str | None:
    url = view.get("canonical_url") or ""
    if url.startswith(("http://", "https://")):  # never javascript: or data:
        return str(url)
    if view.get("path") and Path(view["path"]).is_file():
        return f"/doc/{view['id']}/original"
    return None


@router.get("/doc/{doc_id}/original")
def original(store: StoreDep, doc_id: int) -> Response:
    """The file a document was ingested from, when it is still where it was."""
    view = store.get(str(doc_id)) if 0 < doc_id <= MAX_ID else None
    if view is None or not view.get("path") or not Path(view["path"]).is_file():
        raise HTTPException(404, f"the original of document {doc_id} is not available")
    return FileResponse(
        view["path"],
        filename=view["name"],
        media_type="application/octet-stream",
        content_disposition_type="attachment",
    )


@router.get("/statement/{statement_id}", response_class=HTMLResponse)
def statement(request: Request, store: StoreDep, statement_id: int) -> HTMLResponse:
    st = store.statement(statement_id)
    if st is None:
        raise HTTPException(404, f"no statement {statement_id}")
    return _statement_panel(request, store, st)


def _statement_panel(
    request: Request, store: Store, st: dict[str, Any], message: str = ""
) -> HTMLResponse:
    from plantrack.store.reviews import review_history

    return render(
        request,
        "_statement.html",
        st=st,
        history=review_history(store, st["id"]),
        indicator_names=_indicator_names(),
        kinds=KINDS,
        message=message,
    )


@router.post("/statement/{statement_id}/review", response_class=HTMLResponse)
async def review(
    request: Request, store: StoreDep, who: WriterDep, statement_id: int
) -> HTMLResponse:
    from plantrack.store.reviews import CORRECTABLE, review_statement

    form = await request.form()
    action = str(form.get("action", ""))
    changes: dict[str, Any] = {}
    before = store.statement(statement_id)
    if before is None:
        raise HTTPException(404, f"no statement {statement_id}")
    if action == "correct":
        for field in CORRECTABLE:
            if field in form:
                raw = str(form[field]).strip()
                if field in ("stretch", "cumulative"):
                    value: Any = raw in ("1", "true", "on")
                elif field == "year":  # a form sends text; the review checks the range
                    value = int(raw) if raw.lstrip("-").isdigit() else (raw or None)
                else:
                    value = raw or None
                old = before.get(field)
                if (str(old) if old is not None else None) != (
                    str(value) if value is not None else None
                ):
                    changes[field] = value
    note = str(form.get("note", "")).strip() or None
    try:
        review_statement(
            store, statement_id, action=action, reviewer=who, changes=changes, note=note
        )
    except PlanTrackError as exc:
        return _statement_panel(request, store, before, message=exc.reason)
    after = store.statement(statement_id) or before
    return _statement_panel(request, store, after, message="saved")


# -- targets explorer -------------------------------------------------------------------


def _filters(params: dict[str, str]) -> dict[str, Any]:
    """The statement filters a page's query string asks for (bad values are ignored)."""
    out: dict[str, Any] = {}
    if params.get("region"):
        out["region"] = params["region"][:64]
    if params.get("region_code"):
        out["region_code"] = params["region_code"][:16]
    if params.get("indicator_id"):
        out["indicator_id"] = params["indicator_id"][:64]
    year = _int(params.get("year"), 0, 9999)
    if year is not None:
        out["year"] = year
    if params.get("kind") in KINDS:
        out["kind"] = params["kind"]
    if params.get("stretch") in ("true", "false"):
        out["stretch"] = params["stretch"] == "true"
    if params.get("text"):
        out["text"] = params["text"][:200]
    return out


@router.get("/targets", response_class=HTMLResponse)
def targets(request: Request, store: StoreDep) -> HTMLResponse:
    params = dict(request.query_params)
    filters = _filters(params)
    sort = params.get("sort") if params.get("sort") in SORTS else None
    page = _int(params.get("page"), 1, 100_000) or 1
    total, rows = store.search_statements(
        **filters,
        sort=sort.lstrip("-") if sort else None,
        descending=bool(sort and sort.startswith("-")),
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    facets = store.statement_facets(**filters)
    query = {k: ("true" if v is True else "false" if v is False else v) for k, v in filters.items()}
    context = {
        "filters": filters,
        "query": query,
        "sort": sort or "",
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "total": total,
        "rows": rows,
        "facets": facets,
        "indicator_names": _indicator_names(),
        "export_query": urlencode(query),
        "urlencode": urlencode,
    }
    return render(request, "_targets.html" if _partial(request) else "targets.html", **context)


# -- comparison -------------------------------------------------------------------------


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    store: StoreDep,
    indicator: Annotated[str, Query(max_length=64)] = "nev.charging_piles",
    year: Annotated[str, Query(max_length=8)] = "2025",
) -> HTMLResponse:
    known = indicator_by_id(indicator)
    the_year = _int(year, 0, 9999)
    rows = store.compare(indicator, year=the_year) if known else []
    # the chart: one bar per region, its largest figure in the most common unit, the
    # MAX_BARS largest regions; the map: the province-level ones
    units = Counter(r["unit"] for r in rows)
    unit = units.most_common(1)[0][0] if units else ""
    best: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["unit"] != unit:
            continue
        name = r["scope"] or r["doc"]  # a bar without a region is named after its document
        if name not in best or r["value_num"] > best[name]["value"]:
            best[name] = {
                "name": name,
                "scope": r["scope"],
                "code": r["scope_code"],
                "value": r["value_num"],
                "unit": r["unit"],
                "comparator": r["comparator"],
            }
    bars = sorted(best.values(), key=lambda b: -b["value"])[:MAX_BARS]
    provinces = [
        b for b in best.values() if len(b["code"] or "") == 6 and b["code"].endswith("0000")
    ]
    # indicators that have targets, most stated first
    choices = [
        (i, n) for i, n in store.statement_facets(top=200, kind="target")["indicator_id"] if i
    ]
    return render(
        request,
        "compare.html",
        indicator=indicator,
        indicator_name=known.name if known else None,
        year=the_year,
        rows=rows[:MAX_ROWS],
        row_count=len(rows),
        chart={
            "bars": bars,
            "provinces": provinces,
            "indicator": indicator,
            "year": the_year,
            "unit": unit,
        },
        choices=choices,
        indicator_names=_indicator_names(),
    )


# -- tracking ---------------------------------------------------------------------------


ACTUALS_SHOWN = 200  # rows of the actual values table on the tracking page


def _one_row_per_target(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets with one row per target stated by several documents (same link_key),
    `sources` saying by how many."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    for r in targets:
        key = r.get("link_key")
        if key and key in seen:
            seen[key]["sources"] += 1
            continue
        r["sources"] = 1
        if key:
            seen[key] = r
        rows.append(r)
    return rows


@router.get("/tracking", response_class=HTMLResponse)
def tracking(
    request: Request,
    store: StoreDep,
    indicator_id: Annotated[str, Query(max_length=64)] = "",
    region: Annotated[str, Query(max_length=64)] = "",
    region_code: Annotated[str, Query(max_length=16)] = "",  # the older name of `region`
    page: Annotated[str, Query(max_length=8)] = "",
    message: Annotated[str, Query(max_length=300)] = "",
) -> HTMLResponse:
    from plantrack.store.actuals import (
        actual_values,
        count_targets,
        place_filter,
        targets_progress,
    )
    from plantrack.tracking import STATUS_RULE, STATUSES

    region = (region or region_code).strip()
    place = place_filter(region)  # {"scope_code": …} or {"scope": …} or {}
    filters: dict[str, Any] = {"indicator_id": indicator_id or None, **place}
    total = count_targets(store, **filters)
    pages = max(1, -(-total // PAGE_SIZE))
    page_number = min(_int(page, 1, 100_000) or 1, pages)
    rows = _one_row_per_target(
        targets_progress(store, **filters, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
    )
    on_page = [r["status"] for r in rows]  # the counts describe this page only
    statuses = {s: on_page.count(s) for s in STATUSES if s in on_page}
    # indicators that have targets, most stated first (as on the comparison page)
    choices = [
        (i, n) for i, n in store.statement_facets(top=200, kind="target")["indicator_id"] if i
    ]
    if indicator_id and indicator_id not in {i for i, _ in choices}:
        choices.insert(0, (indicator_id, 0))
    actuals = actual_values(
        store,
        indicator_id=indicator_id or None,
        scope_code=place.get("scope_code"),
        scope=place.get("scope"),
        limit=ACTUALS_SHOWN + 1,
    )
    query = {k: v for k, v in (("indicator_id", indicator_id), ("region", region)) if v}
    return render(
        request,
        "tracking.html",
        rows=rows,
        statuses=statuses,
        total=total,
        page=page_number,
        pages=pages,
        query=query,
        urlencode=urlencode,
        choices=choices,
        rule=STATUS_RULE,
        actuals=actuals[:ACTUALS_SHOWN],
        more_actuals=len(actuals) > ACTUALS_SHOWN,
        indicator_id=indicator_id,
        region=region,
        message=message,
        indicator_names=_indicator_names(),
    )


@router.post("/tracking/actuals")
async def import_actuals_page(
    request: Request,
    store: StoreDep,
    who: WriterDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    from plantrack.store.actuals import import_actuals, read_actuals_table

    name = Path(file.filename or "actuals").name
    data = await file.read(get_settings(request).max_upload_bytes + 1)
    try:
        if len(data) > get_settings(request).max_upload_bytes:
            raise HTTPException(413, f"{name}: the file is too large")
        n = import_actuals(store, read_actuals_table(data, name))
        message = f"{name}: {n} actual value(s) imported by {who}"
    except PlanTrackError as exc:
        message = f"{name}: {exc.reason}"
    return RedirectResponse("/tracking?" + urlencode({"message": message}), status_code=303)


@router.post("/tracking/baselines")
def baselines_page(store: StoreDep, who: WriterDep) -> Response:
    from plantrack.store.actuals import baseline_actuals

    n = baseline_actuals(store)
    message = f"{n} baseline(s) from stored documents now count as actual values"
    return RedirectResponse("/tracking?" + urlencode({"message": message}), status_code=303)


# -- upload -----------------------------------------------------------------------------


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request) -> HTMLResponse:
    return render(request, "upload.html", error="")


@router.post("/upload")
async def upload(
    request: Request,
    store: StoreDep,
    who: WriterDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    from plantrack.ingest import content_hash
    from plantrack.pipeline import analyse, process_bytes
    from plantrack.views import layout_rows

    settings = get_settings(request)
    name = Path(file.filename or "upload").name or "upload"
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        error = f"{name}: the file is larger than {settings.max_upload_mb:g} MB"
        return render(request, "upload.html", status=413, error=error)
    existing = store.document_id_by_hash(content_hash(data))
    if existing is None:
        try:
            processed = analyse(process_bytes(data, name))
        except PlanTrackError as exc:
            return render(request, "upload.html", status=422, error=f"{name}: {exc.reason}")
        existing, _ = store.add(
            processed.document,
            None,
            processed.statements,
            processed.entities,
            layout_rows(processed.layout),
        )
    return RedirectResponse(f"/doc/{existing}", status_code=303)


# -- login ------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", error="", next=_local(next))


@router.post("/login")
def login(
    request: Request,
    token: Annotated[str, Form(max_length=500)],
    name: Annotated[str, Form(min_length=1, max_length=80)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    settings = get_settings(request)
    if not settings.api_token:
        return render(
            request,
            "login.html",
            status=403,
            error="writes are disabled: no API token is configured",
            next=_local(next),
        )
    if not auth.token_matches(token, settings.api_token):
        return render(
            request, "login.html", status=403, error="the token is wrong", next=_local(next)
        )
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        auth.COOKIE,
        auth.login_cookie(settings.api_token, name.strip()),
        httponly=True,
        samesite="strict",
        max_age=30 * 24 * 3600,
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.COOKIE)
    return response


def _local(target: str) -> str:
    """Only a path on this site: no open redirect to another host."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
