// A small calendar beside every date box ([data-datepicker]); the date stays typed as
// dd/mm/yyyy and the words come from the box's data attributes. No inline script or style.
(() => {
  const pad = (n) => String(n).padStart(2, "0");
  const parse = (text) => {
    const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || "");
    if (m) return new Date(+m[3], +m[2] - 1, +m[1]);
    const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text || "");
    return iso ? new Date(+iso[1], +iso[2] - 1, +iso[3]) : null;
  };
  const make = (tag, props = {}, text = "") => {
    const el = document.createElement(tag);
    Object.assign(el, props);
    if (text) el.textContent = text;
    return el;
  };

  const setUp = (input) => {
    const d = input.dataset;
    const button = make("button", { type: "button", className: "date-picker-open" }, "📅");
    button.setAttribute("aria-label", d.pickerOpen);
    button.title = d.pickerOpen;
    const box = make("div", { className: "date-picker", hidden: true });
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", d.pickerOpen);
    input.after(button, box);
    let shown = new Date();

    const close = () => {
      box.hidden = true;
      button.setAttribute("aria-expanded", "false");
    };
    const draw = () => {
      box.replaceChildren();
      const head = make("div", { className: "date-picker-head" });
      const previous = make("button", { type: "button" }, "‹");
      previous.setAttribute("aria-label", d.pickerPrevious);
      const next = make("button", { type: "button" }, "›");
      next.setAttribute("aria-label", d.pickerNext);
      const title = make("span", {}, `${d.pickerMonth} ${shown.getMonth() + 1}/${shown.getFullYear()}`);
      title.setAttribute("aria-live", "polite");
      previous.addEventListener("click", () => {
        shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1);
        draw();
      });
      next.addEventListener("click", () => {
        shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1);
        draw();
      });
      head.append(previous, title, next);
      const grid = make("table", { className: "date-picker-grid" });
      const names = make("tr");
      for (const name of (d.pickerDays || "").split(/\s+/)) names.append(make("th", {}, name));
      grid.append(names);
      const first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      const offset = (first.getDay() + 6) % 7; // weeks start on Monday
      const days = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      const chosen = parse(input.value);
      let row = make("tr");
      for (let i = 0; i < offset; i += 1) row.append(make("td"));
      for (let day = 1; day <= days; day += 1) {
        const cell = make("td");
        const pick = make("button", { type: "button" }, String(day));
        const text = `${pad(day)}/${pad(shown.getMonth() + 1)}/${shown.getFullYear()}`;
        pick.setAttribute("aria-label", text);
        if (chosen && chosen.getTime() === new Date(shown.getFullYear(), shown.getMonth(), day).getTime()) {
          pick.setAttribute("aria-pressed", "true");
        }
        pick.addEventListener("click", () => {
          input.value = text;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          input.dispatchEvent(new Event("change", { bubbles: true }));
          close();
          input.focus();
        });
        cell.append(pick);
        row.append(cell);
        if ((offset + day) % 7 === 0) {
          grid.append(row);
          row = make("tr");
        }
      }
      if (row.children.length) grid.append(row);
      const shut = make("button", { type: "button", className: "date-picker-close" }, d.pickerClose);
      shut.addEventListener("click", () => {
        close();
        button.focus();
      });
      box.append(head, grid, shut);
    };

    button.addEventListener("click", () => {
      if (!box.hidden) {
        close();
        return;
      }
      const chosen = parse(input.value);
      shown = chosen ? new Date(chosen.getFullYear(), chosen.getMonth(), 1) : new Date();
      draw();
      box.hidden = false;
      button.setAttribute("aria-expanded", "true");
      (box.querySelector("[aria-pressed]") || box.querySelector(".date-picker-grid button")).focus();
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        close();
        button.focus();
      }
    });
    document.addEventListener("click", (event) => {
      // The path is taken when the click starts: a month button redrawn away still counts.
      const path = event.composedPath();
      if (!box.hidden && !path.includes(box) && !path.includes(button)) close();
    });
  };

  const start = (root) => {
    for (const input of root.querySelectorAll("input[data-datepicker]:not([data-picker-ready])")) {
      input.dataset.pickerReady = "1";
      setUp(input);
    }
  };
  start(document);
  document.addEventListener("htmx:afterSettle", (event) => start(event.target));
})();
