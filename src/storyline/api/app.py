"""The read-only JSON API: `create_app(db_path)` builds the FastAPI app that `storyline serve` runs.

Design, so that HTML pages can be built on it later:
- one success envelope: `{"data": ..., "page": {"limit", "cursor", "next"}}`, `page` only on lists; one error
  shape: `{"error": {"code", "message"}}` with a 4xx (bad_request, not_found ...) or a 500 (internal) that never
  carries a traceback. Bad query parameters are 400 bad_request, not FastAPI's default 422 body.
- records are the JSON export's records for the same ids (storyline.api.records), so a page and an export agree;
- lists page with `limit` (1..500, default 50) and an opaque `cursor` (storyline.api.paging);
- each request reads through a read-only store connection (SQLite mode=ro and query_only; a PostgreSQL session in
  read-only mode) that the `reader` dependency takes from a small pool and gives back after the response (a
  request that failed closes its connection instead). A connection serves one request at a time, never two
  threads at once; FastAPI may run a sync dependency and the endpoint in different worker threads, so SQLite
  connections are opened with check_same_thread=False. The pool matters for PostgreSQL, where a new session costs
  far more than a query (docs/benchmarks.md, "SQLite and PostgreSQL").
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline import __version__
from storyline.api.paging import DEFAULT_LIMIT, MAX_LIMIT, BadCursor, Page, decode_cursor, encode_cursor
from storyline.api.records import (
    actor_detail,
    actor_network,
    brief_events,
    claim_board,
    claim_detail,
    document_detail,
    event_detail,
    event_records,
    story_digest,
)
from storyline.errors import StoreError
from storyline.export.actors import actor_listing
from storyline.export.claims import claim_records, flag_records, thread_records
from storyline.export.json import document_record
from storyline.export.quotes import quote_record
from storyline.export.sources import outlet_rows
from storyline.store import ClaimFilter, EventFilter, Store, open_store, store_exists
from storyline.web.pages import add_pages

TITLE = "Storyline API"
CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 422: "bad_request"}
log = logging.getLogger("storyline.api")


class ErrorDetail(BaseModel):
    code: str = Field(description="bad_request, not_found, method_not_allowed or internal")
    message: str = Field(description="what went wrong, on one line")


class ErrorBody(BaseModel):
    """The one error shape every 4xx and 5xx answer has."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A bad query parameter, id or cursor"},
    404: {"model": ErrorBody, "description": "No such document, actor, event or claim"},
}


def error(status: int, message: str) -> JSONResponse:
    """The one error shape: {"error": {"code", "message"}} (message on one line)."""
    code = CODES.get(status, "internal" if status >= 500 else "error")
    return JSONResponse({"error": {"code": code, "message": " ".join(str(message).split())}}, status_code=status)


def ok(data: Any, page: dict[str, Any] | None = None) -> JSONResponse:
    """The success envelope: {"data": ...} and, for lists, "page"."""
    return JSONResponse({"data": data} if page is None else {"data": data, "page": page})


def paged(limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page (1..500).")] = DEFAULT_LIMIT,
          cursor: Annotated[str | None, Query(description="The `next` of the previous page.")] = None) -> Page:
    """The page a list request asks for (limit and cursor checked: a bad one is a 400)."""
    try:
        return Page(limit, decode_cursor(cursor), cursor)
    except BadCursor as exc:
        raise HTTPException(400, str(exc)) from None


def iso_date(name: str, value: str | None) -> str | None:
    """`value` when it is a YYYY-MM-DD date, else a 400 that says how to write it."""
    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name} {value!r} is not a date; write it as YYYY-MM-DD") from None
    if len(value) != len("2022-01-01"):
        raise HTTPException(400, f"{name} {value!r} is not a date; write it as YYYY-MM-DD")
    return value


