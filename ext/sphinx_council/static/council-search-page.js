// The search page: the form, the filters and the results, from the address
// (search.html?q=PEP+751&kind=Decision), so a search can be linked, bookmarked and tested.
// Pagefind's index is loaded only once the reader searches; council-search-query.js says how
// a query becomes searches.
"use strict";

(() => {
  const { root, normalise, keepWhole, arrange, hasUnmatchedWord, indexWords, pepMarks, correction } =
    window.councilSearchQuery;
  const FEW = 5;
  const FACETS = [
    ["kind", "Kind of page"],
    ["status", "Status"],
    ["area", "Area"],
    ["persona", "Who it is for"],
    ["year", "Year"],
  ];

  const page = document.querySelector(".council-search");
  if (!page) {
    return;
  }
  const form = page.querySelector("form");
  const input = document.getElementById("council-search-query");
  const layout = page.querySelector(".council-search__layout");
  const filters = document.getElementById("council-search-filters");
  const facetBox = document.getElementById("council-search-facets");
  const chosenNote = document.getElementById("council-search-chosen");
  const status = document.getElementById("council-search-status");
  const list = document.getElementById("council-search-results");
  const ids = page.dataset.idPrefix
    ? { prefix: page.dataset.idPrefix, separator: page.dataset.idSeparator || "", digits: Number(page.dataset.idDigits) }
    : null;
  layout.hidden = false;
  let pagefind = null;
  let facetWords = {};
  // The search whose results are shown: its query, the facets chosen, whether its counts are.
  let shown = null;

  async function engine() {
    if (!pagefind) {
      pagefind = await import(root + "pagefind/pagefind.js");
      // Result addresses start from the site's root, which may be a sub-path (a project site).
      await pagefind.options({ baseUrl: new URL(root).pathname, ranking: { termFrequency: 0.8 } });
      const response = await fetch(root + "pagefind/council-facets.json");
      facetWords = response.ok ? await response.json() : {};
    }
    return pagefind;
  }

  // Facets are words every page of that kind, status... carries in the index (the build says
  // why), so a facet narrows a search by adding its word, and its count is a search too.
  function chosenFacets(params) {
    const chosen = {};
    for (const [key] of FACETS) {
      const value = params.get(key);
      if (value && facetWords[key] && facetWords[key][value]) {
        chosen[key] = value;
      }
    }
    return chosen;
  }

  function unknownFacets(params) {
    return FACETS.map(([key]) => [key, params.get(key)])
      .filter(([key, value]) => value && !(facetWords[key] && facetWords[key][value]));
  }

  function withFacets(query, chosen) {
    const words = Object.entries(chosen).map(([key, value]) => facetWords[key][value]);
    return [indexWords(query), ...words].filter(Boolean).join(" ");
  }

  async function pepFirst(search, query, chosen, found) {
    const first = [];
    for (const mark of pepMarks(query)) {
      const marked = await search.search(withFacets(mark, chosen));
      first.push(...marked.results);
    }
    if (!first.length) {
      return found;
    }
    const ids = new Set(first.map((result) => result.id));
    const rest = found.results.filter((result) => !ids.has(result.id));
    return { ...found, results: [...first, ...rest] };
  }

  async function facetCounts(search, query, chosen) {
    const counts = {};
    for (const [key] of FACETS) {
      counts[key] = {};
      const others = Object.fromEntries(Object.entries(chosen).filter(([k]) => k !== key));
      for (const value of Object.keys(facetWords[key] || {})) {
        const found = await search.search(withFacets(query, { ...others, [key]: value }));
        counts[key][value] = found.results.length;
      }
    }
    return counts;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function renderFacets(chosen, counts) {
    facetBox.replaceChildren();
    for (const [key, label] of FACETS) {
      const values = Object.entries(counts[key] || {}).filter(([value, n]) => n > 0 || chosen[key] === value);
      if (!values.length) {
        continue;
      }
      const group = element("fieldset", "council-search__facet");
      group.append(element("legend", "", label));
      values.sort((a, b) => (key === "year" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
      for (const [value, count] of [["", null], ...values]) {
        const id = `facet-${key}-${value || "any"}`.replace(/[^\w-]/g, "-");
        const box = element("input");
        Object.assign(box, { type: "radio", id, name: key, value });
        box.checked = (chosen[key] || "") === value;
        box.addEventListener("change", () => run(formParams()));
        const text = element("label", "", value ? `${value} ` : "Any");
        text.htmlFor = id;
        if (count !== null) {
          text.append(element("span", "council-search__count", `(${count})`));
        }
        const row = element("div", "council-search__option");
        row.append(box, text);
        group.append(row);
      }
      facetBox.append(group);
    }
  }

  async function renderResults(results) {
    list.replaceChildren();
    const shown = await Promise.all(results.slice(0, 20).map((result) => result.data()));
    for (const data of shown) {
      const item = element("li", "council-search__result");
      const link = element("a", "council-search__title", data.meta.title || data.url);
      link.href = data.url;
      const heading = element("p", "council-search__heading");
      heading.append(link);
      if (data.meta.kind) {
        heading.append(" ", element("span", "council-search__kind", data.meta.kind));
      }
      if (data.meta.status) {
        heading.append(" ", element("span", "council-badge council-search__badge", data.meta.status));
      }
      item.append(heading);
      const summary = element("p", "council-search__summary");
      if (data.meta.summary) {
        summary.textContent = data.meta.summary;
      } else {
        // Pagefind escapes the text and adds only <mark>; facet words are not for readers,
        // nor are the ways of typing the page's id ("PEP 751 · PEP751 · PEP-751 · 751.").
        summary.innerHTML = data.excerpt
          .replace(/\bz(?:f[a-p]{11}|page[a-j]{4}|decides[a-j]{4})q\b\s*/g, "")
          .replace(/^[^.]*? · [^.]*\.\s*/, "")
          .replace(/^(?:\s*(?:<mark>\s*[.·]\s*<\/mark>|[.·]))+\s*/, "");
      }
      item.append(summary);
      // Sections of the page where the query's words are; the page's own heading is the
      // result itself.
      const sections = (data.sub_results || []).filter(
        (sub) => sub.anchor && sub.anchor.element !== "h1" && sub.title !== data.meta.title &&
          /<mark>/.test(sub.excerpt || ""),
      );
      if (sections.length) {
        const inner = element("ul", "council-search__sections");
        for (const sub of sections.slice(0, 3)) {
          const entry = element("li");
          const subLink = element("a", "", sub.title);
          subLink.href = sub.url;
          entry.append(subLink);
          inner.append(entry);
        }
        item.append(inner);
      }
      list.append(item);
    }
  }

  function formParams() {
    const params = new URLSearchParams();
    params.set("q", input.value);
    const boxes = facetBox.querySelectorAll("input[type='radio']");
    if (!boxes.length) {
      // The filters were not opened for this search: the facets chosen stay as they were.
      for (const [key, value] of Object.entries(shown ? shown.chosen : {})) {
        params.set(key, value);
      }
    }
    for (const box of boxes) {
      if (box.checked && box.value) {
        params.set(box.name, box.value);
      }
    }
    return params;
  }

  // Each count is a search of its own, and a facet's word is on a large share of the pages, so
  // the counts are fetched only when the reader opens the filters, once per search shown.
  async function showFacets() {
    const current = shown;
    if (!current || !filters.open || current.counted) {
      return;
    }
    current.counted = true;
    facetBox.replaceChildren(element("p", "council-search__counting", "Counting…"));
    const counts = await facetCounts(await engine(), current.query, current.chosen);
    if (shown === current) {
      renderFacets(current.chosen, counts);
    }
  }

  function showChosen(chosen) {
    const values = Object.values(chosen);
    chosenNote.textContent = values.length ? `: ${values.join(", ")}` : "";
  }

  filters.addEventListener("toggle", showFacets);

  async function run(params) {
    const raw = (params.get("q") || "").trim();
    input.value = raw;
    history.replaceState(null, "", `${window.location.pathname}?${params.toString()}`);
    const asked = FACETS.some(([key]) => params.get(key));
    if (!raw && !asked) {
      status.textContent = "Type what you are looking for and press Enter.";
      list.replaceChildren();
      facetBox.replaceChildren();
      shown = null;
      filters.hidden = true;
      return;
    }
    status.textContent = "Searching…";
    const search = await engine();
    const chosen = chosenFacets(params);
    const unknown = unknownFacets(params);
    let query = normalise(raw, ids);
    let found = await pepFirst(search, query, chosen, await search.search(withFacets(query, chosen) || null));
    found = await arrange(search, await keepWhole(search, query, found), chosen, query, ids);
    let note = "";
    // When little is found, a word one typo away from a heading's word is searched too, and
    // whichever finds more is shown ("trsuted publishing" finds what "trusted publishing"
    // finds). The word list is fetched only then, so most queries never download it.
    // Pagefind drops a word that matches nothing and searches the rest, so a typo can also
    // hide behind many results: "trsuted publishing" finds every page about publishing.
    const unmatched = query ? await hasUnmatchedWord(search, query) : false;
    const fixed = query && (found.results.length < FEW || unmatched) ? await correction(query) : null;
    if (fixed) {
      const better = await search.search(withFacets(fixed, chosen));
      if (better.results.length > found.results.length || (unmatched && better.results.length)) {
        found = better;
        note = ` for “${fixed}” (you typed “${raw}”)`;
        query = fixed;
      }
    }
    await renderResults(found.results);
    facetBox.replaceChildren();
    shown = { query, chosen, counted: false };
    showChosen(chosen);
    filters.hidden = false;
    // Facets chosen in the address are shown open: the reader sees what narrows the results.
    if (Object.keys(chosen).length) {
      filters.open = true;
    }
    showFacets();
    const count = found.results.length;
    const more = count > 20 ? "; showing the first 20" : "";
    const ignored = unknown.length
      ? ` This site has no ${unknown.map(([key, value]) => `${key} “${value}”`).join(" or ")}; it was left out.`
      : "";
    const narrowed = Object.keys(chosen).length ? " with the filters you chose: choose “Any” for one of them" : "";
    status.textContent = count
      ? `${count} result${count === 1 ? "" : "s"}${note}${more}.${ignored}`
      : `No page matches “${raw}”${narrowed}. Try fewer words or a PEP number.${ignored}`;
  }

  // Arrows move from the box through the results; Enter follows the focused link.
  page.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
      return;
    }
    const links = Array.from(list.querySelectorAll("a.council-search__title"));
    if (!links.length) {
      return;
    }
    const at = links.indexOf(document.activeElement);
    if (event.target === input && event.key === "ArrowDown") {
      event.preventDefault();
      links[0].focus();
    } else if (at >= 0) {
      event.preventDefault();
      const next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) {
        input.focus();
      } else {
        links[Math.min(next, links.length - 1)].focus();
      }
    }
  });

  // After a search, the first result has the focus (Enter opens it, arrows move on); with no
  // result, the search box has it, to try again.
  function focusFirst() {
    const first = list.querySelector("a.council-search__title");
    (first || input).focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(formParams()).then(focusFirst);
  });
  run(new URLSearchParams(window.location.search)).then(focusFirst);
})();
