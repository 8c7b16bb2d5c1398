"use strict";
// The timeline: the view's dates on a linear time axis. A date known only to the year, the month or a range
// is drawn as a faint band over all of it; a thing with a start and an end as a bar, an open end as an arrow.
// When most dates crowd into a small part of the period (the article: 1906-2004, most in Jan-Feb 2004),
// the axis is broken in two marked parts, the whole period and that part enlarged, each with its own ticks.
function makeTimeline({page, label, focus, el, svg, weakDate}) {
  const DAY = 86400000, LANE = 17, AXIS = 34, GAP = 30, TICK_GAP = 6;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const time = iso => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  const span = row => [time(row.earliest), time(row.latest) + DAY];
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = "11px DejaVu Sans, Verdana, sans-serif";

  // One item per dated point, one per thing with a start or an end (its start and end rows together).
  const items = [];
  const byEntity = {};
  page.timeline.forEach((row, i) => (byEntity[row.entity] = byEntity[row.entity] || []).push(i));
  for (const [entity, rows] of Object.entries(byEntity)) {
    rows.filter(i => page.timeline[i].relation === "date").forEach(i => items.push({entity, point: i}));
    const starts = rows.filter(i => page.timeline[i].relation === "startDate");
    const ends = rows.filter(i => page.timeline[i].relation === "endDate");
    if (starts.length || ends.length) items.push({entity, starts, ends});
  }

  // The narrowest of the rows the filters leave (the most precise the text gives), or null.
  function narrowest(rows, state) {
    const left = rows.filter(i => state(i) !== "hidden");
    if (!left.length) return null;
    const width = i => span(page.timeline[i])[1] - span(page.timeline[i])[0];
    return left.reduce((best, i) => (width(i) < width(best) ? i : best));
  }

  // What an item shows under the filters: its dates, its extent, the start and end drawn (the most precise of
  // those the text gives); null when none of its dates shows.
  function layout(item, state) {
    if (item.point !== undefined) {
      return state(item.point) === "shown" ? {...item, rows: [item.point], extent: span(page.timeline[item.point])} : null;
    }
    const start = narrowest(item.starts, state), end = narrowest(item.ends, state);
    const rows = [...item.starts, ...item.ends].filter(i => state(i) === "shown");
    if (!rows.length) return null;
    const from = start === null ? null : span(page.timeline[start]), to = end === null ? null : span(page.timeline[end]);
    return {...item, rows, start, end, from, to, extent: [(from || to)[0], (to || from)[1]]};
  }

  function ticks(t0, t1, width) {
    const years = (t1 - t0) / (365.25 * DAY), room = Math.max(2, Math.floor(width / 70));
    const found = [];
    const first = new Date(t0);
    if (years > 3) {
      const step = [1, 2, 5, 10, 20, 25, 50, 100].find(s => years / s <= room) || 100;
      for (let y = Math.ceil(first.getUTCFullYear() / step) * step; Date.UTC(y, 0, 1) <= t1; y += step) {
        if (Date.UTC(y, 0, 1) >= t0) found.push([Date.UTC(y, 0, 1), String(y)]);
      }
    } else if ((t1 - t0) / DAY > 75) {
      const step = [1, 2, 3, 6].find(s => (t1 - t0) / (30.4 * DAY * s) <= room) || 12;
      for (let m = first.getUTCFullYear() * 12 + first.getUTCMonth(); Date.UTC(Math.floor(m / 12), m % 12, 1) <= t1; m++) {
        const at = Date.UTC(Math.floor(m / 12), m % 12, 1);
        if (at >= t0 && m % step === 0) found.push([at, `${MONTHS[m % 12]} ${Math.floor(m / 12)}`]);
      }
    } else {
      const step = [1, 2, 7, 14].find(s => (t1 - t0) / (DAY * s) <= room) || 28;
      for (let at = Math.ceil(t0 / DAY) * DAY; at <= t1; at += DAY) {
        const day = new Date(at);
        if (Math.round(at / DAY) % step === 0) {
          found.push([at, `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}` + (found.length ? "" : ` ${day.getUTCFullYear()}`)]);
        }
      }
    }
    return found;
  }

  function words(t0, t1) {
    const day = t => { const d = new Date(t); return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`; };
    return `${day(t0)} – ${day(t1 - DAY)}`;
  }

  function unit(t0, t1) {
    return (t1 - t0) / DAY > 3 * 366 ? "years" : (t1 - t0) / DAY > 75 ? "months" : "days";
  }

  // The shortest stretch holding at least 80% of the dates known within two months (a date known only
  // to the year says nothing of where in it): enlarged when under a tenth of the whole period.
  function crowded(shown, t0, t1) {
    const middles = shown.flatMap(item => item.rows.map(i => span(page.timeline[i])))
      .filter(([a, b]) => b - a <= 62 * DAY).map(([a, b]) => (a + b) / 2).sort((a, b) => a - b);
    const count = Math.ceil(0.8 * middles.length);
    if (middles.length < 8) return null;
    let best = null;
    for (let i = 0; i + count - 1 < middles.length; i++) {
      const length = middles[i + count - 1] - middles[i];
      if (!best || length < best[1] - best[0]) best = [middles[i], middles[i + count - 1]];
    }
    if ((best[1] - best[0]) * 10 > t1 - t0) return null;
    const pad = Math.max(2 * DAY, (best[1] - best[0]) * 0.1);
    return [Math.max(t0, Math.floor((best[0] - pad) / DAY) * DAY), Math.min(t1, Math.ceil((best[1] + pad) / DAY) * DAY)];
  }

  function tooltip(item) {
    const rows = item.rows.map(i => page.timeline[i]);
    const named = {date: "date", startDate: "began", endDate: "ended"};
    const lines = rows.map(r => `${named[r.relation]}: ${r.when} (${r.precision})` + (weakDate(r) ? ` · ${weakDate(r)}` : ""));
    if (item.starts && item.start === null) lines.push("the text gives no start");
    if (item.starts && item.end === null) lines.push("the text gives no end");
    return [label(item.entity), ...lines, "click to find it in the network"].join("\n");
  }

  function note(item) {
    const weak = item.rows.map(i => weakDate(page.timeline[i])).filter(Boolean);
    return (weak.length ? ` · ${weak[0]}` : "") + (item.starts && item.start === null ? " · no start given" : "")
      + (item.starts && item.end === null ? " · no end given" : "");
  }

  // An item drawn in one part of the axis at height y, clipped to the part with a chevron where it goes on.
  function mark(item, part, y) {
    const x = t => part.x0 + (Math.min(Math.max(t, part.t0), part.t1) - part.t0) / (part.t1 - part.t0) * (part.x1 - part.x0);
    const shapes = [];
    const band = ([a, b], cls) => shapes.push(svg("rect", {class: cls, x: x(a), y: y + 10, height: 6,
      width: Math.max(3, x(b) - x(a))}));
    let left = x(item.extent[0]);
    if (item.point !== undefined) {
      if (page.timeline[item.point].precision === "day") {
        const c = (x(item.extent[0]) + x(item.extent[1])) / 2;
        shapes.push(svg("polygon", {class: "day", points: `${c},${y + 7} ${c + 5},${y + 13} ${c},${y + 19} ${c - 5},${y + 13}`}));
        left = c - 5;
      } else band(item.extent, "imprecise");
    } else {
      if (item.from) band(item.from, "imprecise");
      if (item.to) band(item.to, "imprecise");
      const core = [item.from ? item.from[1] : item.to[0], item.to ? item.to[0] : part.t1];
      if (core[1] > core[0]) band(core, "bar");
      if (!item.to) {
        shapes.push(svg("polygon", {class: "open", points: `${part.x1},${y + 13} ${part.x1 - 7},${y + 8} ${part.x1 - 7},${y + 18}`}));
      }
      if (!item.from) {
        left = x(item.to[0]) - 22;
        shapes.push(svg("line", {class: "open-start", x1: left + 6, y1: y + 13, x2: x(item.to[0]), y2: y + 13}),
          svg("polygon", {class: "open", points: `${left},${y + 13} ${left + 7},${y + 8} ${left + 7},${y + 18}`}));
      }
    }
    if (item.extent[0] < part.t0) shapes.push(svg("text", {class: "clip", x: part.x0 + 1, y: y + 18}, document.createTextNode("‹")));
    if (item.extent[1] > part.t1 && item.to) shapes.push(svg("text", {class: "clip", x: part.x1 - 6, y: y + 18}, document.createTextNode("›")));
    const text = label(item.entity) + note(item), width = measure.measureText(text).width;
    const at = Math.max(part.x0, Math.min(Math.max(left, part.x0), part.x1 - width));
    const weak = item.rows.some(i => page.timeline[i].layer !== "facts");
    const g = svg("g", {class: "event" + (weak ? " weak" : ""), "data-entity": item.entity, tabindex: 0, role: "button",
      "data-dates": item.rows.map(i => page.timeline[i].when).join("|")},
      svg("title", {}, document.createTextNode(tooltip(item))), ...shapes,
      svg("text", {class: "what", x: at, y: y + 8}, document.createTextNode(text)));
    g.addEventListener("click", () => focus(item.entity));
    g.addEventListener("keydown", event => { if (event.key === "Enter") focus(item.entity); });
    return {g, left: Math.min(at, left), right: Math.max(x(item.extent[1]), at + width + 8)};
  }

  // The items of one part in lanes, each item in the first lane where it overlaps nothing; the part's ticks.
  function drawPart(part, list, lanesSvg, axisSvg) {
    const lanes = [];
    list.sort((a, b) => a.extent[0] - b.extent[0] || a.extent[1] - b.extent[1] || a.entity.localeCompare(b.entity));
    for (const item of list) {
      const probe = mark(item, part, 0);
      let lane = lanes.findIndex(end => end <= probe.left);
      if (lane < 0) lane = lanes.push(0) - 1;
      lanes[lane] = probe.right;
      lanesSvg.append(mark(item, part, lane * LANE + 2).g);
    }
    for (const g of lanesSvg.querySelectorAll(".event:not([clip-path])")) g.setAttribute("clip-path", `url(#${part.clip})`);
    lanesSvg.append(svg("clipPath", {id: part.clip}, svg("rect", {x: part.x0 - 6, y: 0, width: part.x1 - part.x0 + 12, height: "100%"})));
    let free = part.x0;
    for (const [at, text] of ticks(part.t0, part.t1, part.x1 - part.x0)) {
      const x = part.x0 + (at - part.t0) / (part.t1 - part.t0) * (part.x1 - part.x0);
      // a label with no room left of the part's end sits left of its tick; a tick whose label would meet
      // the previous label or run past the part's ends is left out
      const width = measure.measureText(text).width, room = part.x1 - x > width + 4;
      const left = room ? x + 2 : x - 2 - width;
      if (left < free || left + width > part.x1) continue;
      free = left + width + TICK_GAP;
      axisSvg.append(svg("line", {class: "tick", x1: x, x2: x, y1: AXIS - 8, y2: AXIS}));
      axisSvg.append(svg("text", {class: "tick-label", x: room ? x + 2 : x - 2, y: AXIS - 10,
        "text-anchor": room ? "start" : "end"}, document.createTextNode(text)));
      lanesSvg.prepend(svg("line", {class: "grid", x1: x, x2: x, y1: 0, y2: "100%"}));
    }
    axisSvg.append(svg("line", {class: "axis", x1: part.x0, x2: part.x1, y1: AXIS - 1, y2: AXIS - 1}),
      svg("text", {class: "part", x: part.x0, y: 10}, document.createTextNode(part.title)));
    return lanes.length;
  }

  // Draw the dates the filters leave (state(row) is "shown", "outside" the time slice or "hidden") on an axis
  // over them, narrowed to the time slice [from, to] when one is set; returns how many dates it drew.
  let drawn = null, selected = null;
  function draw(state, from, to) {
    drawn = [state, from, to];
    const box = document.getElementById("timeline-axis");
    const shown = items.map(item => layout(item, state)).filter(Boolean);
    box.replaceChildren();
    if (!shown.length) return 0;
    let t0 = Math.min(...shown.map(i => i.extent[0])), t1 = Math.max(...shown.map(i => i.extent[1]));
    if (from) t0 = Math.max(t0, time(from));
    if (to) t1 = Math.min(t1, time(to) + DAY);
    const width = Math.max(400, box.clientWidth - 24), zoom = crowded(shown, t0, t1), split = 8 + Math.round(0.34 * width);
    const parts = zoom ? [
      {clip: "timeline-context", x0: 8, x1: split, t0, t1, title: `${words(t0, t1)}, in ${unit(t0, t1)}`},
      {clip: "timeline-detail", x0: split + GAP, x1: width, t0: zoom[0], t1: zoom[1],
        title: `// the shaded part enlarged: ${words(...zoom)}, in ${unit(...zoom)}, on a scale of its own`},
    ] : [{clip: "timeline-whole", x0: 8, x1: width, t0, t1, title: `${words(t0, t1)}, in ${unit(t0, t1)}`}];
    const axisSvg = svg("svg", {class: "axis-svg", width: width + 8, height: AXIS});
    const lanesSvg = svg("svg", {class: "lanes-svg", width: width + 8});
    let lanes = 0;
    parts.forEach((part, n) => {
      const inside = shown.filter(i => (n === 0 && zoom) ? !(i.extent[0] >= zoom[0] && i.extent[1] <= zoom[1])
        : i.extent[1] > part.t0 && i.extent[0] < part.t1);
      lanes = Math.max(lanes, drawPart(part, inside, lanesSvg, axisSvg));
    });
    if (zoom) {
      const context = parts[0], x = t => context.x0 + (t - t0) / (t1 - t0) * (context.x1 - context.x0);
      const shade = {class: "zoomed", x: x(zoom[0]) - 1, width: Math.max(3, x(zoom[1]) - x(zoom[0]) + 2)};
      lanesSvg.prepend(svg("rect", {...shade, y: 0, height: "100%"}));
      axisSvg.prepend(svg("rect", {...shade, y: 12, height: AXIS - 12}));
      axisSvg.append(svg("text", {class: "break", x: split + GAP / 2 - 7, y: AXIS - 3}, document.createTextNode("//")));
      lanesSvg.append(svg("line", {class: "break-line", x1: split + GAP / 2, x2: split + GAP / 2, y1: 0, y2: "100%"}));
    }
    lanesSvg.setAttribute("height", Math.max(1, lanes) * LANE + 6);
    box.append(axisSvg, el("div", {class: "lanes"}, lanesSvg));
    markSelected(false);
    return shown.reduce((n, item) => n + item.rows.length, 0);
  }

  // The selected entity's items marked, and scrolled to when asked.
  function markSelected(scroll) {
    let first = null;
    for (const item of document.querySelectorAll("#timeline-axis .event, #undated li")) {
      const on = item.dataset.entity === selected;
      item.classList.toggle("current", on);
      if (on && !first) first = item;
    }
    if (first && scroll) first.scrollIntoView({block: "nearest", inline: "nearest"});
  }

  function select(id) {
    selected = id;
    markSelected(true);
  }

  // The axis follows the width of the window, drawn again once the resizing pauses.
  let resizing = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => { if (drawn) draw(...drawn); }, 150);
  });

  return {draw, select};
}