def facet_day(value: str | None) -> str | None:
    """A day facet's value (YYYY-MM-DD, or the YYYY-MM or YYYY a coarse publication date has), else a 400."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise HTTPException(400, f"day {value!r} is not a date; write it as YYYY-MM-DD")
    return value


def parse_id(prefix: str, value: str, what: str) -> int:
    """The number in an export id ("e12" -> 12); a 404 for anything else."""
    number = value.removeprefix(prefix)
    if not value.startswith(prefix) or not number.isdigit() or len(number) > 18:
        raise HTTPException(404, f"no {what} {value!r}; {what} ids look like {prefix}12")
    return int(number)


class ReadOnlyStores:
    """Read-only connections to one store, reused across requests: at most `keep` wait idle."""

    def __init__(self, location: str, keep: int = 8) -> None:
        self.location, self.keep = location, keep
        self.idle: deque[Store] = deque()
        self.lock = threading.Lock()

    def take(self) -> Store:
        with self.lock:
            if self.idle:
                return self.idle.pop()
        return open_store(self.location, read_only=True)

    def give(self, store: Store) -> None:
        with self.lock:
            if len(self.idle) < self.keep:
                self.idle.append(store)
                return
        store.close()


def reader(request: Request) -> Iterator[Store]:
    """A read-only connection to the app's store for this request, given back to the pool after the response (or
    closed, when the request failed: a connection in an unknown state is not reused)."""
    stores: ReadOnlyStores = request.app.state.stores
    store = stores.take()
    try:
        yield store
    except BaseException:
        store.close()
        raise
    stores.give(store)


StoreDep = Annotated[Store, Depends(reader)]
PageDep = Annotated[Page, Depends(paged)]


def create_app(db_path: str) -> FastAPI:
    """The API and pages over the store at `db_path`, which must exist at this version's schema (StoreError
    otherwise, saying how to migrate it). Nothing it does writes."""
    if not store_exists(db_path):
        raise StoreError(f"{db_path}: no such store; run `storyline analyze PATH --db {db_path}`")
    open_store(db_path, read_only=True).close()  # a store this version cannot read fails here, not per request
    app = FastAPI(title=TITLE, version=__version__, openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  description="Read-only JSON over a Storyline store. See docs/api.md.", responses=ERRORS)
    app.state.db_path = db_path
    app.state.stores = ReadOnlyStores(db_path)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return error(400, f"{where}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, exc.detail)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error(500, "internal error; the server log has the details")

    @app.get("/api/health", summary="Whether the API can read its store, and what the store holds")
    def health(store: StoreDep) -> JSONResponse:
        return ok({"status": "ok", "version": __version__, "counts": store.counts()})

    @app.get("/api/documents", summary="Documents (the export's records without their text), first arrived first")
    def documents(store: StoreDep, page: PageDep, source: str | None = None,
                  since: Annotated[str | None, Query(description="YYYY-MM-DD: published on or after")] = None,
                  until: Annotated[str | None, Query(description="YYYY-MM-DD: published on or before")] = None,
                  ) -> JSONResponse:
        since, until = iso_date("since", since), iso_date("until", until)
        shown, info = page.wrap(store.documents(source, since, until, page.limit + 1, page.offset))
        flags = flag_records(store, [row["id"] for row in shown])
        records = []
        for row in shown:
            record = document_record(row, flags.get(row["id"], []))
            del record["text"]
            records.append(record)
        return ok(records, info)

    @app.get("/api/documents/{doc_id}", summary="One document with its text and the ids of its quotes, events and "
                                                 "claims")
    def document(doc_id: str, store: StoreDep) -> JSONResponse:
        record = document_detail(store, doc_id)
        if record is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return ok(record)

    @app.get("/api/actors", summary="Canonical actors, most mentioned first")
    def actors(store: StoreDep, page: PageDep,
               type: Annotated[str | None, Query(description="person, organization, location, group ...")] = None,
               q: Annotated[str | None, Query(description="words in the name or an alias (any case)")] = None,
               ) -> JSONResponse:
        if not q:  # read only as far as the page goes
            return ok(*page.cut(actor_listing(store, type, page.offset + page.limit + 1)))
        return ok(*page.wrap(actor_listing(store, type, page.limit + 1, words=q, offset=page.offset)))

    @app.get("/api/actors/{actor_id}", summary="An actor: aliases, roles with their first passages, and how many "
                                               "mentions, documents, quotes and events the paged lists hold")
    def actor(actor_id: str, store: StoreDep) -> JSONResponse:
        found = store.actors(ids=[known_actor(store, actor_id)])
        return ok(actor_detail(store, found[0]))

    @app.get("/api/actors/{actor_id}/quotes", summary="The actor's quotes (export records), in document order")
    def actor_quotes(actor_id: str, store: StoreDep, page: PageDep) -> JSONResponse:
        number = known_actor(store, actor_id)
        rows = store.quotes(speaker_ids=[number], limit=page.limit + 1, offset=page.offset)
        return ok(*page.wrap([quote_record(row) for row in rows]))

    @app.get("/api/actors/{actor_id}/documents", summary="The documents that mention the actor, the latest "
                                                         "published first, with how often each does")
    def actor_documents(actor_id: str, store: StoreDep, page: PageDep) -> JSONResponse:
        number = known_actor(store, actor_id)
        rows = store.actor_documents(number, page.limit + 1, page.offset)
        return ok(*page.wrap([dict(row) for row in rows]))

    @app.get("/api/events", summary="Events in timeline order (undated last), as the export writes them")
    def events(store: StoreDep, page: PageDep,
               actor: Annotated[str | None, Query(description="an actor id (e12): as actor, target or place")] = None,
               start: Annotated[str | None, Query(description="YYYY-MM-DD: events that end on or after")] = None,
               end: Annotated[str | None, Query(description="YYYY-MM-DD: events that start on or before")] = None,
               type: Annotated[str | None, Query(description="a PLOVER type (MEET, ACCUSE ...)")] = None,
               status: Annotated[str | None, Query(description="occurred, planned, ...")] = None,
               story: Annotated[bool, Query(description="only the events of the story")] = False,
               q: Annotated[str | None, Query(description="words the summary contains (any case)")] = None,
               role: Annotated[Literal["actor", "target"] | None,
                               Query(description="with `actor`: only events it is the actor (or target) of")] = None,
               ) -> JSONResponse:
        where = EventFilter(actor_ids=[parse_actor(actor)] if actor else None, start=iso_date("start", start),
                            end=iso_date("end", end), type=type, in_story=story, status=status, words=q or None,
                            actor_role=role if actor else None, limit=page.limit + 1, offset=page.offset)
        return ok(*page.wrap(event_records(store, store.events(where))))

    @app.get("/api/events/{event_id}", summary="One event with its mentions, the passages they were read from, "
                                               "and its sources")
    def event(event_id: str, store: StoreDep) -> JSONResponse:
        record = event_detail(store, parse_id("v", event_id, "event"))
        if record is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return ok(record)

    @app.get("/api/claims", summary="Claims, the most independently reported first")
    def claims(store: StoreDep, page: PageDep, disputed: bool = False,
               actor: Annotated[str | None, Query(description="the claimant's actor id (e12)")] = None,
               min_sources: Annotated[int, Query(ge=0, le=1_000_000,
                                                  description="at least this many independent sources")] = 0,
               ) -> JSONResponse:
        where = ClaimFilter(disputed=disputed, claimant_ids=[parse_actor(actor)] if actor else None,
                            min_sources=min_sources, limit=page.limit + 1, offset=page.offset)
        return ok(*page.wrap(list(claim_records(store, where))))

    @app.get("/api/claims/board", summary="A page of claims grouped by subject (the event they are about), each "
                                          "with its reports' words and the words of the claims it contradicts")
    def board(store: StoreDep, page: PageDep, disputed: bool = False) -> JSONResponse:
        where = ClaimFilter(disputed=disputed, limit=page.limit + 1, offset=page.offset)
        groups = claim_board(store, where)
        shown, more = cut_groups(groups, page.limit)
        return ok(shown, {"limit": page.limit, "cursor": page.cursor,
                          "next": encode_cursor(page.offset + page.limit) if more else None})

    @app.get("/api/claims/{claim_id}", summary="One claim with its reports, the claims it supports and those it "
                                               "contradicts (with the evidence)")
    def claim(claim_id: str, store: StoreDep) -> JSONResponse:
        record = claim_detail(store, parse_id("c", claim_id, "claim"))
        if record is None:
            raise HTTPException(404, f"no claim {claim_id!r}")
        return ok(record)

    @app.get("/api/quantities", summary="Quantity threads (a number over time: troops, casualties ...)")
    def quantities(store: StoreDep, page: PageDep,
                   unit: Annotated[str | None, Query(description="a unit or a word of the label: troops")] = None,
                   ) -> JSONResponse:
        return ok(*page.cut(thread_records(store, unit, page.offset + page.limit + 1)))

    @app.get("/api/sources", summary="Outlets: articles, copies, whose articles they copy, source flags")
    def sources(store: StoreDep, page: PageDep) -> JSONResponse:
        return ok(*page.cut(outlet_rows(store)))

    @app.get("/api/search", summary="Full-text search (FTS5 syntax) over titles and text, best match first")
    def search(store: StoreDep, page: PageDep,
               q: Annotated[str, Query(min_length=1, description='words, "a phrase", AND/OR/NOT, prefix*')],
               source: Annotated[str | None, Query(description="only this outlet's documents")] = None,
               day: Annotated[str | None, Query(description="only documents published that day: a value of the "
                                                "day facet, YYYY-MM-DD (or YYYY-MM, YYYY where that is all a "
                                                "document's date says)")] = None,
               ) -> JSONResponse:
        try:
            rows = store.search(q, page.limit + 1, page.offset, source, facet_day(day))
        except StoreError as exc:
            raise HTTPException(400, str(exc)) from None
        return ok(*page.wrap([dict(r) for r in rows]))

    @app.get("/api/search/facets", summary="For a search: matching documents per outlet and per day (by date), "
                                           "and events whose summary has the words, per type")
    def search_facets(store: StoreDep,
                      q: Annotated[str, Query(min_length=1, description="the search's query")]) -> JSONResponse:
        try:
            store.search(q, 1)
        except StoreError as exc:
            raise HTTPException(400, str(exc)) from None
        facets = {name: [dict(r) for r in rows] for name, rows in store.search_facets(q).items()}
        words = plain_words(q)
        facets["event_type"] = [dict(r) for r in store.event_type_counts(EventFilter(words=words))] if words else []
        return ok(facets)

    @app.get("/api/story", summary="The story at a glance: counts, the digest's most important days with their "
                                   "main events, and articles per outlet and day")
    def story(store: StoreDep,
              days: Annotated[int, Query(ge=1, le=50, description="how many days the digest keeps")] = 10,
              ) -> JSONResponse:
        return ok({"counts": store.counts(), "digest": story_digest(store, days),
                   "articles": [dict(r) for r in store.outlet_days()]})

    @app.get("/api/timeline", summary="The story's events in a date window, the most salient first (what a chart "
                                      "of that window shows), with how many the window holds")
    def timeline(store: StoreDep,
                 start: Annotated[str | None, Query(description="YYYY-MM-DD: events that end on or after")] = None,
                 end: Annotated[str | None, Query(description="YYYY-MM-DD: events that start on or before")] = None,
                 limit: Annotated[int, Query(ge=1, le=1000, description="at most this many events")] = 300,
                 ) -> JSONResponse:
        where = EventFilter(in_story=True, start=iso_date("start", start) or "0000", end=iso_date("end", end))
        total = sum(row["n"] for row in store.event_type_counts(where))
        shown = store.events(replace(where, by_salience=True, limit=limit))
        return ok({"total": total, "events": brief_events(store, shown)})

    @app.get("/api/actors/{actor_id}/network", summary="Who the actor acts on and is acted on by: nodes and "
                                                       "actor -> target edges with event counts")
    def network(actor_id: str, store: StoreDep) -> JSONResponse:
        return ok(actor_network(store, known_actor(store, actor_id)))

    add_pages(app)
    return app


def cut_groups(groups: list[dict[str, Any]], limit: int) -> tuple[list[dict[str, Any]], bool]:
    """The groups holding the first `limit` claims (read limit + 1), and whether more claims follow."""
    kept, count = [], 0
    for group in groups:
        room = limit - count
        if room <= 0:
            return kept, True
        claims = group["claims"][:room]
        kept.append({**group, "claims": claims})
        count += len(claims)
        if len(claims) < len(group["claims"]):
            return kept, True
    return kept, False


def plain_words(query: str) -> str:
    """A search query without FTS5's quotes, operators and prefix stars: the words to look for in summaries."""
    words = [w for w in query.replace('"', " ").replace("*", " ").split() if w not in {"AND", "OR", "NOT", "NEAR"}]
    return " ".join(words)


def known_actor(store: Store, actor_id: str) -> int:
    """The number of an actor id in a path ("e12" -> 12); a 404 when it is malformed or not in the store."""
    number = parse_id("e", actor_id, "actor")
    if not store.actors(ids=[number]):
        raise HTTPException(404, f"no actor {actor_id!r}")
    return number


def parse_actor(value: str) -> int:
    """An actor id filter ("e12"): a malformed one is a 400 (a well-formed unknown one matches nothing)."""
    number = value.removeprefix("e")
    if not value.startswith("e") or not number.isdigit() or len(number) > 18:
        raise HTTPException(400, f"actor {value!r} is not an actor id; actor ids look like e12")
    return int(number)
