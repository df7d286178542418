// Search with Pagefind: "/" opens search on every page; on the search page, the query and the
// facets come from the address (search.html?q=PEP+751&kind=Decision), so a search can be
// linked, bookmarked and tested. The index is loaded only once the reader searches.
"use strict";

(() => {
  // Addresses are resolved against the page, not this script (import() would use the script's).
  const root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI).href;
  const dirhtml = typeof DOCUMENTATION_OPTIONS !== "undefined" && DOCUMENTATION_OPTIONS.BUILDER === "dirhtml";
  const searchPage = root + (dirhtml ? "search/" : "search.html");
  const FEW = 5;
  const FACETS = [
    ["kind", "Kind of page"],
    ["status", "Status"],
    ["area", "Area"],
    ["persona", "Who it is for"],
    ["year", "Year"],
  ];

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable='true']");
  }

  // "/" opens the theme's search dialog (Ctrl+K is the theme's own); elsewhere the search page.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    event.preventDefault();
    const field = document.getElementById("council-search-query");
    if (field) {
      field.focus();
      field.select();
      return;
    }
    const button = document.querySelector(".search-button__button");
    if (button && button.offsetParent !== null) {
      button.click();
    } else {
      window.location.href = searchPage;
    }
  });

  // How readers type ids: "pep751", "PEP-751", "pep 0751" mean PEP 751; "pc0011" means PC-0011.
  function normalise(query) {
    return query
      .replace(/\bpep[\s_-]*0*(\d{1,4})\b/gi, "PEP $1")
      .replace(/\b([a-z]{2,4})[\s_]?(\d{4})\b/gi, (match, prefix, digits) =>
        /^pep$/i.test(prefix) ? match : `${prefix.toUpperCase()}-${digits}`)
      .trim();
  }

  // One edit away (insert, delete, substitute, swap two neighbours): "trsuted" finds "trusted".
  function closeEnough(word, candidate) {
    if (Math.abs(word.length - candidate.length) > 1 || word === candidate) {
      return false;
    }
    const rows = [];
    for (let i = 0; i <= word.length; i++) {
      rows.push([i]);
      for (let j = 1; j <= candidate.length; j++) {
        if (i === 0) {
          rows[i].push(j);
          continue;
        }
        const cost = word[i - 1] === candidate[j - 1] ? 0 : 1;
        let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && word[i - 1] === candidate[j - 2] && word[i - 2] === candidate[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i].push(best);
      }
    }
    return rows[word.length][candidate.length] <= 1;
  }

  const page = document.querySelector(".council-search");
  if (!page) {
    return;
  }
  const form = page.querySelector("form");
  const input = document.getElementById("council-search-query");
  const layout = page.querySelector(".council-search__layout");
  const facetBox = document.getElementById("council-search-facets");
  const status = document.getElementById("council-search-status");
  const list = document.getElementById("council-search-results");
  layout.hidden = false;
  let pagefind = null;
  let vocabulary = null;
  let facetWords = {};

  async function engine() {
    if (!pagefind) {
      pagefind = await import(root + "pagefind/pagefind.js");
      await pagefind.options({ ranking: { termFrequency: 0.8 } });
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
    return [query, ...words].filter(Boolean).join(" ");
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

  async function correction(query) {
    // Words of the site's titles and headings, for a query that found little.
    if (!vocabulary) {
      const response = await fetch(root + "pagefind/council-words.json");
      vocabulary = response.ok ? await response.json() : [];
    }
    let changed = false;
    const words = query.split(/\s+/).map((word) => {
      const lower = word.toLowerCase();
      if (vocabulary.includes(lower)) {
        return word;
      }
      const fix = vocabulary.find((candidate) => closeEnough(lower, candidate));
      changed = changed || Boolean(fix);
      return fix || word;
    });
    return changed ? words.join(" ") : null;
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
        // Pagefind escapes the text and adds only <mark>; facet words are not for readers.
        summary.innerHTML = data.excerpt.replace(/\bzf[a-p]{11}q\b\s*/g, "");
      }
      item.append(summary);
      const sections = (data.sub_results || []).filter((sub) => sub.anchor && sub.url !== data.url);
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
    for (const box of facetBox.querySelectorAll("input:checked")) {
      if (box.value) {
        params.set(box.name, box.value);
      }
    }
    return params;
  }

  async function run(params) {
    const raw = (params.get("q") || "").trim();
    input.value = raw;
    history.replaceState(null, "", `${window.location.pathname}?${params.toString()}`);
    const asked = FACETS.some(([key]) => params.get(key));
    if (!raw && !asked) {
      status.textContent = "Type what you are looking for and press Enter.";
      list.replaceChildren();
      facetBox.replaceChildren();
      return;
    }
    status.textContent = "Searching…";
    const search = await engine();
    const chosen = chosenFacets(params);
    const unknown = unknownFacets(params);
    let query = normalise(raw);
    let found = await search.search(withFacets(query, chosen) || null);
    let note = "";
    // When little is found, a word one typo away from a heading's word is searched too, and
    // whichever finds more is shown ("trsuted publishing" finds what "trusted publishing"
    // finds). The word list is fetched only then, so most queries never download it.
    // Pagefind leaves out a word that matches nothing, so "trsuted publishing" finds all of
    // "publishing": a word that finds nothing alone counts as little found too.
    const lost = async () => {
      for (const word of query.split(/\s+/).filter(Boolean)) {
        if ((await search.search(word)).results.length === 0) return true;
      }
      return false;
    };
    const dropped = query.includes(" ") && (await lost());
    const fixed = query && (found.results.length < FEW || dropped) ? await correction(query) : null;
    if (fixed) {
      const better = await search.search(withFacets(fixed, chosen));
      if (better.results.length > found.results.length || (dropped && better.results.length)) {
        found = better;
        note = ` for “${fixed}” (you typed “${raw}”)`;
        query = fixed;
      }
    }
    await renderResults(found.results);
    renderFacets(chosen, await facetCounts(search, query, chosen));
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

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(formParams());
  });
  run(new URLSearchParams(window.location.search)).then(() => {
    if (!list.children.length) {
      input.focus();
    }
  });
})();
