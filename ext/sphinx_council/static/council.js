/* Decisions index filter: narrows the table by status, area, year and PEP, in the browser.
   Without JavaScript every decision stays listed; the filter state lives in the URL query so a
   filtered view can be bookmarked and shared. */
(() => {
  "use strict";
  const index = document.querySelector(".council-decision-index");
  if (!index) return;
  const rows = Array.from(index.querySelectorAll("tr.council-row"));
  const groups = Array.from(index.querySelectorAll(".council-status-group"));
  const facets = [
    ["status", "Status"],
    ["area", "Area"],
    ["year", "Year"],
    ["pep", "PEP"],
  ];
  const labels = {
    "comment-period": "Open for comment",
  };

  const valuesOf = (row, facet) => {
    const prefix = `council-f-${facet}-`;
    return Array.from(row.classList)
      .filter((name) => name.startsWith(prefix))
      .map((name) => name.slice(prefix.length));
  };

  const optionLabel = (facet, value) => {
    if (facet === "pep") return `PEP ${value}`;
    if (facet === "status") {
      return labels[value] || value.charAt(0).toUpperCase() + value.slice(1);
    }
    return value;
  };

  const sortValues = (facet, values) => {
    if (facet === "pep") return values.sort((a, b) => Number(a) - Number(b));
    if (facet === "year") return values.sort().reverse();
    if (facet === "status") return values; // keep the page's group order
    return values.sort();
  };

  const form = document.createElement("form");
  form.className = "council-filter";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filter decisions");
  const selects = {};
  for (const [facet, label] of facets) {
    const seen = [];
    for (const row of rows) {
      for (const value of valuesOf(row, facet)) {
        if (!seen.includes(value)) seen.push(value);
      }
    }
    const wrapper = document.createElement("div");
    wrapper.className = "council-filter-field";
    const labelElement = document.createElement("label");
    labelElement.htmlFor = `council-filter-${facet}`;
    labelElement.textContent = label;
    const select = document.createElement("select");
    select.id = `council-filter-${facet}`;
    select.name = facet;
    select.add(new Option(`Any ${label.toLowerCase() === "pep" ? "PEP" : label.toLowerCase()}`, ""));
    for (const value of sortValues(facet, seen)) {
      select.add(new Option(optionLabel(facet, value), value));
    }
    wrapper.append(labelElement, select);
    form.append(wrapper);
    selects[facet] = select;
  }
  const reset = document.createElement("button");
  reset.type = "reset";
  reset.className = "council-filter-reset";
  reset.textContent = "Show all";
  form.append(reset);
  const count = document.createElement("p");
  count.className = "council-filter-count";
  count.setAttribute("aria-live", "polite");
  form.append(count);
  index.prepend(form);

  const apply = () => {
    const wanted = {};
    for (const [facet] of facets) wanted[facet] = selects[facet].value;
    let shown = 0;
    for (const row of rows) {
      const match = facets.every(
        ([facet]) => !wanted[facet] || valuesOf(row, facet).includes(wanted[facet]),
      );
      row.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector("tr.council-row:not([hidden])");
    }
    count.textContent = `Showing ${shown} of ${rows.length} decisions.`;
    const query = new URLSearchParams();
    for (const [facet] of facets) if (wanted[facet]) query.set(facet, wanted[facet]);
    const search = query.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  };

  const params = new URLSearchParams(location.search);
  for (const [facet] of facets) {
    const value = params.get(facet);
    if (value && Array.from(selects[facet].options).some((o) => o.value === value)) {
      selects[facet].value = value;
    }
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply, 0));
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
})();
