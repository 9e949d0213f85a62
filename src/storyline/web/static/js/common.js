/* Storyline pages: what every page shares. Text from articles is untrusted: it only ever enters the page through
   `el` (text nodes and textContent) or as attribute values set with setAttribute, never as HTML. Links are built
   from ids by the functions below, which encode them. */
"use strict";

const SL = (() => {
  /** An element with properties and children; strings become text nodes (never parsed as HTML). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  /** GET an API path with query parameters (empty ones left out); the envelope, or an Error with the API's message. */
  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
      throw new Error(message);
    }
    return body;
  }

  /** The id at the end of this page's path (/events/v12 -> "v12"), decoded. */
  function pathId() {
    const parts = window.location.pathname.split("/").filter(Boolean);
    return decodeURIComponent(parts.slice(1).join("/"));
  }

  const href = {
    event: (id) => `/events/${encodeURIComponent(id)}`,
    actor: (id) => `/actors/${encodeURIComponent(id)}`,
    document: (id, start, end) => `/documents/${encodeURIComponent(id)}` +
      (start !== undefined && start !== null ? `?at=${Number(start)}-${Number(end)}` : ""),
    claim: (id) => `/claims#${encodeURIComponent(id)}`,
    search: (q) => `/search?q=${encodeURIComponent(q)}`,
  };

  const link = (url, text, cls) => el("a", { href: url, class: cls }, text);
  const actorLink = (id, name) => (id ? link(href.actor(id), name || id, "actor") : el("span", {}, name || "unknown"));
  const eventLink = (id, text) => link(href.event(id), text || id, "event");
  const documentLink = (id, text, start, end) => link(href.document(id, start, end), text || id, "doc");

  const STATUS = { occurred: "occurred", planned: "planned", cancelled: "cancelled or postponed", denied: "denied",
    negated: "did not happen", hypothetical: "hypothetical" };
  const status = (value) => el("span", { class: `status st-${String(value || "unknown").replace(/[^a-z]/g, "")}` },
    STATUS[value] || value || "unknown");

  /** A date as a reader wants it (the CLI's `when`): a day, "about" a day, a range, a week, month or year. */
  function when(item) {
    if (!item.date) return "undated";
    const first = item.date;
    let shown = { month: first.slice(0, 7), year: first.slice(0, 4) }[item.date_precision] || first;
    if (item.date_precision === "week") shown = `week of ${first}`;
    if (item.date_precision === "about") shown = `about ${first}`;
    if (item.date_end && item.date_end !== first) shown = `${first} to ${item.date_end}`;
    return shown;
  }

  /** The first day (ms since the epoch, UTC) of a TimeML date value: 2022-02-24, 2022-02, 2022, 2022-W08; NaN for
      anything else (PRESENT_REF, a season ...). */
  function firstDay(value) {
    const text = String(value || "");
    const week = /^(\d{4})-W(\d{2})$/.exec(text);
    if (week) {
      const jan4 = Date.UTC(Number(week[1]), 0, 4);
      const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86400000;
      return monday + (Number(week[2]) - 1) * 7 * 86400000;
    }
    if (/^\d{4}(-\d{2}){0,2}$/.test(text)) return Date.parse(text.length === 4 ? `${text}-01-01` : text.length === 7 ? `${text}-01` : text);
    return NaN;
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  function section(title, ...children) {
    return el("section", { class: "panel" }, el("h2", {}, title), ...children);
  }

  /** A list that shows `first` items and a button for the rest (lists the API already returned whole). */
  function shortList(items, render, first, cls) {
    const list = el("ul", { class: cls || "plain" }, items.slice(0, first).map(render));
    if (items.length <= first) return list;
    const more = el("button", { type: "button", class: "more",
      onclick: () => { list.append(...items.slice(first).map(render)); more.remove(); } },
      `Show ${items.length - first} more`);
    return el("div", {}, list, more);
  }

  /** A paged list: calls load(cursor) -> {data, page}, renders rows, and offers "More" while `page.next` is set. */
  function pagedList(load, render, cls) {
    const list = el("ul", { class: cls || "plain" });
    const more = el("button", { type: "button", class: "more" }, "More");
    const box = el("div", {}, list, more);
    let next = null;
    async function fetchPage() {
      more.disabled = true;
      const body = await load(next);
      list.append(...body.data.map(render));
      next = body.page ? body.page.next : null;
      more.disabled = false;
      more.hidden = !next;
      if (!list.children.length) list.append(el("li", { class: "empty" }, "Nothing here."));
    }
    more.addEventListener("click", () => fetchPage().catch(showError));
    box.ready = fetchPage();
    return box;
  }

  function showError(error) {
    const main = document.getElementById("page");
    main.prepend(el("p", { class: "error", role: "alert" }, `Could not load: ${error.message}`));
  }

  /** Run a page's render(main) once the page is loaded; its errors show on the page. */
  function page(render) {
    const start = async () => {
      const main = document.getElementById("page");
      try {
        await render(main);
        main.dataset.ready = "true";
      } catch (error) {
        main.replaceChildren();
        showError(error);
        main.dataset.ready = "error";
      }
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  /** `text` with [start, end) wrapped in a <mark>, for a passage whose highlighted words are known by offset. */
  function marked(text, start, end) {
    if (start === null || start === undefined || start < 0 || end > text.length || start >= end) return [text];
    return [text.slice(0, start), el("mark", {}, text.slice(start, end)), text.slice(end)];
  }

  return { el, api, pathId, href, link, actorLink, eventLink, documentLink, status, when, firstDay, plural, section,
    shortList, pagedList, page, showError, marked };
})();
