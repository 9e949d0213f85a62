/* The claims board: claims grouped by subject (the event they are about), each with who claims it, how many
   independent sources report it, the reported words, and the claims that contradict it side by side with the
   reason and evidence; quantity threads (a number over time, per claimant) as small charts. */
"use strict";

const { el } = SL;
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function claimCard(claim) {
  const side = el("div", { class: "claim-side" },
    el("p", { class: "claim-text" }, el("q", {}, claim.text)),
    el("p", { class: "meta" }, SL.actorLink(claim.claimant, claim.claimant_name || claim.claimant_text || "unnamed"),
      ` · ${SL.plural(claim.sources, "independent source")}, ${SL.plural(claim.reports, "report")}`,
      claim.supports.length ? ` · agrees with ${SL.plural(claim.supports.length, "other claim")}` : ""),
    el("ul", { class: "plain passages" }, claim.passages.map((p) => el("li", {},
      SL.documentLink(p.doc, p.source || p.title || p.doc, p.start, p.end), el("span", { class: "meta" }, ` ${p.title || ""}`)))));
  const against = claim.contradicts.map((x) => el("div", { class: "claim-side against" },
    el("p", { class: "reason" }, `Contradicted (${x.reason}) by `,
      x.claimant_name ? el("strong", {}, x.claimant_name) : "an unnamed source"),
    el("p", { class: "claim-text" }, el("q", {}, x.text)),
    el("p", { class: "evidence meta" }, x.evidence)));
  return el("article", { class: claim.disputed ? "claim disputed" : "claim", id: claim.id },
    el("div", { class: "claim-row" }, side, against.length ? el("div", { class: "claim-against" }, against) : null));
}

function groupBlock(group) {
  const s = group.subject;
  return el("li", { class: "claim-group" },
    el("h3", {}, s.event ? SL.eventLink(s.event, s.summary) : s.summary,
      s.date ? el("span", { class: "meta" }, ` ${s.date}`) : null),
    group.claims.map(claimCard));
}

/** A small chart of one quantity thread: each report's value (or range) by date, labelled by claimant. */
function threadChart(thread) {
  const points = thread.reports.filter((r) => !Number.isNaN(SL.firstDay(r.date)) && (r.value !== null || r.low !== null));
  const width = 320;
  const height = 120;
  const box = el("figure", { class: "thread" }, el("figcaption", {}, thread.label,
    el("span", { class: "meta" }, ` ${SL.plural(thread.sources, "source")}`)));
  if (!points.length) return box;
  const values = points.flatMap((r) => [r.low ?? r.value, r.high ?? r.value]).filter((v) => v !== null);
  const days = points.map((r) => SL.firstDay(r.date));
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const [d0, d1] = [Math.min(...days), Math.max(...days)];
  const x = (d) => 40 + (d1 === d0 ? (width - 60) / 2 : ((d - d0) / (d1 - d0)) * (width - 60));
  // a log scale when the numbers span more than a hundredfold (a casualty count beside a population)
  const log = lo > 0 && hi / lo > 100;
  const scale = (v) => (log ? Math.log10(v) : v);
  const y = (v) => height - 20 - (hi === lo ? (height - 35) / 2 :
    ((scale(v) - scale(lo)) / (scale(hi) - scale(lo))) * (height - 35));
  const number = (v) => v.toLocaleString("en");
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img" });
  const byDay = [...points].sort((a, b) => SL.firstDay(a.date) - SL.firstDay(b.date));
  const day = (r) => new Date(SL.firstDay(r.date)).toISOString().slice(0, 10);
  chart.append(svg("text", { x: 2, y: 12, class: "axis" }, number(hi) + (log ? " (log scale)" : "")),
    svg("text", { x: 2, y: height - 20, class: "axis" }, number(lo)),
    svg("text", { x: 40, y: height - 4, class: "axis" }, day(byDay[0])),
    svg("text", { x: width - 70, y: height - 4, class: "axis" }, day(byDay[byDay.length - 1])));
  for (const r of points) {
    const cx = x(SL.firstDay(r.date));
    if (r.low !== null && r.high !== null && r.low !== r.high) {
      chart.append(svg("line", { x1: cx, x2: cx, y1: y(r.low), y2: y(r.high), class: "range" }));
    }
    const dot = svg("circle", { cx, cy: y(r.value ?? r.low), r: 4, class: "dot" });
    dot.append(svg("title", {}, `${r.claimant_text || "unnamed"}: ${r.text} (${r.date}, ${r.source || r.doc})`));
    chart.append(dot);
  }
  box.append(chart);
  return box;
}

SL.page(async (main) => {
  const params = new URLSearchParams(window.location.search);
  const disputed = params.get("disputed") === "true";
  const board = SL.pagedList((cursor) => SL.api("/api/claims/board", { disputed: disputed ? "true" : "", limit: 30, cursor }),
    groupBlock, "plain board");
  const threads = SL.pagedList((cursor) => SL.api("/api/quantities", { limit: 12, cursor }),
    (thread) => el("li", {}, threadChart(thread)), "plain threads");
  main.replaceChildren(
    el("h1", {}, "Claims"),
    el("p", { class: "lede" }, "What is asserted, by whom, how many independent sources report it, and who contradicts it. ",
      disputed ? SL.link("/claims", "Show all claims") : SL.link("/claims?disputed=true", "Show only disputed claims")),
    el("div", { class: "columns claims-layout" }, SL.section("Claims by subject", board),
      SL.section("Numbers over time", threads)));
  await Promise.all([board.ready, threads.ready]);
  const wanted = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (wanted) { wanted.classList.add("picked"); wanted.scrollIntoView({ block: "center" }); }
});
