/* Pathway pages: progress ticks kept in this browser's localStorage (no account, nothing sent
   anywhere), a copy button for checkpoint commands, and a print button. Without JavaScript the
   page is complete: ticks are plain checkboxes and commands are selectable text. */
(() => {
  "use strict";
  const ticks = Array.from(document.querySelectorAll("input[data-council-pathway]"));
  const storeKey = (pathway) => `council-progress:${pathway}`;

  const load = (pathway) => {
    try {
      const saved = JSON.parse(window.localStorage.getItem(storeKey(pathway)) || "[]");
      return new Set(Array.isArray(saved) ? saved : []);
    } catch (error) {
      return new Set();
    }
  };

  const save = (pathway, done) => {
    try {
      window.localStorage.setItem(storeKey(pathway), JSON.stringify(Array.from(done).sort()));
    } catch (error) {
      /* storage disabled: ticks still work for this visit */
    }
  };

  const summary = document.querySelector(".council-progress");
  let status = null;
  if (summary && ticks.length) {
    status = document.createElement("span");
    status.className = "council-progress-status";
    status.setAttribute("aria-live", "polite");
    summary.append(" ", status);
  }

  // The overview list at the top marks the steps already done.
  const overviewItem = (tick) => {
    const section = tick.closest("section");
    if (!section || !section.id) return null;
    const anchor = document.querySelector(`.council-step-overview a[href="#${section.id}"]`);
    return anchor ? anchor.closest("li") : null;
  };

  const refresh = () => {
    for (const tick of ticks) {
      const item = overviewItem(tick);
      if (!item) continue;
      let mark = item.querySelector(".council-done-mark");
      if (tick.checked && !mark) {
        mark = document.createElement("span");
        mark.className = "council-done-mark";
        mark.textContent = " ✓ done";
        item.querySelector("p").append(mark);
      } else if (!tick.checked && mark) {
        mark.remove();
      }
    }
    if (!status) return;
    const done = ticks.filter((tick) => tick.checked).length;
    status.textContent = `${done} of ${ticks.length} done.`;
  };

  for (const tick of ticks) {
    const pathway = tick.dataset.councilPathway;
    tick.checked = load(pathway).has(tick.dataset.councilStep);
    tick.addEventListener("change", () => {
      const done = load(pathway);
      if (tick.checked) done.add(tick.dataset.councilStep);
      else done.delete(tick.dataset.councilStep);
      save(pathway, done);
      refresh();
    });
  }
  refresh();

  if (summary && ticks.length) {
    const actions = document.createElement("div");
    actions.className = "council-actions";
    const print = document.createElement("button");
    print.type = "button";
    print.textContent = "Print as a checklist";
    print.addEventListener("click", () => window.print());
    const reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "Clear my progress";
    reset.addEventListener("click", () => {
      for (const tick of ticks) tick.checked = false;
      save(ticks[0].dataset.councilPathway, new Set());
      refresh();
    });
    actions.append(print, reset);
    summary.after(actions);
  }

  // Persona cards show the progress kept in this browser, if any.
  for (const card of document.querySelectorAll("[class*='council-card-pathway-']")) {
    const classOf = (prefix) =>
      Array.from(card.classList).find((name) => name.startsWith(prefix))?.slice(prefix.length);
    const pathway = classOf("council-card-pathway-");
    const total = Number(classOf("council-card-steps-"));
    const done = Math.min(load(pathway).size, total);
    if (!pathway || !done) continue;
    const note = document.createElement("p");
    note.className = "council-card-progress";
    note.textContent = done === total ? "You have done every step." : `You have done ${done} of ${total} steps.`;
    card.querySelector(".sd-card-body").append(note);
  }

  for (const block of document.querySelectorAll(".council-command")) {
    const pre = block.querySelector("pre");
    if (!pre) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "council-copy";
    button.textContent = "Copy command";
    const note = document.createElement("span");
    note.setAttribute("aria-live", "polite");
    note.className = "council-copy-note";
    button.addEventListener("click", async () => {
      const text = pre.innerText.trim();
      try {
        await navigator.clipboard.writeText(text);
        note.textContent = " Copied.";
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(pre);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        note.textContent = " Selected: press Ctrl+C to copy.";
      }
    });
    block.after(button, note);
  }
})();
