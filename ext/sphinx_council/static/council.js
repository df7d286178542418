/* Decisions index filter: narrows the table by status, area and year, and by a text that
   matches a decision's id, title or PEP numbers, in the browser. Without JavaScript every
   decision stays listed and the page says so. The filter state lives in the URL query, so a
   filtered view can be bookmarked and shared; values the page does not know are named. */
(() => {
  "use strict";
  const index = document.querySelector(".council-decision-index");
  if (!index) return;
  index.querySelector(".council-filter-nojs")?.remove();
  const rows = Array.from(index.querySelectorAll("tr.council-row"));
  const groups = Array.from(index.querySelectorAll(".council-status-group"));
  const facets = [
    ["status", "Status"],
    ["area", "Area"],
    ["year", "Year"],
  ];

  const valuesOf = (row, facet) => {
    const prefix = `council-f-${facet}-`;
    return Array.from(row.classList)
      .filter((name) => name.startsWith(prefix))
      .map((name) => name.slice(prefix.length));
  };

  // Labels as the page shows them: the status badges' words and the area links' words.
  const labels = { status: {}, area: {}, year: {} };
  for (const row of rows) {
    const badge = row.querySelector(".council-badge");
    const [status] = valuesOf(row, "status");
    if (badge && status) labels.status[status] = badge.textContent.trim();
  }
  for (const anchor of index.querySelectorAll(".council-browse-area")) {
    const slug = Array.from(anchor.classList).find((name) => name.startsWith("council-a-"));
    if (slug) labels.area[slug.slice("council-a-".length)] = anchor.textContent.trim();
  }
  const labelOf = (facet, value) => labels[facet][value] || value;

  // What the text box searches in each row: its id, its title and its PEP numbers.
  const haystack = new Map(
    rows.map((row) => {
      const id = row.querySelector("td")?.textContent ?? "";
      const title = row.querySelector("td:nth-child(2) a")?.textContent ?? "";
      const peps = valuesOf(row, "pep").map((n) => `pep ${n} pep${n}`);
      return [row, `${id} ${title} ${peps.join(" ")}`.toLowerCase()];
    }),
  );

  const sortValues = (facet, values) => {
    if (facet === "year") return values.sort().reverse();
    if (facet === "status") return values; // keep the page's group order
    return values.sort((a, b) => labelOf(facet, a).localeCompare(labelOf(facet, b)));
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const form = element("form", "council-filter");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filter decisions");
  const textField = element("div", "council-filter-field council-filter-text");
  const textLabel = element("label", "", "Id, title or PEP");
  textLabel.htmlFor = "council-filter-q";
  const text = element("input");
  text.type = "search";
  text.id = "council-filter-q";
  text.name = "q";
  text.placeholder = "e.g. PC-0011, lock file, 751";
  text.autocomplete = "off";
  textField.append(textLabel, text);
  form.append(textField);
  const selects = {};
  for (const [facet, label] of facets) {
    const seen = [];
    for (const row of rows) {
      for (const value of valuesOf(row, facet)) {
        if (!seen.includes(value)) seen.push(value);
      }
    }
    const wrapper = element("div", "council-filter-field");
    const labelElement = element("label", "", label);
    labelElement.htmlFor = `council-filter-${facet}`;
    const select = element("select");
    select.id = `council-filter-${facet}`;
    select.name = facet;
    select.add(new Option(`Any ${label.toLowerCase()}`, ""));
    for (const value of sortValues(facet, seen)) {
      select.add(new Option(labelOf(facet, value), value));
    }
    wrapper.append(labelElement, select);
    form.append(wrapper);
    selects[facet] = select;
  }
  const reset = element("button", "council-filter-reset", "Show all");
  reset.type = "reset";
  form.append(reset);
  const unknown = element("p", "council-filter-unknown");
  unknown.hidden = true;
  const count = element("p", "council-filter-count");
  count.setAttribute("aria-live", "polite");
  form.append(unknown, count);
  const empty = element("p", "council-filter-empty");
  empty.hidden = true;
  index.querySelector(".council-badge-legend")?.before(form);
  if (!form.isConnected) index.prepend(form);
  form.after(empty);

  const describe = (wanted, query) => {
    const parts = facets
      .filter(([facet]) => wanted[facet])
      .map(([facet, label]) => `${label.toLowerCase()} “${labelOf(facet, wanted[facet])}”`);
    if (query) parts.push(`the text “${query}”`);
    return parts.join(", ");
  };

  const apply = () => {
    const wanted = {};
    for (const [facet] of facets) wanted[facet] = selects[facet].value;
    const query = text.value.trim();
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const match =
        facets.every(([facet]) => !wanted[facet] || valuesOf(row, facet).includes(wanted[facet])) &&
        words.every((word) => haystack.get(row).includes(word));
      row.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of groups) {
      const visible = group.querySelectorAll("tr.council-row:not([hidden])").length;
      group.hidden = visible === 0;
      const groupCount = group.querySelector(".council-group-count");
      if (groupCount) groupCount.textContent = String(visible);
    }
    count.textContent = `Showing ${shown} of ${rows.length} decisions.`;
    empty.hidden = shown > 0;
    empty.textContent =
      shown > 0
        ? ""
        : `No decision matches ${describe(wanted, query)}. Choose “Any” in a list, shorten ` +
          "the text, or press “Show all”.";
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const [facet] of facets) if (wanted[facet]) params.set(facet, wanted[facet]);
    const search = params.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  };

  // A shared address sets the filter; a value no decision has is named, not silently dropped.
  const params = new URLSearchParams(location.search);
  const ignored = [];
  for (const [facet, label] of facets) {
    const value = params.get(facet);
    if (!value) continue;
    if (Array.from(selects[facet].options).some((o) => o.value === value)) {
      selects[facet].value = value;
    } else {
      ignored.push(`${label.toLowerCase()} “${value}”`);
    }
  }
  const pep = params.get("pep");
  text.value = params.get("q") || (pep ? `PEP ${pep}` : "");
  if (ignored.length) {
    unknown.textContent =
      `The address asks for ${ignored.join(" and ")}, which no decision has; ` +
      "that part of the filter is left out.";
    unknown.hidden = false;
  }
  form.addEventListener("change", apply);
  text.addEventListener("input", apply);
  form.addEventListener("reset", () => {
    unknown.hidden = true;
    setTimeout(apply, 0);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
})();
