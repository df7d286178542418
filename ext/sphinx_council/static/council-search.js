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

  // How readers type ids: "pep751", "PEP-751", "pep 0751" mean PEP 751; "pc0011", "pc11" and
  // "PC 11" mean PC-0011 (the search page says what the site's record ids look like).
  function normalise(query, ids) {
    let text = query.replace(/\bpep[\s_-]*0*(\d{1,4})\b/gi, "PEP $1");
    if (ids) {
      const loose = new RegExp(`\\b${ids.prefix}[\\s_-]*0*(\\d{1,${ids.digits}})\\b`, "gi");
      text = text.replace(loose, (match, digits) =>
        `${ids.prefix}${ids.separator}${digits.padStart(ids.digits, "0")}`);
    }
    return text
      .replace(/\b([a-z]{2,4})[\s_]?(\d{4})\b/gi, (match, prefix, digits) =>
        /^pep$/i.test(prefix) ? match : `${prefix.toUpperCase()}-${digits}`)
      .trim();
  }

  // Digits inside a version or a word ("2.4", "py3") are one token to Pagefind ("24"), which
  // it would also match as the start of a longer number, such as PEP 241's. Such a token is
  // kept only where a page has it whole: a search for it in quotes is exact.
  function numberWords(query) {
    return query.split(/\s+/).filter((word) => /\d/.test(word) && /[^\d]/.test(word) &&
      !/^(?:PEP|[A-Z]+-\d+)$/.test(word));
  }

  async function keepWhole(search, query, found) {
    let results = found.results;
    for (const word of numberWords(query)) {
      const whole = await search.search(`"${word}"`);
      const ids = new Set(whole.results.map((result) => result.id));
      results = results.filter((result) => ids.has(result.id));
    }
    return { ...found, results };
  }

  // Among the pathways a search finds about as well (within a quarter of the score), the
  // easier comes first, in the places the pathways had: a newcomer asking how to publish a
  // package meets the first-release pathway before the maintainer's.
  const LEVELS = ["beginner", "intermediate", "advanced"];
  const CLOSE = 0.75;
  function easierFirst(results, data) {
    const slots = results.map((_, i) => i).filter((i) => data[i].meta.kind === "Pathway");
    const level = (i) => {
      const at = LEVELS.indexOf(data[i].meta.level);
      return at < 0 ? LEVELS.length : at;
    };
    const order = [];
    for (const i of slots) {
      let at = order.length;
      while (at > 0 && level(order[at - 1]) > level(i) &&
        results[i].score >= CLOSE * results[order[at - 1]].score) {
        at--;
      }
      order.splice(at, 0, i);
    }
    const arranged = [...results];
    slots.forEach((slot, k) => {
      arranged[slot] = results[order[k]];
    });
    return arranged;
  }

  // A decision about a PEP brings the PEP's page along, just before it: the standard, then
  // what the council recorded about it. Not for a record id (the record comes first) nor
  // within a kind of page the reader chose.
  async function arrange(search, found, chosen, query) {
    const top = found.results.slice(0, 20);
    const data = await Promise.all(top.map((result) => result.data()));
    const pathwaysFirst = easierFirst(top, data);
    const dataOf = new Map(top.map((result, i) => [result.id, data[i]]));
    if (chosen.kind || (ids && idPattern(ids).test(query))) {
      return { ...found, results: [...pathwaysFirst, ...found.results.slice(20)] };
    }
    const ordered = [];
    const placed = new Set();
    for (const result of pathwaysFirst) {
      const meta = dataOf.get(result.id).meta;
      if (meta.pep && meta.kind !== "PEP") {
        // The mark is on the PEP's page; a decision's metadata holds the number, and Pagefind
        // searches metadata too, so the page is told apart by its kind.
        const marked = (await search.search(pepMarks(meta.pep)[0])).results;
        const kinds = await Promise.all(marked.map((candidate) => candidate.data()));
        const pep = marked.find((_, j) => kinds[j].meta.kind === "PEP");
        if (pep && !placed.has(pep.id)) {
          ordered.push(pep);
          placed.add(pep.id);
        }
      }
      if (!placed.has(result.id)) {
        ordered.push(result);
        placed.add(result.id);
      }
    }
    const rest = found.results.slice(20).filter((result) => !placed.has(result.id));
    return { ...found, results: [...ordered, ...rest] };
  }

  function idPattern(shape) {
    return new RegExp(`^${shape.prefix}${shape.separator}\\d{${shape.digits}}$`, "i");
  }

  async function hasUnmatchedWord(search, query) {
    for (const word of query.split(/\s+/).filter((w) => w.length >= 4 && !/\d/.test(w))) {
      if (!(await search.search(word)).results.length) {
        return true;
      }
    }
    return false;
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
  let vocabulary = null;
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

  // "PEP" is on nearly every page, so its postings are among the largest chunks of the index
  // and grow with the history; a page that names PEP 517 has the word "517" too, so a query
  // that is a PEP number searches the number alone (its pages come first by their marks, see
  // pepFirst). In a longer query "PEP" stays, to rank pages that are about PEPs.
  function indexWords(query) {
    return query.replace(/^PEP (\d{1,4})$/, "$1");
  }

  // A query that is a PEP number puts the PEP's page and the decision about it first.
  const LETTERS = "abcdefghij";
  function pepMarks(query) {
    const match = /^(?:PEP )?0*(\d{1,4})$/.exec(query);
    if (!match) {
      return [];
    }
    const digits = match[1].padStart(4, "0").replace(/\d/g, (d) => LETTERS[Number(d)]);
    return [`zpage${digits}q`, `zdecides${digits}q`];
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
    found = await arrange(search, await keepWhole(search, query, found), chosen, query);
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
