/* The story page: counts, the timeline chart (windowed, not clustered: each view asks the API for the most
   salient events of its window, so a store of any size draws at most WINDOW_EVENTS boxes), the digest, the main actors, the disputed claims, and articles by outlet and day. */
"use strict";

const { el } = SL;
const WINDOW_EVENTS = 60; // the most salient events of the window in view; the rest are one zoom away

function salienceClass(value) {
  if (value >= 0.5) return "sal-high";
  if (value >= 0.2) return "sal-mid";
  return "sal-low";
}

function timelineItem(event) {
  const item = {
    id: event.id,
    start: event.date,
    content: el("span", { class: "item-text" }, event.summary),
    className: `st-${event.status} ${salienceClass(event.salience || 0)}` +
      (event.date_precision === "day" ? "" : " approx"),
    type: "box",
  };
  if (event.date_end && event.date_end > event.date) {
    item.end = event.date_end;
    item.type = "range";
  }
  return item;
}

const isoDay = (date) => new Date(date).toISOString().slice(0, 10);

/** The window the chart opens on: the digest's days (else the days articles were published), with room either
    side for the boxes; events dated years before are one zoom out away. */
function openingWindow(story) {
  const days = (story.digest.length ? story.digest.map((d) => d.date) : story.articles.map((a) => a.day)).sort();
  if (!days.length) return {};
  const day = 24 * 60 * 60 * 1000;
  const [first, last] = [SL.firstDay(days[0]), SL.firstDay(days[days.length - 1])];
  const pad = Math.max(3 * day, 0.2 * (last - first));
  return { start: isoDay(first - pad), end: isoDay(last + pad) };
}

async function drawTimeline(box, note, story) {
  const opening = openingWindow(story);
  const first = (await SL.api("/api/timeline", { ...opening, limit: WINDOW_EVENTS })).data;
  const say = (data) => {
    note.textContent = data.total ?
      `${data.events.length} of ${SL.plural(data.total, "event")} in view, the most salient first; zoom in for more. ` +
      "Marks: solid occurred, dashed planned, crossed denied or did not happen; bigger and darker matter more." :
      "No dated events in the story yet.";
  };
  say(first);
  if (!first.events.length) return;
  const items = new vis.DataSet(first.events.map(timelineItem));
  const timeline = new vis.Timeline(box, items, {
    maxHeight: 460, minHeight: 260, orientation: "top", zoomMin: 1000 * 60 * 60 * 24 * 2,
    selectable: true, showTooltips: false, margin: { item: 6 }, ...opening,
  });
  timeline.on("select", ({ items: chosen }) => {
    if (chosen.length === 1 && items.get(chosen[0])) window.location.href = SL.href.event(chosen[0]);
  });
  let pending = null;
  timeline.on("rangechanged", ({ start, end, byUser }) => {
    if (!byUser) return;
    clearTimeout(pending);
    pending = setTimeout(async () => {
      try {
        const data = (await SL.api("/api/timeline", { start: isoDay(start), end: isoDay(end), limit: WINDOW_EVENTS })).data;
        items.clear();
        items.add(data.events.map(timelineItem));
        say(data);
      } catch (error) { SL.showError(error); }
    }, 250);
  });
  box.timeline = timeline;
}

function digestDay(day) {
  return el("li", { class: "digest-day" },
    el("h3", {}, day.date),
    el("ul", { class: "plain" }, day.events.map((event) => el("li", { class: "digest-event" },
      SL.eventLink(event.id, event.summary), " ", SL.status(event.status),
      el("span", { class: "meta" }, ` ${SL.plural(event.sources, "source")}, ${SL.plural(event.documents, "article")}`),
      event.passage ? el("blockquote", {},
        `“${event.passage.text}” `,
        SL.documentLink(event.passage.doc, event.passage.source || event.passage.title || event.passage.doc,
          event.passage.start, event.passage.end)) : null))));
}

function drawArticles(box, rows) {
  if (!rows.length) {
    box.append(el("p", { class: "empty" }, "No dated articles."));
    return;
  }
  const totals = {};
  for (const row of rows) totals[row.source] = (totals[row.source] || 0) + row.articles;
  const outlets = Object.keys(totals).sort((a, b) => totals[b] - totals[a]);
  const shown = new Set(outlets.slice(0, 8));
  const groups = new vis.DataSet([...outlets.slice(0, 8), ...(outlets.length > 8 ? ["other outlets"] : [])]
    .map((name, index) => ({ id: name, content: name, className: `outlet-${index}` })));
  const points = {};
  for (const row of rows) {
    const group = shown.has(row.source) ? row.source : "other outlets";
    const key = `${row.day}|${group}`;
    points[key] = (points[key] || 0) + row.articles;
  }
  const items = Object.entries(points).map(([key, y], index) => {
    const [day, group] = key.split("|");
    return { id: index, x: day, y, group };
  });
  new vis.Graph2d(box, new vis.DataSet(items), groups, {
    style: "bar", stack: true, barChart: { width: 14, align: "center" }, drawPoints: false,
    legend: { left: { position: "top-left" } }, height: "300px",
    dataAxis: { left: { range: { min: 0 }, format: (v) => `${Math.round(v)}` } },
  });
  box.append(el("p", { class: "hint" },
    `${SL.plural(rows.reduce((n, r) => n + r.articles, 0), "article")} from ${SL.plural(outlets.length, "outlet")}.`));
}

SL.page(async (main) => {
  const story = (await SL.api("/api/story", { days: 8 })).data;
  const counts = story.counts;
  const timelineBox = el("div", { id: "timeline" });
  const note = el("p", { class: "hint", id: "timeline-note" });
  const articles = el("div", { id: "articles" });
  const actors = SL.pagedList((cursor) => SL.api("/api/actors", { limit: 12, cursor }), (actor) => el("li", {},
    SL.actorLink(actor.id, actor.name), el("span", { class: "meta" }, ` ${actor.type}, ${SL.plural(actor.documents, "article")}`)));
  const claims = SL.pagedList((cursor) => SL.api("/api/claims", { disputed: "true", limit: 6, cursor }), (claim) =>
    el("li", {}, el("q", {}, claim.text), " ",
      el("span", { class: "meta" }, `${claim.claimant_text || "unnamed"}; contradicted by ${SL.plural(claim.contradicts.length, "claim")} `),
      SL.link(SL.href.claim(claim.id), "evidence")));
  main.replaceChildren(
    el("h1", {}, "The story"),
    el("p", { class: "lede" }, `${SL.plural(counts.documents, "article")}, ${SL.plural(counts.events, "event")}, ` +
      `${SL.plural(counts.actors, "actor")}, ${SL.plural(counts.claims || 0, "claim")}, ${SL.plural(counts.quotes, "quote")}.`),
    SL.section("Timeline", note, timelineBox),
    el("div", { class: "columns" },
      SL.section("Digest: the most important days",
        story.digest.length ? el("ol", { class: "plain digest" }, story.digest.map(digestDay)) :
          el("p", { class: "empty" }, "No dated events yet.")),
      el("div", {}, SL.section("Main actors", actors), SL.section("Disputed claims", claims))),
    SL.section("Articles by outlet and day", articles));
  await Promise.all([drawTimeline(timelineBox, note, story), actors.ready, claims.ready]);
  drawArticles(articles, story.articles);
});
