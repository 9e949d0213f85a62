/* The document reader: the clean text with every finding highlighted by its offsets (actors and events link to
   their pages, quotes carry their speaker, time expressions their value), the date and how it was found, source
   flags and removed leftovers apart. `?at=START-END` marks and scrolls to a passage (links from other pages). */
"use strict";

const { el } = SL;
const KINDS = { quote: "Quotes", actor: "Actors", event: "Events", time: "Time expressions" };

function intervals(findings, length, at) {
  const clip = (x) => Math.max(0, Math.min(length, x));
  const all = [];
  const add = (kind, item, extra) => {
    const start = clip(item.start);
    const end = clip(item.end);
    if (end > start) all.push({ kind, start, end, item, ...extra });
  };
  findings.quotes.forEach((q) => add("quote", q));
  findings.actors.forEach((a) => add("actor", a));
  findings.events.forEach((e) => add("event", e));
  findings.times.forEach((t) => add("time", t));
  if (at) add("at", at);
  return all;
}

/** The text cut at every finding's edge; each piece is a span (or a link to the innermost actor or event). */
function highlighted(text, spans) {
  const edges = new Set([0, text.length]);
  spans.forEach((s) => { edges.add(s.start); edges.add(s.end); });
  const cuts = [...edges].sort((a, b) => a - b);
  const quoteStarts = new Map(spans.filter((s) => s.kind === "quote").map((s) => [s.start, s]));
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const quote = quoteStarts.get(a);
    if (quote) {
      const q = quote.item;
      out.push(el("span", { class: "speaker", "data-quote": q.id },
        q.speaker ? SL.actorLink(q.speaker, q.speaker_text || "speaker") : (q.speaker_text || "unattributed"), ":"));
    }
    const active = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!active.length) { out.push(piece); continue; }
    const classes = [...new Set(active.map((s) => `hl-${s.kind}`))].join(" ");
    const target = active.filter((s) => s.kind === "actor" || s.kind === "event")
      .sort((x, y) => (x.end - x.start) - (y.end - y.start))[0];
    const time = active.find((s) => s.kind === "time");
    const props = { class: classes };
    if (time) props.title = `${time.item.text} = ${time.item.value || "no value"}`;
    if (target && target.kind === "actor") {
      props.href = SL.href.actor(target.item.actor);
      props.title = `${target.item.name} (${target.item.type})`;
      out.push(el("a", props, piece));
    } else if (target) {
      props.href = SL.href.event(target.item.event);
      props.title = `${target.item.summary} (${target.item.status})`;
      out.push(el("a", props, piece));
    } else {
      out.push(el("span", props, piece));
    }
  }
  return out;
}

function legend(reader, findings) {
  return el("div", { class: "legend" }, Object.entries(KINDS).map(([kind, label]) => {
    const box = el("input", { type: "checkbox", checked: "checked", "data-kind": kind,
      onchange: () => reader.classList.toggle(`hide-${kind}`, !box.checked) });
    const count = findings[kind === "time" ? "times" : `${kind}s`].length;
    return el("label", { class: `key hl-${kind}` }, box, ` ${label} (${count})`);
  }));
}

function dating(doc) {
  const d = doc.dating;
  const basis = { metadata: "from the article's metadata", text: "from the text", url: "from its address",
    inferred: "inferred from other articles", undated: "not found" }[d.basis] || d.basis || "unknown";
  return [doc.published || "undated", el("span", { class: "meta" },
    ` (${basis}; confidence ${doc.published_confidence === null ? "none" : doc.published_confidence}` +
    `${d.best_day && d.best_day !== doc.published ? `; best day ${d.best_day}` : ""})`)];
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url || "") ? el("a", { href: url, rel: "noopener noreferrer" }, url) : url || "none";
}

SL.page(async (main) => {
  const id = SL.pathId();
  const doc = (await SL.api(`/api/documents/${encodeURIComponent(id)}`)).data;
  document.title = `${doc.title || doc.id} · Storyline`;
  const match = /^(\d+)-(\d+)$/.exec(new URLSearchParams(window.location.search).get("at") || "");
  const at = match ? { start: Number(match[1]), end: Number(match[2]) } : null;
  const reader = el("article", { class: "reader", id: "reader" },
    highlighted(doc.text, intervals(doc.findings, doc.text.length, at)));
  const flags = doc.flag_evidence.map((f) => el("li", {}, el("strong", {}, f.flag),
    el("span", { class: "meta" }, ` likelihood ${f.likelihood}`), f.note ? ` ${f.note}` : "",
    f.evidence && f.evidence.length ? el("span", { class: "meta" }, " evidence: ",
      f.evidence.slice(0, 6).map((e, i) => [i ? ", " : "", SL.documentLink(doc.id, e.reason || "here", e.start, e.end)]))
      : ""));
  const cleaning = doc.flags.filter((f) => !doc.flag_evidence.some((e) => e.flag === f));
  main.replaceChildren(
    el("p", { class: "crumbs" }, SL.link("/", "Story"), " › document ", doc.id),
    el("h1", {}, doc.title || "(no title)"),
    el("dl", { class: "facts" },
      el("dt", {}, "Outlet"), el("dd", {}, doc.source || "unknown"),
      el("dt", {}, "Date"), el("dd", { id: "dating" }, dating(doc)),
      el("dt", {}, "Address"), el("dd", {}, safeUrl(doc.url)),
      el("dt", {}, "Found"), el("dd", {}, `${SL.plural(doc.quotes.length, "quote")}, ${SL.plural(doc.events.length, "event")}, ` +
        `${SL.plural(doc.claims.length, "claim")}`)),
    legend(reader, doc.findings),
    el("div", { class: "columns reader-layout" }, reader,
      el("aside", {},
        SL.section("Quality flags", flags.length || cleaning.length ? el("ul", { class: "plain" }, flags,
          cleaning.map((f) => el("li", {}, f))) : el("p", { class: "empty" }, "None.")),
        SL.section(`Removed leftovers (${doc.removed.length})`, doc.removed.length ?
          el("details", {}, el("summary", {}, "Show what cleaning removed"),
            el("ul", { class: "plain removed" }, doc.removed.map((r) => el("li", {},
              typeof r === "string" ? r : `${r.reason ? `[${r.reason}] ` : ""}${r.text || JSON.stringify(r)}`))))
          : el("p", { class: "empty" }, "Nothing was removed.")))));
  const first = reader.querySelector(".hl-at");
  if (first) first.scrollIntoView({ block: "center" });
});
