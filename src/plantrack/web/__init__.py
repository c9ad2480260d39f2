"""The web dashboard (`plantrack serve`, `plantrack demo`): pages in `pages.py`,
templates in `templates/`, every script, style and map in `static/`."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup, escape

from plantrack.web.pages import STATIC, TEMPLATES, router


def snippet_html(snippet: str) -> Markup:
    """A search snippet with its [matches] as <mark>: the text is escaped first, so the
    only markup is ours."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace("[", "<mark>").replace("]", "</mark>"))


TEMPLATES.env.filters["snippet"] = snippet_html


def install(app: FastAPI) -> None:
    """Add the pages and their static files to an API application."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)
