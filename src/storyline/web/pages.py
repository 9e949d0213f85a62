"""The pages of `storyline serve`: one HTML shell per page, filled in the browser from the JSON API under /api/.

Why this shape: every page is a static shell plus a script that reads /api/, so the pages and the API show the same
records and the API is exercised by every page view. The server renders no article text into HTML at all; the
scripts put text into the page with `textContent` only (static/js/common.js `el`), so text from articles cannot
become markup. A Content-Security-Policy that allows only this app's own scripts is a second line of defence.

The browser libraries (vis-timeline, cytoscape, mark.js) are copied from npm into static/vendor by `make vendor`
(web/package.json pins them); nothing is loaded from a CDN.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = resources.files("storyline.web") / "static"
VENDOR_CSS = {"timeline": "/static/vendor/vis-timeline-graph2d.min.css"}
VENDOR_JS = {"timeline": "/static/vendor/vis-timeline-graph2d.min.js", "network": "/static/vendor/cytoscape.min.js",
             "mark": "/static/vendor/mark.min.js"}
# page name -> (title, the vendored libraries it needs)
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "story": ("The story", ("timeline",)),
    "event": ("Event", ()),
    "actor": ("Actor", ("network",)),
    "document": ("Document", ()),
    "claims": ("Claims", ()),
    "search": ("Search", ("mark",)),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def shell(page: str) -> str:
    """The HTML of one page: the shared shell with the page's name, title, libraries and script. Only constants
    of this module go into it (never a request's values)."""
    title, needs = PAGES[page]
    head = "".join(f'<link rel="stylesheet" href="{VENDOR_CSS[n]}">' for n in needs if n in VENDOR_CSS)
    scripts = "".join(f'<script src="{VENDOR_JS[n]}"></script>' for n in needs)
    scripts += f'<script src="/static/js/{page}.js"></script>'
    template = (STATIC / "shell.html").read_text(encoding="utf-8")
    return (template.replace("{{title}}", title).replace("{{page}}", page).replace("{{head}}", head)
            .replace("{{scripts}}", scripts))


def page_response(page: str) -> HTMLResponse:
    return HTMLResponse(shell(page), headers=SECURITY_HEADERS)


def add_pages(app: FastAPI) -> None:
    """Mount the static files and the page routes on the API's app. Ids in page paths are read by the page's
    script from location.pathname; the server only checks that the path has one."""
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    routes = {"/": "story", "/claims": "claims", "/search": "search"}
    for path, page in routes.items():
        app.add_api_route(path, lambda page=page: page_response(page), include_in_schema=False,
                          response_class=HTMLResponse)
    for prefix, page in (("/events", "event"), ("/actors", "actor"), ("/documents", "document")):
        app.add_api_route(prefix + "/{item_id:path}", _detail(page), include_in_schema=False,
                          response_class=HTMLResponse)


def _detail(page: str) -> Any:
    def route(item_id: str) -> HTMLResponse:
        if not item_id.strip("/"):
            raise HTTPException(404, f"no {page} id in the address")
        return page_response(page)
    return route
