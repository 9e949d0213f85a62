/* An actor: canonical name, aliases, roles with the passages that state them (conflicts marked), the network of
   who it acts on and is acted on by (click a node to highlight its neighbours), quotes, events and articles. */
"use strict";

const { el } = SL;
const TYPE_COLOURS = { person: "#1f77b4", organization: "#ff7f0e", location: "#2ca02c", group: "#9467bd" };

function drawNetwork(box, info, network) {
  if (network.nodes.length < 2) {
    box.replaceWith(el("p", { class: "empty" }, "No events link this actor to another one."));
    return;
  }
  const elements = [
    ...network.nodes.map((n) => ({ data: { id: n.id, label: n.name, type: n.type, weight: Math.log2(2 + n.mentions) },
      classes: n.centre ? "centre" : "" })),
    ...network.edges.map((e, i) => ({ data: { id: `x${i}`, source: e.source, target: e.target, events: e.events } })),
  ];
  const cy = cytoscape({
    container: box, elements,
    // the actor in the middle, the others on a ring around it: readable labels, the same picture every time
    layout: { name: "concentric", concentric: (n) => (n.hasClass("centre") ? 2 : 1), levelWidth: () => 1,
      minNodeSpacing: 40, animate: false },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, width: "mapData(weight, 1, 12, 14, 46)",
        height: "mapData(weight, 1, 12, 14, 46)", "background-color": (n) => TYPE_COLOURS[n.data("type")] || "#888",
        "text-valign": "bottom", "text-margin-y": 3, color: "#222" } },
      { selector: "node.centre", style: { "border-width": 3, "border-color": "#111" } },
      { selector: "edge", style: { width: "mapData(events, 1, 20, 1, 7)", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "#bbb", "target-arrow-color": "#bbb" } },
      { selector: ".faded", style: { opacity: 0.15 } },
      { selector: "node.picked", style: { "border-width": 3, "border-color": "#d62728" } },
    ],
  });
  cy.on("tap", "node", (evt) => {
    const node = evt.target;
    cy.elements().removeClass("faded picked");
    cy.elements().not(node.closedNeighborhood()).addClass("faded");
    node.addClass("picked");
    info.replaceChildren(`${node.data("label")}: `, SL.actorLink(node.id(), "open its page"),
      el("span", { class: "meta" }, ` · ${SL.plural(node.connectedEdges().length, "link")} shown`));
  });
  cy.on("tap", (evt) => {
    if (evt.target === cy) {
      cy.elements().removeClass("faded picked");
      info.textContent = "Click a node to highlight who it interacts with.";
    }
  });
  box.cy = cy;
}

const quoteItem = (quote) => el("li", {}, el("q", {}, quote.text), " ",
  el("span", { class: "meta" }, `${quote.kind}, ${quote.date || "undated"} `),
  SL.documentLink(quote.doc, "in context", quote.start, quote.end));
const eventItem = (event) => el("li", {}, el("span", { class: "meta" }, `${SL.when(event)} `),
  SL.eventLink(event.id, event.summary), " ", SL.status(event.status));
const documentItem = (doc) => el("li", {}, el("span", { class: "meta" }, `${doc.published || "undated"} `),
  SL.documentLink(doc.id, doc.title || doc.id), el("span", { class: "meta" }, ` ${doc.source || ""}, ` +
    SL.plural(doc.mentions, "mention")));

SL.page(async (main) => {
  const id = SL.pathId();
  const base = `/api/actors/${encodeURIComponent(id)}`;
  const [actor, network] = await Promise.all([SL.api(base), SL.api(`${base}/network`)]).then((b) => b.map((x) => x.data));
  document.title = `${actor.name} · Storyline`;
  const graph = el("div", { id: "network" });
  const info = el("p", { class: "hint", id: "network-info" }, "Click a node to highlight who it interacts with.");
  const roles = actor.roles.length ? el("ul", { class: "plain" }, actor.roles.map((role) => el("li", {},
    el("strong", {}, role.role), role.conflict ? el("span", { class: "conflict" }, " conflicting") : null,
    el("span", { class: "meta" }, ` ${SL.plural(role.count, "source")}: `),
    role.sources.map((s, i) => [i ? ", " : "", SL.documentLink(s.doc, `“${s.text}”`, s.start, s.end)]),
    role.count > role.sources.length ? el("span", { class: "meta" }, " …") : null)))
    : el("p", { class: "empty" }, "No roles stated.");
  const paged = (path, params, render) => SL.pagedList((cursor) => SL.api(path, { ...params, limit: 10, cursor }), render);
  const lists = {
    quotes: paged(`${base}/quotes`, {}, quoteItem),
    asActor: paged("/api/events", { actor: id, role: "actor" }, eventItem),
    asTarget: paged("/api/events", { actor: id, role: "target" }, eventItem),
    documents: paged(`${base}/documents`, {}, documentItem),
  };
  const seen = actor.first_published ? ` · first ${actor.first_published.slice(0, 10)}, last ${actor.last_published.slice(0, 10)}` : "";
  main.replaceChildren(
    el("p", { class: "crumbs" }, SL.link("/", "Story"), " › actor ", id),
    el("h1", {}, actor.name),
    el("p", { class: "lede" }, [actor.type, actor.country].filter(Boolean).join(", "),
      ` · ${SL.plural(actor.mentions, "mention")} in ${SL.plural(actor.documents, "article")}${seen}`),
    actor.aliases.length ? el("p", {}, "Also written: ", actor.aliases.join(" · ")) : null,
    el("div", { class: "columns" },
      el("div", {}, SL.section("Roles", roles), SL.section("Who it interacts with", info, graph)),
      el("div", {},
        SL.section(`Quotes (${actor.quotes})`, lists.quotes),
        SL.section(`Events as actor (${actor.events_as_actor})`, lists.asActor),
        SL.section(`Events as target (${actor.events_as_target})`, lists.asTarget),
        SL.section(`Articles (${actor.documents})`, lists.documents))));
  drawNetwork(graph, info, network);
  await Promise.all(Object.values(lists).map((list) => list.ready));
});
