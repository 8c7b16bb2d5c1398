"use strict";
// The query page: examples, checks as you type, results with labels. Every text from the server or
// the user reaches the page as textContent or an attribute value, never as markup.
(function () {
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const editor = document.getElementById("editor");
  const examples = document.getElementById("examples");
  const description = document.getElementById("example-description");
  const problems = document.getElementById("problems");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const base = "https://w3id.org/factiongraph/";
  const pageKinds = ["id/", "statement/", "doc/", "work/"];
  const prefixes = Object.entries(data.prefixes).sort((a, b) => b[1].length - a[1].length);

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  for (const example of data.examples) {
    examples.append(element("option", example.title, {value: example.name}));
  }
  examples.addEventListener("change", () => {
    const example = data.examples.find((e) => e.name === examples.value);
    if (!example) return;
    editor.value = example.query;
    description.textContent = example.description;
    check();
    run();
  });

  const prefixList = document.getElementById("prefixes");
  for (const [prefix, iri] of Object.entries(data.prefixes)) {
    prefixList.append(element("dt", prefix + ":"), element("dd", iri));
  }
  const terms = document.getElementById("terms");
  const termFilter = document.getElementById("term-filter");
  function showTerms() {
    const wanted = termFilter.value.toLowerCase();
    terms.replaceChildren(...data.terms.filter((t) => t.toLowerCase().includes(wanted)).map((term) => {
      const item = element("li");
      const button = element("button", term, {type: "button"});
      button.addEventListener("click", () => insert(term));
      item.append(button);
      return item;
    }));
  }
  termFilter.addEventListener("input", showTerms);
  showTerms();

  function insert(text) {
    const start = editor.selectionStart, end = editor.selectionEnd;
    editor.setRangeText(text, start, end, "end");
    editor.focus();
    check();
  }

  function compact(iri) {
    for (const [prefix, namespace] of prefixes) {
      if (iri.startsWith(namespace) && /^[\w.-]*$/.test(iri.slice(namespace.length))) {
        return prefix + ":" + iri.slice(namespace.length);
      }
    }
    return iri;
  }

  function pageOf(iri) {
    if (!iri.startsWith(base)) return null;
    const rest = iri.slice(base.length);
    return pageKinds.some((kind) => rest.startsWith(kind)) && /^[a-z]+\/[\w.~-]+$/i.test(rest) ? "/" + rest : null;
  }

  let checking = 0;
  async function check() {
    const mine = ++checking;
    const text = editor.value;
    if (!text.trim()) { showProblems("", ""); return null; }
    const response = await fetch("/check", {method: "POST", body: new URLSearchParams({query: text})});
    const found = await response.json();
    if (mine === checking) {  // a later check's answer is the one to show; this one still serves its caller
      if (found.error) showProblems(found.error, "error");
      else showProblems(found.warnings.join("\n"), "warning");
    }
    return found;
  }

  function showProblems(text, kind) {
    problems.hidden = !text;
    problems.className = kind;
    problems.textContent = text;
  }

  let timer = null;
  editor.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 400); });
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  document.getElementById("run").addEventListener("click", run);

  async function run() {
    clearTimeout(timer);
    const found = await check();
    if (!found || found.error) return;
    const started = performance.now();
    status.textContent = "Running…";
    const accept = found.form === "graph" ? "application/n-triples" : "application/sparql-results+json";
    let response;
    try {
      response = await fetch("/query", {method: "POST", headers: {Accept: accept},
                                        body: new URLSearchParams({query: editor.value})});
    } catch (error) {
      status.textContent = "The server did not answer: " + error;
      return;
    }
    const body = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      status.textContent = "";
      showProblems(body, "error");
      results.replaceChildren();
      return;
    }
    if (found.form === "graph") {
      const rows = body.split("\n").filter((line) => line.trim()).map(parseTriple);
      await table(["subject", "predicate", "object"], rows, seconds);
    } else {
      const answer = JSON.parse(body);
      if ("boolean" in answer) {
        status.textContent = `Answered in ${seconds} s`;
        results.replaceChildren(element("p", answer.boolean ? "Yes (true)" : "No (false)"));
        return;
      }
      const variables = answer.head.vars;
      await table(variables, answer.results.bindings.map((b) => variables.map((v) => b[v] || null)), seconds);
    }
  }

  function parseTriple(line) {
    const terms = [];
    const pattern = /<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?/g;
    let match;
    while ((match = pattern.exec(line)) && terms.length < 3) {
      if (match[1] !== undefined) terms.push({type: "uri", value: match[1]});
      else if (match[2] !== undefined) terms.push({type: "bnode", value: match[2]});
      else terms.push({type: "literal", value: JSON.parse('"' + match[3] + '"'),
                       "xml:lang": match[4], datatype: match[5]});
    }
    return terms;
  }

  async function labelsFor(rows) {
    const iris = [...new Set(rows.flat().filter((t) => t && t.type === "uri").map((t) => t.value))].slice(0, 2000);
    if (!iris.length) return {};
    const response = await fetch("/labels", {method: "POST", headers: {"Content-Type": "application/json"},
                                             body: JSON.stringify(iris)});
    return response.ok ? response.json() : {};
  }

  async function table(variables, rows, seconds) {
    const labels = await labelsFor(rows);
    status.textContent = `${rows.length} result${rows.length === 1 ? "" : "s"} in ${seconds} s`;
    if (!rows.length) { results.replaceChildren(element("p", "No results.")); return; }
    const head = element("tr");
    for (const variable of variables) head.append(element("th", variable));
    const body = element("tbody");
    for (const row of rows) {
      const line = element("tr");
      for (const term of row) line.append(cell(term, labels));
      body.append(line);
    }
    const thead = element("thead");
    thead.append(head);
    const grid = element("table");
    grid.append(thead, body);
    results.replaceChildren(grid);
  }

  function cell(term, labels) {
    const td = element("td");
    if (!term) return td;
    if (term.type === "uri") {
      const label = labels[term.value];
      const page = pageOf(term.value);
      const name = label || compact(term.value);
      td.append(page ? element("a", name, {href: page}) : element("span", name));
      if (label) td.append(element("small", compact(term.value)));
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.append(element("span", term.value));
      const lang = term["xml:lang"];
      const datatype = term.datatype && compact(term.datatype);
      if (lang || (datatype && datatype !== "xsd:string")) {
        td.append(element("span", " " + (lang ? "@" + lang : datatype), {class: "literal-meta"}));
      }
    }
    return td;
  }

  if (editor.value.trim()) run(); else check();
})();
