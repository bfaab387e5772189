// Full-text search of the notes with Pagefind (its index is written by research_digest.build.fulltext):
// in the header search box, below or above Material's own results, and on the notes browser page.
// Pagefind is loaded only when a reader searches, and it fetches only the index chunks it needs.
(() => {
  "use strict";

  const HEADER_RESULTS = 5;
  const HEADER_PAGES = 3;  // pages whose names begin with the query; every page a whole name names
  const PAGE_SIZE = 50;
  // The browser's words are `words`, not `q`: Material opens its search overlay on any address with `q`.
  // An address with `q` (shared before, or typed) is read as `words`, before Material looks.
  const WORDS = "words";
  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  const siteRoot = new URL(`${config.base || "."}/`, location.href);
  let pagefind = null;
  let names = null;

  function loadPagefind() {
    pagefind ??= import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (module) => {
      await module.options({ baseUrl: siteRoot.pathname, excerptLength: 24 });
      await module.init();
      return module;
    });
    return pagefind;
  }

  // The pages of companies, segments, sources and periods, each with its names in both languages,
  // tickers and aliases, and a company's or segment's with its filter (render/search.py): a note is
  // about Kingsoft Cloud whether it writes 金山云, KC or 3896.HK.
  function loadNames() {
    names ??= fetch(new URL("search/names.json", siteRoot)).then((response) => response.json());
    return names;
  }

  // A query as render/search.py folds names: case and runs of spaces make no difference.
  const fold = (query) => query.trim().toLowerCase().split(/\s+/).join(" ");

  // The filter a query names ({segment: "public-cloud"}), with its label: that of the first page with a
  // filter that a whole name names (companies come first); undefined for other words.
  async function named(query) {
    const folded = fold(query);
    const page = folded ? (await loadNames()).pages.find((p) => p.filter && p.names.includes(folded)) : undefined;
    if (!page) return undefined;
    const [[key, value]] = Object.entries(page.filter);
    return { key, value, label: page.label };
  }

  // A name's words, as a query may begin one: "3896" begins 3896.hk, "cloud" begins kingsoft cloud.
  const WORD_BREAK = /[\s.\-_/()]+/;

  // The pages of companies, segments, sources and periods that a query names: those a whole name
  // names if any, otherwise those with a name or a word of one that begins with it (a single Latin
  // letter or digit is too little to go on). Material's index leaves these pages out (render/search.py).
  async function pagesNamed(query) {
    const folded = fold(query);
    if (!folded || (folded.length < 2 && !/\p{Script=Han}/u.test(folded))) return [];
    const { pages } = await loadNames();
    const whole = pages.filter((page) => page.names.includes(folded));
    if (whole.length) return whole;
    const begins = (page) => page.names.some((name) => name.startsWith(folded));
    const wordBegins = (page) => page.names.some((name) => name.split(WORD_BREAK).some((word) => word.startsWith(folded)));
    return [...pages.filter(begins), ...pages.filter((page) => !begins(page) && wordBegins(page))].slice(0, HEADER_PAGES);
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  // Pagefind's excerpt is the page's text with the matched words in <mark>: keep only those marks,
  // and drop the zero-width spaces with which its Chinese segmenter marks word boundaries.
  function excerpt(html, attributes = {}) {
    const holder = element("p", attributes);
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    for (const child of parsed.childNodes) {
      const text = child.textContent.replaceAll("\u200b", "");
      holder.append(child.nodeName === "MARK" ? element("mark", {}, text) : text);
    }
    return holder;
  }

  // Text with each run of Chinese characters (a company's Chinese name) marked as Chinese, so that a
  // screen reader reads it in a Chinese voice: the page around it is English.
  function marked(text) {
    return text.split(/(\p{Script=Han}+)/u).map((part, i) => (i % 2 ? element("span", { lang: "zh" }, part) : part));
  }

  // A result's facts.
  function metaLine(meta) {
    return marked([meta.company, meta.period, meta.source, meta.kind, meta.published].filter(Boolean).join(" · "));
  }

  // A note's title and excerpt are in its language (the page's index entry names it when it is not English).
  function inLanguage(meta) {
    return meta.language ? { lang: meta.language } : {};
  }

  function browseUrl(params) {
    const url = new URL("browse/", siteRoot);
    url.search = new URLSearchParams(params).toString();
    return url.href;
  }

  // --- the header search box ----------------------------------------------------------------------

  function headerSearch() {
    const input = document.querySelector('[data-md-component="search-query"]');
    const material = document.querySelector('[data-md-component="search-result"]');
    const toggle = document.querySelector('[data-md-toggle="search"]');
    if (!input || !material) return;
    const scrollwrap = material.parentElement;
    const list = material.querySelector(".md-search-result__list");
    const section = element("div", { class: "rd-notes md-search-result", "data-rd-state": "idle" });
    const holder = element("li", { class: "rd-notes-item" });  // the notes, placed among Material's results
    scrollwrap.append(section);
    let current = "";
    let timer = 0;

    // The pages a query names come first, then the notes (about what it names, if it names one), then
    // Material's results. Otherwise, when Material's best result holds every word typed (a page), it
    // comes first and the notes right after it, before Material's other pages; when it does not, the
    // notes come first, as they are where the words of a phrase are found.
    const place = () => {
      const best = list.querySelector(":scope > li:not(.rd-notes-item)");
      // Material marks the words a page lacks on its best section, not on the page's own title
      const materialHasAll = Boolean(best) && !best.querySelector(".md-search-result__terms");
      const hasPages = Boolean(section.querySelector(".rd-pages li"));
      const hasNotes = Boolean(section.querySelector("li"));
      const notesFirst = hasPages || (hasNotes && !materialHasAll);
      if (notesFirst || !hasNotes) {
        if (section.parentElement !== scrollwrap || (section.nextElementSibling === material) !== notesFirst) {
          notesFirst ? material.before(section) : material.after(section);
        }
        holder.remove();
      } else if (holder.previousElementSibling !== best || section.parentElement !== holder) {
        holder.append(section);
        best.after(holder);
      }
      scrollwrap.classList.toggle("rd-notes-first", notesFirst);
    };

    const run = async (query) => {
      const [module, about, pages] = await Promise.all([loadPagefind(), named(query), pagesNamed(query)]);
      // A company's or segment's name finds every note about it, in either language, newest first.
      const found = about
        ? await module.search((await loadNames()).every, { filters: { [about.key]: about.value }, sort: { published: "desc" } })
        : await module.search(query);
      const shown = await Promise.all(found.results.slice(0, HEADER_RESULTS).map((result) => result.data()));
      if (query !== current) return;
      const items = shown.map((data) => element("li", { class: "md-search-result__item" },
        element("a", { href: data.url, class: "md-search-result__link", tabindex: "-1" },
          element("article", { class: "md-search-result__article md-typeset" },
            element("div", { class: "md-search-result__icon md-icon" }),
            element("h1", inLanguage(data.meta), data.meta.title || data.url),
            element("p", { class: "rd-notes__facts" }, ...metaLine(data.meta)),
            ...(about ? [] : [excerpt(data.excerpt, inLanguage(data.meta))])))));
      const count = found.results.length;
      const notes = `${count} note${count === 1 ? "" : "s"}`;
      const label = count === 0 ? "No note mentions it" : about ? `${notes} about ${about.label}` : notes;
      const meta = element("div", { class: "md-search-result__meta" }, label);
      if (count > HEADER_RESULTS) {
        const view = about ? { [about.key]: about.value } : { [WORDS]: query };
        meta.append(" · ", element("a", { href: browseUrl(view) }, "see them all in the notes browser"));
      }
      const pageItems = pages.map((target) => element("li", { class: "md-search-result__item" },
        element("a", { href: new URL(target.url, siteRoot).href, class: "md-search-result__link", tabindex: "-1" },
          element("article", { class: "md-search-result__article md-typeset" },
            element("div", { class: "md-search-result__icon md-icon" }),
            element("h1", {}, ...marked(target.label)),
            element("p", { class: "rd-notes__facts" }, `${target.kind} page`)))));
      const pageList = pageItems.length ? [element("ol", { class: "md-search-result__list rd-pages" }, ...pageItems)] : [];
      section.replaceChildren(...pageList, meta, element("ol", { class: "md-search-result__list" }, ...items));
      section.dataset.rdState = "done";
      section.dataset.rdQuery = query;
      place();
    };

    const update = () => {
      const query = input.value.trim();
      if (query === current) return;
      current = query;
      clearTimeout(timer);
      section.replaceChildren();
      section.dataset.rdState = query ? "searching" : "idle";
      place();
      if (query) timer = setTimeout(() => run(query).catch(failed(section)), 120);
    };

    new MutationObserver(place).observe(list, { childList: true });
    input.addEventListener("input", update);
    input.addEventListener("keyup", update);

    // Material moves through its own results with the arrow keys and opens its best one on Enter;
    // with the notes beside them, do the same over both lists in the order they are shown.
    window.addEventListener("keydown", (event) => {
      if (!toggle?.checked || !section.querySelector("li")) return;
      const focused = document.activeElement;
      if (event.key === "Enter" && focused === input && scrollwrap.classList.contains("rd-notes-first")) {
        section.querySelector("a[href]").click();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const stops = [input, ...scrollwrap.querySelectorAll(":not(details) > [href], summary, details[open] [href]")];
        const step = event.key === "ArrowUp" ? -1 : 1;
        stops[(Math.max(0, stops.indexOf(focused)) + stops.length + step) % stops.length].focus();
      } else {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    }, true);
  }

  function failed(container) {
    return (error) => {
      container.dataset.rdState = "error";
      container.replaceChildren(element("div", { class: "md-search-result__meta" },
        "The notes' search index could not be loaded."));
      console.warn("Pagefind:", error);
    };
  }

  // --- the notes browser ----------------------------------------------------------------------------

  function notesBrowser() {
    const form = document.querySelector("form[data-rd-browse]");
    if (!form) return;
    const status = document.querySelector(".rd-browse__status");
    const results = document.querySelector(".rd-browse__results");
    const more = document.querySelector(".rd-browse__more");
    const periods = [...form.elements.from.options].map((option) => option.value).filter(Boolean);
    const words = form.elements[WORDS];
    let found = [];
    let shown = 0;
    let generation = 0;

    // The URL query holds the view; values that the form does not offer are ignored.
    const fromUrl = () => {
      const params = new URLSearchParams(location.search);
      for (const field of form.elements) {
        if (!field.name) continue;
        const value = params.get(field.name) ?? "";
        const offered = field.tagName !== "SELECT" || [...field.options].some((option) => option.value === value);
        field.value = offered ? value : "";
      }
    };

    const toUrl = () => {
      const params = new URLSearchParams();
      for (const field of form.elements) {
        if (field.name && field.value.trim()) params.set(field.name, field.value.trim());
      }
      const url = new URL(location.href);
      url.search = params.toString();
      if (url.href !== location.href) history.replaceState(null, "", url);
    };

    const filters = () => {
      const chosen = {};
      for (const name of ["company", "segment", "source", "kind"]) {
        if (form.elements[name].value) chosen[name] = form.elements[name].value;
      }
      const from = form.elements.from.value;
      const to = form.elements.to.value;
      if (from || to) {
        const first = from ? periods.indexOf(from) : 0;
        const last = to ? periods.indexOf(to) : periods.length - 1;
        chosen.period = { any: periods.slice(Math.min(first, last), Math.max(first, last) + 1) };
      }
      return chosen;
    };

    let withExcerpts = false;  // for words of the notes; not for all the notes, or a name's
    const showMore = async (run) => {
      const batch = await Promise.all(found.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
      if (run !== generation) return;
      for (const data of batch) {
        const item = element("li", { class: "rd-browse__note", "data-url": data.url },
          element("a", { href: data.url, ...inLanguage(data.meta) }, data.meta.title || data.url),
          element("span", { class: "rd-browse__facts" }, ...metaLine(data.meta)));
        if (withExcerpts) item.append(excerpt(data.excerpt, inLanguage(data.meta)));
        results.append(item);
      }
      shown += batch.length;
      more.hidden = shown >= found.length;
      status.dataset.rdState = "done";
    };

    const search = async () => {
      const run = ++generation;
      status.dataset.rdState = "searching";
      toUrl();
      const query = words.value.trim();
      const [module, about] = await Promise.all([loadPagefind(), named(query)]);
      const chosen = filters();
      if (about) {  // a company's or segment's name: its filter, beside any chosen in the lists
        const also = chosen[about.key];
        chosen[about.key] = also && also !== about.value ? { all: [also, about.value] } : about.value;
      }
      // Without words, or with a name, search the word every note carries (render/browse.py), newest first.
      const byWords = Boolean(query) && !about;
      const order = byWords ? {} : { sort: { published: "desc" } };
      const response = await module.search(byWords ? query : form.dataset.rdBrowse, { filters: chosen, ...order });
      if (run !== generation) return;
      found = response.results;
      shown = 0;
      withExcerpts = byWords;
      results.replaceChildren();
      const count = found.length;
      status.textContent = count === 0 ? "No note matches." : `${count} note${count === 1 ? "" : "s"}` +
        (about ? ` about ${about.label}, newest first.` : byWords ? ", best match first." : ", newest first.");
      await showMore(run);
    };

    let timer = 0;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => search().catch(failed(status)), 200);
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      search().catch(failed(status));
    });
    form.addEventListener("change", soon);
    words.addEventListener("input", soon);
    more.addEventListener("click", () => showMore(generation).catch(failed(status)));
    window.addEventListener("popstate", () => {
      fromUrl();
      search().catch(failed(status));
    });
    fromUrl();
    search().catch(failed(status));
  }

  // On the notes browser an address's `q` becomes `words`; Material, which has read it already, had
  // opened its overlay with the words: it is closed (and the header box emptied) before it is drawn.
  function wordsFromQ() {
    if (!document.querySelector("form[data-rd-browse]")) return;
    const url = new URL(location.href);
    if (!url.searchParams.has("q")) return;
    if (!url.searchParams.get(WORDS)) url.searchParams.set(WORDS, url.searchParams.get("q"));
    url.searchParams.delete("q");
    history.replaceState(null, "", url);
    const toggle = document.querySelector('[data-md-toggle="search"]');
    const input = document.querySelector('[data-md-component="search-query"]');
    if (toggle?.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      if (input) {
        input.value = "";
        input.blur();
      }
    }
  }

  wordsFromQ();
  headerSearch();
  notesBrowser();
})();
