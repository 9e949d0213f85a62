/* Search: documents by full text (hits highlighted, facets by outlet and by day, days in date order), actors by
   name or alias, events by the words of their summary (facet by type). Facets filter the lists they belong to. */
"use strict";

const { el } = SL;

function facetList(title, values, current, pick) {
  if (!values.length) return null;
  return el("div", { class: "facet" }, el("h3", {}, title), el("ul", { class: "plain" }, values.map((v) =>
    el("li", {}, el("button", { type: "button", class: v.value === current ? "facet-value on" : "facet-value",
      onclick: () => pick(v.value === current ? null : v.value) }, `${v.value || "undated"} `,
    el("span", { class: "meta" }, String(v.n)))))));
}

function highlight(node, query) {
  const words = query.replace(/["*()]/g, " ").split(/\s+/).filter((w) => w && !["AND", "OR", "NOT", "NEAR"].includes(w));
  if (words.length && window.Mark) new window.Mark(node).mark(words, { separateWordSearch: true, diacritics: true });
}

SL.page(async (main) => {
  const params = new URLSearchParams(window.location.search);
  const q = (params.get("q") || "").trim();
  const input = el("input", { name: "q", type: "search", value: q, placeholder: "words, \"a phrase\", prefix*",
    "aria-label": "Search" });
  const form = el("form", { class: "big-search", action: "/search", method: "get" }, input,
    el("button", { type: "submit" }, "Search"));
  if (!q) {
    main.replaceChildren(el("h1", {}, "Search"), form,
      el("p", { class: "hint" }, "Search the articles' text, actors' names and aliases, and events' summaries."));
    return;
  }
  const filters = { source: params.get("source"), day: params.get("day"), type: params.get("type") };
  const refine = (key, value) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value); else next.delete(key);
    window.location.search = next.toString();
  };
  const facets = (await SL.api("/api/search/facets", { q })).data;
  const docs = SL.pagedList((cursor) => SL.api("/api/search", { q, source: filters.source, day: filters.day, limit: 20, cursor }),
    (hit) => {
      const snippet = el("p", { class: "snippet" }, hit.snippet.replace(/[[\]]/g, ""));
      const item = el("li", { class: "hit" }, SL.documentLink(hit.id, hit.title || hit.id),
        el("span", { class: "meta" }, ` ${hit.source || "unknown outlet"}, ${hit.published || "undated"}`), snippet);
      highlight(item, q);
      return item;
    });
  const words = q.replace(/["*()]/g, " ").split(/\s+/).filter((w) => w && !["AND", "OR", "NOT", "NEAR"].includes(w)).join(" ");
  const actors = SL.pagedList((cursor) => SL.api("/api/actors", { q: words, limit: 10, cursor }), (actor) => {
    const item = el("li", {}, SL.actorLink(actor.id, actor.name), el("span", { class: "meta" }, ` ${actor.type}` +
      (actor.aliases.length ? `; also ${actor.aliases.slice(0, 4).join(", ")}` : "")));
    highlight(item, q);
    return item;
  });
  const events = SL.pagedList((cursor) => SL.api("/api/events", { q: words, type: filters.type, limit: 15, cursor }),
    (event) => {
      const item = el("li", {}, el("span", { class: "meta" }, `${SL.when(event)} `), SL.eventLink(event.id, event.summary),
        " ", SL.status(event.status), el("span", { class: "meta" }, ` ${event.type}`));
      highlight(item, q);
      return item;
    });
  main.replaceChildren(
    el("h1", {}, "Search"), form,
    el("div", { class: "columns search-layout" },
      el("aside", { class: "facets" },
        facetList("Outlet", facets.source, filters.source, (v) => refine("source", v)),
        facetList("Day", facets.day, filters.day, (v) => refine("day", v)),
        facetList("Event type", facets.event_type, filters.type, (v) => refine("type", v))),
      el("div", {}, SL.section("Articles", docs)),
      el("div", {}, SL.section("Actors", actors), SL.section("Events", events))));
  await Promise.all([docs.ready, actors.ready, events.ready]);
});
