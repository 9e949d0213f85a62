/* An event: summary, date and how precise it is, status, who did it to whom and where, how many independent
   sources report it, and every report with its passage (the words the event was read from marked). */
"use strict";

const { el } = SL;

function participants(ids, entities) {
  if (!ids.length) return el("span", { class: "empty" }, "not named");
  return ids.map((id, index) => [index ? ", " : "", SL.actorLink(id, entities[id] ? entities[id].name : id)]);
}

function report(passage, mention) {
  const start = mention ? mention.start - passage.start : null;
  const end = mention ? mention.end - passage.start : null;
  return el("li", { class: "report" },
    el("div", { class: "meta" }, passage.source || "unknown outlet", " · ", passage.published || "undated", " · ",
      SL.documentLink(passage.doc, passage.title || passage.doc, passage.start, passage.end)),
    el("blockquote", {}, SL.marked(passage.text, start, end)));
}

SL.page(async (main) => {
  const id = SL.pathId();
  const event = (await SL.api(`/api/events/${encodeURIComponent(id)}`)).data;
  document.title = `${event.summary} · Storyline`;
  const place = event.location ?
    SL.actorLink(event.location, event.entities[event.location] ? event.entities[event.location].name : event.location) :
    el("span", { class: "empty" }, "not named");
  main.replaceChildren(
    el("p", { class: "crumbs" }, SL.link("/", "Story"), " › event ", id),
    el("h1", {}, event.summary),
    el("dl", { class: "facts" },
      el("dt", {}, "When"), el("dd", {}, SL.when(event),
        el("span", { class: "meta" }, ` (known to the ${event.date_precision || "unknown"})`)),
      el("dt", {}, "Status"), el("dd", {}, SL.status(event.status)),
      el("dt", {}, "Type"), el("dd", {}, [event.type, event.mode].filter(Boolean).join(", ") || "unknown"),
      el("dt", {}, "Who"), el("dd", {}, participants(event.actors, event.entities)),
      el("dt", {}, "To whom"), el("dd", {}, participants(event.targets, event.entities)),
      el("dt", {}, "Where"), el("dd", {}, place),
      el("dt", {}, "Sources"), el("dd", { id: "sources" },
        `${SL.plural(event.sources, "independent source")}: ${SL.plural(event.documents, "article")} from ` +
        `${SL.plural(event.outlets, "outlet")}, copies of one article counted once`),
      el("dt", {}, "Salience"), el("dd", {}, event.salience === null ? "not ranked" : event.salience.toFixed(2))),
    SL.section(`Reports (${event.passages.length})`,
      SL.shortList(event.passages.map((p, i) => [p, event.mentions[i]]), ([p, m]) => report(p, m), 25, "plain reports")));
});
