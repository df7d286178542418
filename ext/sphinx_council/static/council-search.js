// Search with Pagefind, on every page: "/" opens the theme's search dialog, or the search page
// where the header has no dialog. The search page adds council-search-query.js (how a query
// becomes searches and how what they find is ordered) and council-search-page.js (the form,
// the filters and the results, from the address: search.html?q=PEP+751&kind=Decision).
"use strict";

(() => {
  // Addresses are resolved against the page, not this script (import() would use the script's).
  const root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI).href;
  const dirhtml = typeof DOCUMENTATION_OPTIONS !== "undefined" && DOCUMENTATION_OPTIONS.BUILDER === "dirhtml";
  const searchPage = root + (dirhtml ? "search/" : "search.html");
  // The search page's scripts come after this one and resolve their addresses from here.
  window.councilSearchRoot = root;

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
})();
