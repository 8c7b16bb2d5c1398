"use strict";
// Every text from the data goes into the page as a DOM text node; nothing is parsed as HTML.
(function () {
  const page = readJson("page-data");
  const nodes = new vis.DataSet(readJson("vis-nodes"));
  const edges = new vis.DataSet(readJson("vis-edges"));
  const OPTIONS = readJson("vis-options");
  const network = new vis.Network(document.getElementById("network"), {nodes, edges}, OPTIONS);
  const NO_FACTION = "";
  const SVG = "http://www.w3.org/2000/svg";
  const STATUS_WORDS = {stated: "stated by the author", reported: "reported", rumour: "rumour",
    estimate: "estimate", argument: "author’s argument", prediction: "prediction",
    speculation: "speculation"};
  // How the page names whom a claim is attributed to; the author's own statuses show the author in brackets.
  const ATTRIBUTION = {reported: "according to", rumour: "according to", prediction: "by", estimate: "by"};
  const LAYER_WORDS = {reported: "date reported", hedged: "date predicted or speculated", rumour: "rumoured date"};
  const factionIds = new Set(page.legend.factions.map(f => f.id));
  const colourOf = Object.fromEntries(page.legend.factions.map(f => [f.id, f.colour]));
  const actorStyle = page.legend.kinds.find(k => k.kind === "actor");
  let memberships = {};
  const datesOf = {};
  page.timeline.forEach(row => (datesOf[row.entity] = datesOf[row.entity] || []).push(row));
  const dates = Object.values(page.assertions).flatMap(a => [a.earliest, a.latest]).filter(Boolean).sort();
  const filters = {};
  let current = null;
  let chosen = null;  // the statement an address (#statement=ID) asked for, marked in the panel
  window.factiongraph = {network, nodes, edges, page, filters, ready: false};

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? "" : String(value));
    }
    return append(element, children);
  }

  function append(element, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function fill(id, ...children) {
    const element = document.getElementById(id);
    element.replaceChildren();
    return append(element, children);
  }

  function svg(tag, attributes, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    children.forEach(child => element.appendChild(child));
    return element;
  }

  function label(id) {
    return page.labels[id] || (page.entities[id] && page.entities[id].label) || id;
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
  }

  // ---- filters -------------------------------------------------------------------------------

  function everything() {
    return {types: new Set(Object.values(page.entities).map(e => e.type)), factions: new Set([NO_FACTION, ...factionIds]),
      relations: new Set(Object.values(page.links).map(l => l.relation)), statuses: new Set(page.statuses)};
  }
  const unfiltered = everything();

  function resetFilters() {
    Object.assign(filters, everything());
    filters.from = dates[0] || "";
    filters.to = dates[dates.length - 1] || "";
    filters.undated = true;
    filters.rule = page.rules[0].name;
    filters.around = null;
    filters.opening = false;
  }

  function currentRule() {
    return page.rules.find(r => r.name === filters.rule);
  }

  // The factions an actor is drawn in: a faction counts in itself; any other membership needs an
  // fg:inFaction statement that the evidence rule admits and the filters show.
  function factionsOf(id) {
    const layers = new Set(currentRule().layers);
    const found = new Set(factionIds.has(id) ? [id] : []);
    for (const key of page.entities[id].about) {
      const a = page.assertions[key];
      if (a && a.relation === "inFaction" && a.subject === id && layers.has(a.layer) && statementShown(key)) found.add(a.object);
    }
    return [...found].sort();
  }

  function declaredFactions(id) {
    return (memberships[id] || []).filter(f => f !== id);
  }

  function weakDate(row) {
    return row.layer === "facts" ? "" : LAYER_WORDS[row.layer] + (row.by.length ? ` by ${row.by.join(", ")}` : "");
  }

  function statementShown(key) {
    const a = page.assertions[key];
    if (!a) return true;
    if (!filters.statuses.has(a.status)) return false;
    if (!a.earliest) return filters.undated;
    return (!filters.from || a.latest >= filters.from) && (!filters.to || a.earliest <= filters.to);
  }

  function ownDatesShown(id) {
    const rows = (datesOf[id] || []).filter(r => r.statements.some(k => filters.statuses.has(page.assertions[k].status)));
    return rows.length === 0 || rows.some(r => (!filters.from || r.latest >= filters.from) && (!filters.to || r.earliest <= filters.to));
  }

  function nodeShown(id) {
    const e = page.entities[id];
    if (filters.around && !filters.around.has(id)) return false;
    if (!filters.types.has(e.type)) return false;
    if (e.kind === "actor") {
      const own = memberships[id];
      if (own.length ? !own.some(f => filters.factions.has(f)) : !filters.factions.has(NO_FACTION)) return false;
    }
    if (e.about.length && !e.about.some(statementShown)) return false;
    return ownDatesShown(id);
  }

  function edgeShown(id, shownNodes) {
    const link = page.links[id];
    return filters.relations.has(link.relation) && shownNodes.has(link.subject) && shownNodes.has(link.object)
      && (link.statements.length === 0 || link.statements.some(statementShown));
  }

  // Whether a filter leaves anything out; then a node left without a visible edge is left out too.
  function narrowed() {
    return Object.keys(unfiltered).some(group => filters[group].size < unfiltered[group].size) || filters.around !== null
      || !filters.undated || filters.from !== (dates[0] || "") || filters.to !== (dates[dates.length - 1] || "");
  }

  function drawn(id) {
    const own = memberships[id];
    const faction = own && (colourOf[id] ? id : own.find(f => colourOf[f]));
    const fill = faction ? colourOf[faction] : page.entities[id].kind === "actor" ? actorStyle.fill : null;
    return {value: currentRule().values[id], fill};
  }

  // Labels of the opening's few actors drawn larger, as the view holds room for them.
  function labelSizes() {
    const label = OPTIONS.nodes.scaling.label;
    network.setOptions({nodes: {scaling: {label: filters.opening ? {...label, min: 20, max: 40} : label}}});
  }

  function applyFilters() {
    if (page.opening) labelSizes();
    if (page.opening) document.getElementById("show-whole").textContent = filters.opening ? "Show the whole graph"
      : `Open on the ${page.opening.actors.length} most tied actors again`;
    memberships = Object.fromEntries(Object.keys(page.entities).filter(id => page.entities[id].kind === "actor")
      .map(id => [id, factionsOf(id)]));
    const passed = new Set(nodes.getIds().filter(nodeShown));
    const shownEdges = new Set(edges.getIds().filter(id => edgeShown(id, passed)));
    const linked = new Set(edges.get([...shownEdges]).flatMap(e => [e.from, e.to]));
    const shown = narrowed() ? new Set([...passed].filter(id => linked.has(id))) : passed;
    const changed = (item, show) => Boolean(item.hidden) === show;
    nodes.update(nodes.get().filter(n => changed(n, shown.has(n.id))).map(n => ({id: n.id, hidden: !shown.has(n.id)})));
    nodes.update(nodes.get().map(n => [n, drawn(n.id)])
      .filter(([n, now]) => n.value !== now.value || (now.fill && n.color.background !== now.fill))
      .map(([n, now]) => ({id: n.id, value: now.value, color: now.fill ? {background: now.fill,
        highlight: {background: now.fill, border: "#111111"}, hover: {background: now.fill, border: "#111111"}} : n.color})));
    edges.update(edges.get().filter(e => changed(e, shownEdges.has(e.id))).map(e => ({id: e.id, hidden: !shownEdges.has(e.id)})));
    document.getElementById("counts").textContent =
      `${shown.size} of ${nodes.length} nodes · ${shownEdges.size} of ${edges.length} edges shown`;
    document.getElementById("scope-count").textContent = scopeWords(shown.size, shownEdges.size)
      + unlinkedWords(filters.opening ? page.opening.actors.filter(id => passed.has(id) && !shown.has(id)) : []);
    filterTimeline(shown);
    if (current) current.show(current.id, current.statement);
  }

  // A filter a person changed: apply it and fit the view to what is left.
  function refilter() {
    applyFilters();
    fitView({duration: 300, easingFunction: "easeInOutQuad"});
  }

  // Fit the view to what is shown; the opening view never below a legible zoom (a label of 20 units at
  // 9 px): where its names need more room than the window has, the view keeps them legible and its
  // edges are a pan away.
  const LEGIBLE_SCALE = 0.45;
  function fitView(animation) {
    if (!filters.opening) return network.fit(animation ? {animation} : undefined);
    network.fit();
    if (network.getScale() < LEGIBLE_SCALE) network.moveTo({scale: LEGIBLE_SCALE});
  }

  // Narrowing the time leaves out the undated statements (they may belong to any time) until asked back.
  function narrowTime(from, to, undated) {
    filters.from = from;
    filters.to = to;
    const whole = from === (dates[0] || "") && to === (dates[dates.length - 1] || "");
    undated.checked = filters.undated = whole;
    refilter();
  }

  function checkbox(group, value, text, count) {
    const input = el("input", {type: "checkbox", checked: true, "data-filter": group, value,
      onchange: () => { input.checked ? filters[group].add(value) : filters[group].delete(value); refilter(); }});
    return el("label", {class: "filter-row"}, input, el("span", {}, text), count === undefined ? null : el("span", {class: "count"}, count));
  }

  function setGroup(group, on) {
    for (const input of document.querySelectorAll(`input[data-filter="${group}"]`)) {
      input.checked = on;
      on ? filters[group].add(input.value) : filters[group].delete(input.value);
    }
    refilter();
  }

  function filterSection(title, group, rows) {
    return [el("h3", {}, title),
      el("div", {class: "filter-actions"},
        el("button", {type: "button", "data-group": group, "data-set": "all", onclick: () => setGroup(group, true)}, "all"),
        el("button", {type: "button", "data-group": group, "data-set": "none", onclick: () => setGroup(group, false)}, "none")),
      rows];
  }

  function counted(values) {
    const counts = new Map();
    values.forEach(v => counts.set(v, (counts.get(v) || 0) + 1));
    return counts;
  }

  function buildFilters() {
    const entities = Object.values(page.entities);
    const types = counted(entities.map(e => e.type));
    const typeLabels = Object.fromEntries(entities.map(e => [e.type, e.typeLabel]));
    const kinds = Object.fromEntries(entities.map(e => [e.type, e.kind]));
    const typeRows = [...types.keys()].sort((a, b) => kinds[a].localeCompare(kinds[b]) || typeLabels[a].localeCompare(typeLabels[b]))
      .map(t => checkbox("types", t, typeLabels[t], types.get(t)));
    const members = counted(entities.flatMap(e => e.factions));
    const factionRows = page.legend.factions.map(f => checkbox("factions", f.id, f.label, members.get(f.id) || 0))
      .concat([checkbox("factions", NO_FACTION, "actors with no declared faction")]);
    const relations = counted(Object.values(page.links).map(l => l.relation));
    const relationRows = page.legend.edges.flatMap(style => style.relations)
      .map(r => checkbox("relations", r, page.relationLabels[r], relations.get(r)));
    const statuses = counted(Object.values(page.assertions).map(a => a.status));
    const statusRows = page.statuses.map(s => checkbox("statuses", s, STATUS_WORDS[s] || s, statuses.get(s)));
    const undated = el("input", {type: "checkbox", id: "time-undated", checked: true,
      onchange: () => { filters.undated = undated.checked; refilter(); }});
    const from = el("input", {type: "date", id: "time-from", value: filters.from, min: dates[0], max: dates[dates.length - 1],
      onchange: () => narrowTime(from.value, filters.to, undated)});
    const to = el("input", {type: "date", id: "time-to", value: filters.to, min: dates[0], max: dates[dates.length - 1],
      onchange: () => narrowTime(filters.from, to.value, undated)});
    const slice = el("select", {id: "time-slice", onchange: () => {
      const chosen = page.slices.find(t => t.name === slice.value);
      from.value = chosen ? chosen.from : dates[0] || "";
      to.value = chosen ? chosen.to : dates[dates.length - 1] || "";
      narrowTime(from.value, to.value, undated);
    }}, el("option", {value: ""}, "the whole period"),
      page.slices.map(t => el("option", {value: t.name}, t.title)));
    const rule = el("select", {id: "evidence-rule", onchange: () => { filters.rule = rule.value; buildLegend(); applyFilters(); }},
      page.rules.map(r => el("option", {value: r.name, selected: r.name === filters.rule}, `${r.name}: ${r.words}`)));
    fill("filters", [
      el("h3", {}, "Evidence rule"),
      el("label", {class: "time-row"}, "read", rule),
      el("p", {class: "legend-note"}, "What the sizes and the faction colours rest on."
        + (page.rules.length > 1 ? "" : " The graph holds this measure under this rule only.")),
      filterSection("Node type", "types", typeRows),
      filterSection("Declared faction", "factions", factionRows),
      filterSection("Relation", "relations", relationRows),
      filterSection("Epistemic status", "statuses", statusRows),
      el("h3", {}, "Time slice"),
      page.slices.length ? el("label", {class: "time-row"}, "slice", slice) : null,
      el("label", {class: "time-row"}, "from", from),
      el("label", {class: "time-row"}, "to", to),
      el("label", {class: "filter-row"}, undated, "include undated statements"),
      el("p", {class: "legend-note"}, "A narrower time leaves them out until you tick this again."),
    ]);
  }

  // ---- legend --------------------------------------------------------------------------------

  function shapeIcon(shape, fill, border, size) {
    const s = size || 16, h = s / 2, m = 2;
    const attributes = {fill, stroke: border, "stroke-width": 1.5};
    const outline = {
      dot: () => svg("circle", {cx: h, cy: h, r: h - m, ...attributes}),
      square: () => svg("rect", {x: m, y: m, width: s - 2 * m, height: s - 2 * m, ...attributes}),
      diamond: () => svg("polygon", {points: `${h},${m} ${s - m},${h} ${h},${s - m} ${m},${h}`, ...attributes}),
      triangle: () => svg("polygon", {points: `${h},${m} ${s - m},${s - m} ${m},${s - m}`, ...attributes}),
      triangleDown: () => svg("polygon", {points: `${m},${m} ${s - m},${m} ${h},${s - m}`, ...attributes}),
    }[shape] || (() => svg("circle", {cx: h, cy: h, r: h - m, ...attributes}));
    return svg("svg", {width: s, height: s, viewBox: `0 0 ${s} ${s}`, "aria-hidden": "true"}, outline());
  }

  function edgeIcon(style) {
    const line = svg("line", {x1: 2, y1: 8, x2: 30, y2: 8, stroke: style.colour, "stroke-width": Math.max(style.width, 1.5),
      "stroke-dasharray": style.dashes.length ? style.dashes.join(" ") : "none"});
    const head = svg("polygon", {points: "30,8 24,4.5 24,11.5", fill: style.colour});
    return svg("svg", {width: 34, height: 16, viewBox: "0 0 34 16", "aria-hidden": "true"}, line, head);
  }

  function buildLegend() {
    const legend = page.legend;
    const size = currentRule().size;
    const sizes = size.samples.map(sample => el("div", {class: "legend-row"},
      shapeIcon("dot", "#c9d3dd", "#66788a", Math.round(sample.size)),
      el("span", {}, Number(sample.score.toPrecision(3)).toString())));
    fill("legend", [
      el("h3", {}, "Shape and colour: kind"),
      legend.kinds.map(k => el("div", {class: "legend-row"}, shapeIcon(k.shape, k.fill, k.border), el("span", {}, k.label))),
      legend.factions.length ? [el("h3", {}, "Colour of actors: declared faction"),
        el("p", {class: "legend-note"}, `From the fg:inFaction statements the evidence rule (${filters.rule}: `
          + `${currentRule().words}) admits and the status and time filters show.`)] : null,
      legend.factions.map(f => el("div", {class: "legend-row"}, shapeIcon("dot", f.colour, "#66788a"), el("span", {}, f.label))),
      page.leftOut.length ? [el("h3", {}, "Drawn"), el("p", {class: "legend-note"},
        `The ${plural(Object.keys(page.entities).length, "node")} of ${page.scope}; `
        + `${plural(page.leftOut.length, "node")} and ${plural(page.leftOutEdges, "edge")} left out (listed above).`)] : null,
      el("h3", {}, "Size: " + size.name),
      sizes,
      size.unmeasured.count ? el("div", {class: "legend-row"},
        shapeIcon("dot", "#c9d3dd", "#66788a", Math.round(size.unmeasured.size)),
        el("span", {}, `not in that network: ${plural(size.unmeasured.count, "node")}`)) : null,
      el("h3", {}, "Edges: relation (arrow from subject to object)"),
      legend.edges.map(style => el("div", {class: "legend-row"}, edgeIcon(style),
        el("span", {}, style.label, el("br"), el("small", {}, style.relations.map(r => page.relationLabels[r]).join(", "))))),
    ]);
  }

  function buildScope() {
    const scope = document.getElementById("scope");
    scope.replaceChildren(el("p", {id: "scope-count"}));
    if (page.opening) scope.appendChild(el("button", {type: "button", id: "show-whole", onclick: () => toggleOpening()},
      "Show the whole graph"));
    scope.appendChild(el("button", {type: "button", id: "show-comparisons", onclick: () => showComparisons()},
      `Where claims disagree (${page.conflicts.length}) and documents agree (${page.agreements.length})`));
    if (page.leftOut.length) {
      scope.appendChild(el("p", {class: "notice", id: "see-more"}, page.seeMore));
      scope.appendChild(el("details", {},
        el("summary", {}, `Left out: ${plural(page.leftOut.length, "node")} and ${plural(page.leftOutEdges, "edge")}`),
        el("ol", {}, page.leftOut.map(name => el("li", {}, name)))));
    }
  }

  // The opening's actors that its rule chose but whose relations all run to actors it leaves out: named
  // rather than left out silently.
  function unlinkedWords(ids) {
    if (!ids.length) return "";
    return ` Not drawn: ${ids.map(label).join(", ")}, whose relations are all with actors the opening leaves out.`;
  }

  // What the network shows now: the page's view, and how much of it the filters leave on screen.
  function scopeWords(shownNodes, shownEdges) {
    const pageNodes = nodes.length, pageEdges = edges.length;
    const ofGraph = pageNodes < page.total.nodes || pageEdges < page.total.edges
      ? ` The graph holds ${plural(page.total.nodes, "node")} and ${plural(page.total.edges, "edge")}.` : "";
    if (!narrowed()) return `Showing ${page.scope}: ${plural(pageNodes, "node")} and ${plural(pageEdges, "edge")}.` + ofGraph;
    const why = filters.opening ? `the page opens on ${page.opening.rule}`
      : filters.around ? `only the neighbourhood of ${label(filters.aroundOf)}` : "the filters leave out the rest";
    return `Showing ${shownNodes} of ${plural(pageNodes, "node")} and ${shownEdges} of ${plural(pageEdges, "edge")} `
      + `of ${page.scope}: ${why}.` + ofGraph;
  }

  // ---- evidence panel ------------------------------------------------------------------------

  function entityButton(id) {
    if (!page.entities[id]) return el("span", {}, label(id));
    return el("button", {type: "button", class: "link-button", onclick: () => focusNode(id)}, label(id));
  }

  function textLink(a, ...children) {
    const where = new URLSearchParams({doc: a.doc, start: a.start, end: a.end});
    const doc = page.documents[a.doc];
    return el("a", {href: `${page.textPage}#${where}`, target: "_blank", rel: "noopener", class: "quote-link",
      title: `Open ${doc ? `“${doc.title}”` : "the text"} with this passage highlighted`}, ...children);
  }

  // Which document a claim stands in, as `factiongraph cite` names it: id, title, authors, year.
  function documentWords(docId) {
    return page.documents[docId] ? page.documents[docId].named : docId;
  }

  function claim(a) {
    if (a.kind === "figure") return el("p", {class: "claim"}, a.claim);
    const target = a.object ? entityButton(a.object) : el("span", {class: "value"}, a.value);
    return el("p", {class: "claim"}, entityButton(a.subject), ` ${a.relationLabel} `, target);
  }

  function whereInText(a) {
    if (a.inNote) return `note [${a.inNote}]`;
    const parts = [];
    if (a.paragraph) parts.push(`¶ ${a.paragraph}`);
    if (a.section) parts.push(`section ${a.section}` + (a.sectionTitle ? ` “${a.sectionTitle}”` : ""));
    return parts.join(", ");
  }

  // A claim's status, and whom it is attributed to: the author's own statuses name the author in brackets.
  function statusWords(a) {
    const words = [el("span", {class: `status status-${a.status}`}, STATUS_WORDS[a.status] || a.status)];
    if (a.attributedTo) words.push(ATTRIBUTION[a.status] ? ` · ${ATTRIBUTION[a.status]} ${a.attributedTo}` : ` (${a.attributedTo})`);
    return words;
  }

  function assertionItem(key) {
    const a = page.assertions[key];
    const meta = statusWords(a);
    if (a.date) meta.push(` · date: ${a.date}`);
    meta.push(` · ${whereInText(a)}`);
    const sources = a.notes.map(k => page.notes[k]).map(note => el("p", {class: "source"}, `Note [${note.number}]: ${note.text}`,
      note.works.length ? ` — cites ${note.works.join("; ")}` : ""));
    const conflicts = a.conflicts.filter(k => page.assertions[k]).map(k => el("p", {class: "extra"},
      "Conflicts with: ", textLink(page.assertions[k], page.assertions[k].quote),
      ` (${STATUS_WORDS[page.assertions[k].status] || page.assertions[k].status}`
      + (page.assertions[k].doc !== a.doc ? `, in ${documentWords(page.assertions[k].doc)})` : ")")));
    // The same claim in other documents, counted by independent origins (graph/build/corroboration.py).
    const agreements = a.agreements.map(g => el("p", {class: "extra agreement"},
      `Agrees: in ${g.documents} documents (${plural(g.origins, "independent origin")})`,
      ...g.others.filter(k => page.assertions[k]).flatMap((k, i) => [i ? "; " : ": ", textLink(page.assertions[k],
        `${STATUS_WORDS[page.assertions[k].status] || page.assertions[k].status} in ${documentWords(page.assertions[k].doc)}`)])));
    return el("li", {class: key === chosen ? "assertion chosen" : "assertion", "data-status": a.status, "data-key": key},
      claim(a),
      el("blockquote", {}, textLink(a, a.quote)),
      el("p", {class: "meta"}, meta),
      el("p", {class: "document"}, "in: ", el("cite", {}, documentWords(a.doc))),
      sources.length ? sources : el("p", {class: "source"}, "No footnote in this sentence."),
      a.derivation ? el("p", {class: "extra"}, `Derived: ${a.derivation}`) : null,
      a.comment ? el("p", {class: "extra"}, `Annotator’s note: ${a.comment}`) : null,
      conflicts,
      agreements,
      el("p", {class: "extra"}, textLink(a, "Read it in the text ↗")));
  }

  function assertionList(title, keys) {
    const shown = keys.filter(statementShown);
    const hidden = keys.length - shown.length;
    if (!keys.length) return [];
    return [el("h3", {}, `${title} (${shown.length})`),
      hidden ? el("p", {class: "note"}, `${plural(hidden, "more")} hidden by the filters.`) : null,
      el("ul", {class: "assertions"}, shown.map(assertionItem))];
  }

  function showIntro() {
    current = null;
    markTimeline(null);
    dim(null);
    remember(null);
    fill("panel", 
      el("h2", {}, "Evidence"),
      el("p", {}, "Click a node to read what the text says about it, or an edge to read the statements behind it. "
        + "Every quote opens the article with the passage highlighted. Hover for a summary."),
      el("p", {}, "Find any actor by any of its names in the search box; narrow the network with the filters; "
        + "click an event in the timeline to find it in the network."));
  }

  // One side of a conflict or an agreement, short: the claim, its quote, status and document.
  function sideItem(key) {
    const a = page.assertions[key];
    return el("li", {class: "assertion", "data-status": a.status, "data-key": key},
      claim(a),
      el("blockquote", {}, textLink(a, a.quote)),
      el("p", {class: "meta"}, statusWords(a)),
      el("p", {class: "document"}, "in: ", el("cite", {}, documentWords(a.doc))));
  }

  // Every recorded conflict with both sides, and every claim several documents make: none resolved.
  function showComparisons() {
    current = {id: null, show: showComparisons};
    markTimeline(null);
    dim(null);
    remember(null);
    const documents = new Set(Object.values(page.assertions).map(a => a.doc)).size;
    fill("panel", [
      el("h2", {}, "Where claims disagree"),
      el("p", {class: "note"}, "Both sides of every conflict are kept; neither is resolved. Found by: annotated "
        + "(both rows carry one conflict label), figures (hedged values that share no value), signs (opposite "
        + "relations in two documents), dates (days that do not overlap)."),
      page.conflicts.length
        ? el("ol", {class: "comparisons"}, page.conflicts.map(c => el("li", {class: "conflict"},
            el("p", {class: "reason"}, el("strong", {}, c.foundBy), `: ${c.reason}`),
            el("ul", {class: "assertions"}, c.sides.map(sideItem)))))
        : el("p", {}, "No conflict is recorded."),
      el("h2", {}, "Where documents agree"),
      page.agreements.length
        ? el("ol", {class: "comparisons"}, page.agreements.map(group => {
            const first = page.assertions[group[0]].agreements.find(g => g.others.every(k => group.includes(k)));
            return el("li", {class: "agreement-group"},
              el("p", {class: "reason"}, `In ${first.documents} documents (${plural(first.origins, "independent origin")}); `
                + "each keeps its own status."),
              el("ul", {class: "assertions"}, group.map(sideItem)));
          }))
        : el("p", {}, documents > 1 ? "No claim is made in more than one document."
            : "One document: agreement is counted between documents."),
    ]);
  }

  function showNode(id, statement = null) {
    const e = page.entities[id];
    chosen = statement;
    markTimeline(id);
    const facts = [];
    const add = (term, ...value) => facts.push(el("dt", {}, term), el("dd", {}, ...value));
    if (e.aliases.length) add("Also called", e.aliases.join(" · "));
    if (e.description) add("Description", e.description);
    const factions = declaredFactions(id);
    if (factions.length) add("Faction", factions.flatMap((f, i) => [i ? ", " : "", entityButton(f)]));
    if (e.cameo) add("CAMEO", e.cameo);
    (datesOf[id] || []).forEach(row => add({date: "Date", startDate: "Began", endDate: "Ended"}[row.relation],
      `${row.when} (${row.precision})` + (weakDate(row) ? ` · ${weakDate(row)}` : "")));
    const measures = e.measures.length ? el("table", {},
      el("tr", {}, el("th", {}, "network"), el("th", {}, "measure"), el("th", {}, "score"), el("th", {}, "rank")),
      e.measures.map(([net, method, score, rank]) => el("tr", {}, el("td", {}, net), el("td", {}, method),
        el("td", {}, score), el("td", {}, rank === null ? "" : rank)))) : null;
    const figures = e.about.filter(k => page.assertions[k] && page.assertions[k].kind === "figure");
    const statements = e.about.filter(k => page.assertions[k] && page.assertions[k].kind === "statement");
    const around = filters.around && filters.around.has(id) && filters.aroundOf === id;
    const panel = fill("panel", [
      el("h2", {}, e.label),
      el("p", {class: "type"}, e.typeLabel),
      nodes.get(id).hidden ? el("p", {class: "note"}, "Hidden by the current filters.") : null,
      el("p", {class: "panel-actions"}, around
        ? el("button", {type: "button", id: "show-everything", onclick: () => showAround(null)}, "Show everything again")
        : el("button", {type: "button", id: "show-around", onclick: () => showAround(id)}, "Show only its neighbourhood")),
      el("dl", {}, facts),
      assertionList("Statements", statements),
      assertionList("Key figures", figures),
      statements.length + figures.length === 0 ? el("p", {}, "No statement or figure is about it.") : null,
      measures ? el("details", {id: "measures"}, el("summary", {}, `Network measures (${e.measures.length})`), measures) : null,
    ]);
    if (!current || current.id !== id || current.show !== showNode) panel.scrollTop = 0;
    current = {id, show: showNode, statement};
    dim(id);
    remember(statement ? {statement} : {entity: id});
    showChosen(panel);
  }

  function showChosen(panel) {
    const item = panel.querySelector(".assertion.chosen");
    if (item) item.scrollIntoView({block: "nearest"});
  }

  // The node and its neighbours stay bright, the rest fades: where it sits in the network at a glance.
  function dim(id) {
    const near = id === null ? null : new Set([id, ...network.getConnectedNodes(id)]);
    nodes.update(nodes.get().filter(n => (n.opacity === undefined ? 1 : n.opacity) !== (near && !near.has(n.id) ? 0.2 : 1))
      .map(n => ({id: n.id, opacity: near && !near.has(n.id) ? 0.2 : 1})));
  }

  // The address carries the selection, an entity (#guardian-council) or a statement (#statement=ID), so a
  // view can be shared and comes back on reload.
  function remember(wanted) {
    const hash = !wanted ? "" : wanted.statement ? "#statement=" + encodeURIComponent(wanted.statement)
      : "#" + encodeURIComponent(wanted.entity);
    if (window.location.hash !== hash) history.replaceState(null, "", hash || window.location.pathname + window.location.search);
  }

  function fromAddress() {
    let hash = null;
    try {
      hash = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return null;
    }
    const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
    if (hash.startsWith("statement=")) return has(page.assertions, hash.slice(10)) ? {statement: hash.slice(10)} : null;
    return has(page.entities, hash) ? {entity: hash} : null;
  }

  function follow(wanted) {
    wanted.statement ? focusStatement(wanted.statement) : focusNode(wanted.entity);
  }

  // A neighbourhood in the page: the node and the nodes one edge away, fitted to the view.
  // The view the page opens on (a few actors, legible at 1280x720), or the whole graph: one click apart.
  function toggleOpening() {
    filters.opening = !filters.opening;
    filters.around = filters.opening ? new Set(page.opening.actors) : null;
    filters.aroundOf = null;
    placeNodes(filters.opening ? openingPositions : wholePositions);
    refilter();
  }

  function showAround(id) {
    if (filters.opening) placeNodes(wholePositions);
    filters.opening = false;
    filters.around = id === null ? null : new Set([id, ...network.getConnectedNodes(id)]);
    filters.aroundOf = id;
    refilter();
    if (id !== null) showNode(id);
  }

  function showEdge(id, statement = null) {
    const link = page.links[id];
    chosen = statement;
    current = {id, show: showEdge, statement};
    markTimeline(null);
    dim(null);
    remember(statement ? {statement} : null);
    showChosen(fill("panel", [
      el("h2", {}, entityButton(link.subject), ` ${page.relationLabels[link.relation]} `, entityButton(link.object)),
      el("p", {class: "type"}, "relation"),
      edges.get(id).hidden ? el("p", {class: "note"}, "Hidden by the current filters.") : null,
      assertionList("Statements behind it", link.statements),
    ]));
  }

  function focusNode(id, statement = null) {
    if (!page.entities[id]) return;
    if (filters.opening && !filters.around.has(id)) toggleOpening();  // what the opening leaves out: the whole graph
    network.selectNodes([id]);
    if (!nodes.get(id).hidden) {
      network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    }
    showNode(id, statement);
  }

  // A statement drawn as an edge selects that edge; one that is no edge (a figure, a value) selects the
  // node it is about. Either way the panel shows it, marked.
  function focusStatement(key) {
    const a = page.assertions[key];
    const edge = Object.keys(page.links).find(id => page.links[id].statements.includes(key));
    if (!edge) {
      // its subject, else the first entity it is about, as the text page links it
      const about = page.entities[a.subject] ? a.subject
        : Object.keys(page.entities).filter(id => page.entities[id].about.includes(key)).sort()[0];
      if (about) focusNode(about, key);
      return;
    }
    const link = page.links[edge];
    if (filters.opening && !(filters.around.has(link.subject) && filters.around.has(link.object))) toggleOpening();
    network.selectEdges([edge]);
    if (!edges.get(edge).hidden) {
      const ends = network.getPositions([link.subject, link.object]);
      network.moveTo({position: {x: (ends[link.subject].x + ends[link.object].x) / 2, y: (ends[link.subject].y + ends[link.object].y) / 2},
        scale: Math.max(network.getScale(), 0.9), animation: {duration: 400, easingFunction: "easeInOutQuad"}});
    }
    showEdge(edge, key);
  }

  // ---- search and timeline -------------------------------------------------------------------

  function normalise(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[’‘]/g, "'").replace(/[“”]/g, "\"")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  const names = Object.entries(page.entities).map(([id, e]) =>
    ({id, names: [e.label, ...e.aliases, id].map(n => [normalise(n), n])}));

  function matches(query) {
    const wanted = normalise(query);
    if (!wanted) return [];
    const found = [];
    for (const entry of names) {
      let best = null;
      for (const [normal, name] of entry.names) {
        const rank = normal === wanted ? 0 : normal.startsWith(wanted) ? 1 : normal.includes(wanted) ? 2 : 3;
        if (rank < 3 && (!best || rank < best.rank)) best = {rank, name};
      }
      if (best) found.push({id: entry.id, ...best});
    }
    if (!found.length && wanted.length >= 4) return closeMatches(wanted);
    return found.sort((a, b) => a.rank - b.rank || label(a.id).localeCompare(label(b.id))).slice(0, 15);
  }

  // Another transliteration ("Karrubi" for Karroubi, "Khamene'i"): names or words of names whose letter
  // pairs mostly agree (Dice coefficient at least 0.6), the closest first, marked as a guess.
  function pairs(text) {
    const found = [];
    for (let i = 0; i < text.length - 1; i++) found.push(text.slice(i, i + 2));
    return found;
  }

  function dice(a, b) {
    const left = pairs(a), right = pairs(b);
    if (!left.length || !right.length) return 0;
    const pool = new Map();
    right.forEach(p => pool.set(p, (pool.get(p) || 0) + 1));
    let shared = 0;
    for (const p of left) if (pool.get(p) > 0) { shared++; pool.set(p, pool.get(p) - 1); }
    return 2 * shared / (left.length + right.length);
  }

  function closeMatches(wanted) {
    const plain = wanted.replace(/[^\p{L}\p{N} ]/gu, "");
    const found = [];
    for (const entry of names) {
      let best = null;
      for (const [normal, name] of entry.names) {
        const words = normal.replace(/[^\p{L}\p{N} ]/gu, "").split(" ");
        const whole = dice(plain, normal.replace(/[^\p{L}\p{N} ]/gu, ""));
        const score = Math.max(whole, ...words.map(w => dice(plain, w)));
        if (score >= 0.6 && (!best || score > best.score || (score === best.score && whole > best.whole))) {
          best = {score, whole, name, guess: true, rank: 4};
        }
      }
      if (best) found.push({id: entry.id, ...best});
    }
    // equally close words: the name that is most nearly only that word first (Mehdi Karroubi, not a meeting of his)
    return found.sort((a, b) => b.score - a.score || b.whole - a.whole || label(a.id).localeCompare(label(b.id))).slice(0, 8);
  }

  function choose(id) {
    fill("results", );
    focusNode(id);
  }

  function buildSearch() {
    const input = document.getElementById("search");
    const results = document.getElementById("results");
    input.addEventListener("input", () => {
      results.replaceChildren(...matches(input.value).map(m => el("li", {role: "option"},
        el("button", {type: "button", "data-entity": m.id, onclick: () => choose(m.id)}, label(m.id),
          el("small", {}, page.entities[m.id].typeLabel + (m.guess ? ` · close to “${m.name}”`
            : m.name !== label(m.id) ? ` · “${m.name}”` : ""))))));
    });
    input.addEventListener("keydown", event => {
      if (event.key === "Enter") {
        const first = matches(input.value)[0];
        if (first) choose(first.id);
      } else if (event.key === "Escape") {
        results.replaceChildren();
      }
    });
  }

  // The events the text gives no date, set aside beside the axis.
  const undatedEvents = Object.keys(page.entities).filter(id => page.entities[id].kind === "event" && !datesOf[id])
    .sort((a, b) => label(a).localeCompare(label(b)));
  const timeline = makeTimeline({page, label, focus: focusNode, el, svg, weakDate});

  function buildTimeline() {
    fill("undated", undatedEvents.map(id => el("li", {"data-entity": id, class: "undated"},
      el("button", {type: "button", onclick: () => focusNode(id), title: `${label(id)}: the text gives no date`},
        label(id), el("span", {class: "when", hidden: true}, "no date")))));
    document.getElementById("undated-box").hidden = !undatedEvents.length;
  }

  // A date shows while its event is drawn and a statement giving the date passes the filters (its status,
  // the time slice); a date that passes all but the slice is "outside" it, so a bar running out of the slice
  // is drawn to its edge. An undated event shows while it is drawn.
  function filterTimeline(shown) {
    const state = i => {
      const row = page.timeline[i];
      if (!shown.has(row.entity)) return "hidden";
      if (row.statements.some(statementShown)) return "shown";
      return row.statements.some(k => filters.statuses.has(page.assertions[k].status)) ? "outside" : "hidden";
    };
    const timeNarrowed = filters.from !== (dates[0] || "") || filters.to !== (dates[dates.length - 1] || "");
    const dated = timeline.draw(state, timeNarrowed && filters.from, timeNarrowed && filters.to);
    let undated = 0;
    for (const item of document.querySelectorAll("#undated li")) {
      item.classList.toggle("filtered", !shown.has(item.dataset.entity));
      undated += shown.has(item.dataset.entity);
    }
    document.getElementById("timeline-none").hidden = dated > 0 || !page.timeline.length;
    document.getElementById("undated-count").textContent = `${undated} of ${undatedEvents.length}`;
    document.getElementById("timeline-count").textContent = narrowed()
      ? `${dated} of ${plural(page.timeline.length, "date")} shown` : plural(page.timeline.length, "date");
  }

  function markTimeline(id) {
    timeline.select(id);
  }

  function reset() {
    if (filters.opening) placeNodes(wholePositions);
    resetFilters();
    document.getElementById("search").value = "";
    fill("results", );
    buildLegend();
    buildFilters();
    network.unselectAll();
    showIntro();
    applyFilters();
    fitView();
  }

  network.on("click", params => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showIntro();
  });
  network.on("stabilizationProgress", params => {
    document.getElementById("progress").textContent =
      `Laying out the network… ${Math.round(100 * params.iterations / params.total)}%`;
  });
  // The opening's actors laid out among themselves (the others held still and out of the forces), so
  // the few fill the view; the whole graph keeps its own positions, restored when it is shown.
  let wholePositions = null, openingPositions = null;
  function layOutOpening(done) {
    wholePositions = network.getPositions();
    const chosen = new Set(page.opening.actors);
    nodes.update(nodes.getIds().filter(id => !chosen.has(id)).map(id => ({id, physics: false})));
    edges.update(edges.get().filter(e => !(chosen.has(e.from) && chosen.has(e.to))).map(e => ({id: e.id, physics: false})));
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({physics: {enabled: false, forceAtlas2Based: OPTIONS.physics.forceAtlas2Based}});
      openingPositions = {...network.getPositions(page.opening.actors),
        ...separateLabels(page.opening.actors.filter(id => !nodes.get(id).hidden))};
      nodes.update(nodes.getIds().map(id => ({id, physics: true})));
      edges.update(edges.getIds().map(id => ({id, physics: true})));
      done();
    });
    // the few spread wider than the many: longer springs, stronger repulsion, labels kept apart
    network.setOptions({physics: {enabled: true, forceAtlas2Based: {...OPTIONS.physics.forceAtlas2Based,
      gravitationalConstant: -200, springLength: 160, avoidOverlap: 1}}});
    network.stabilize(300);
  }

  // The opening's nodes pushed apart until no two boxes (label included) meet, so every name reads: each
  // overlapping pair, taken in a fixed order, moves apart along the axis it overlaps least. No randomness,
  // so the same page lays out the same.
  function separateLabels(ids) {
    const GAP = 6;
    network.redraw();  // draws the nodes where the layout left them, so their boxes are current
    const at = network.getPositions(ids);
    const boxes = ids.slice().sort().map(id => {
      const box = network.getBoundingBox(id), p = at[id];
      return {id, x: p.x, y: p.y, left: box.left - p.x - GAP / 2, right: box.right - p.x + GAP / 2,
        top: box.top - p.y - GAP / 2, bottom: box.bottom - p.y + GAP / 2};
    });
    for (let round = 0, moved = true; moved && round < 1000; round++) {
      moved = false;
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
        const dx = Math.min(a.x + a.right, b.x + b.right) - Math.max(a.x + a.left, b.x + b.left);
        const dy = Math.min(a.y + a.bottom, b.y + b.bottom) - Math.max(a.y + a.top, b.y + b.top);
        if (dx <= 0 || dy <= 0) return;
        moved = true;
        const [axis, overlap, lo, hi] = dx < dy ? ["x", dx, "left", "right"] : ["y", dy, "top", "bottom"];
        const centre = box => box[axis] + (box[lo] + box[hi]) / 2;
        const sign = centre(a) <= centre(b) ? 1 : -1;
        a[axis] -= sign * (overlap / 2 + 0.5);
        b[axis] += sign * (overlap / 2 + 0.5);
      }));
    }
    const positions = Object.fromEntries(boxes.map(b => [b.id, {x: Math.round(b.x), y: Math.round(b.y)}]));
    placeNodes(positions);
    return positions;
  }

  function placeNodes(positions) {
    if (positions) nodes.update(Object.entries(positions).map(([id, p]) => ({id, x: p.x, y: p.y})));
  }

  function settled() {
    network.setOptions({physics: {enabled: false}});
    if (filters.opening && !openingPositions) return layOutOpening(settled);
    if (filters.opening) fitView();
    document.getElementById("progress").hidden = true;
    window.factiongraph.ready = true;
    window.factiongraph.readyAt = performance.now();
    document.body.dataset.ready = "true";
    if (linked) follow(linked);
    else if (page.focus) focusNode(page.focus);
  }
  window.addEventListener("hashchange", () => { const wanted = fromAddress(); if (wanted) follow(wanted); });
  if (nodes.length) network.once("stabilizationIterationsDone", settled);
  document.getElementById("reset").addEventListener("click", reset);
  const linked = fromAddress();  // read before the intro panel clears the address
  resetFilters();
  if (page.opening && !linked && !page.focus) {
    filters.opening = true;
    filters.around = new Set(page.opening.actors);
  }
  buildScope();
  buildLegend();
  buildFilters();
  buildSearch();
  buildTimeline();
  showIntro();
  applyFilters();
  if (!nodes.length) settled();
})();
