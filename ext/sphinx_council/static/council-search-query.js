// How the search page turns what a reader typed into Pagefind searches, and orders what they
// find: ids typed loosely, versions kept whole, easier pathways and a PEP's own page first, a
// typo corrected. Nothing here touches the page; council-search-page.js drives it.
"use strict";

window.councilSearchQuery = (() => {
  const root = window.councilSearchRoot;  // set by council-search.js, on every page before this

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
  async function arrange(search, found, chosen, query, ids) {
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

  // Words of the site's titles and headings, fetched for the first query that found little.
  let vocabulary = null;

  async function correction(query) {
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

  return { root, normalise, keepWhole, arrange, hasUnmatchedWord, indexWords, pepMarks, correction };
})();
