"""The HTTP API: `create_app(settings)` builds a FastAPI application over one store."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from plantrack.api.limits import BodyLimit
from plantrack.api.routes import router
from plantrack.errors import NotFoundError, PlanTrackError, StoreError
from plantrack.settings import Settings
from plantrack.store.repository import Store
from plantrack.web import install as install_web

log = logging.getLogger("plantrack.api")

API_PREFIX = "/api"


def create_app(settings: Settings | None = None) -> FastAPI:
    """A PlanTrack API over the database of `settings` (default: read from the
    environment). Reads are open; writes need `Authorization: Bearer <api_token>`."""
    settings = settings or Settings()
    store = Store(settings.resolved_database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="PlanTrack",
        version=_version(),
        description=(
            "Quantified targets from Chinese industrial plans and policy news: documents, "
            "statements, comparisons across regions and exports. Reads are open; writes "
            "need `Authorization: Bearer <PLANTRACK_API_TOKEN>`. Errors are "
            '`{"error": "…"}`.'
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.include_router(router, prefix=API_PREFIX)
    install_web(app)
    _install_error_handlers(app)
    # pages, scripts (ECharts is 1.1 MB) and exports go out compressed to clients that ask
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    # multipart framing around the file is allowed for; the file itself is checked exactly
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_upload_bytes + 64 * 1024,
        message=f"the request is larger than {settings.max_upload_mb:g} MB "
        "(PLANTRACK_MAX_UPLOAD_MB)",
    )
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("plantrack")
    except PackageNotFoundError:
        return "0"


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _wants_page(request: Request) -> bool:
    """A browser page (not the API, not an htmx fragment) gets its errors as a page."""
    return not request.url.path.startswith(API_PREFIX + "/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _page_error(request: Request, status: int, message: str) -> Response:
    from plantrack.web.pages import render

    return render(request, "error.html", status=status, message=message)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_page(request):
            return _page_error(request, exc.status_code, str(exc.detail))
        response = _error(exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            where = ".".join(str(part) for part in e.get("loc", ()))
            problems.append(f"{where}: {e.get('msg', 'invalid')}")
        if _wants_page(request):
            return _page_error(request, 422, "invalid request: " + "; ".join(problems))
        return _error(422, "invalid request: " + "; ".join(problems))

    @app.exception_handler(PlanTrackError)
    async def plantrack_error(_request: Request, exc: PlanTrackError) -> JSONResponse:
        if isinstance(exc, StoreError):
            log.error("database error: %s", exc)
            return _error(500, "database error; the server log has the details")
        status = 404 if isinstance(exc, NotFoundError) else 422
        message = f"{exc.file}: {exc.reason}" if exc.file else exc.reason
        return _error(status, message, file=exc.file, reason=exc.reason)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        if _wants_page(request):
            return _page_error(request, 500, "internal server error")
        return _error(500, "internal server error")
