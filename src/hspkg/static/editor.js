// The hspkg query page: YASGUI against this server's /sparql, the catalogue as examples,
// our prefixes, and a bar chart of a label column against a number column. Nothing is
// fetched from anywhere but this server.
(function () {
  "use strict";
  const examples = JSON.parse(document.getElementById("hspkg-examples").textContent);
  const prefixes = JSON.parse(document.getElementById("hspkg-prefixes").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const NUMERIC = /#(integer|decimal|double|float|int|long|short|gYear|nonNegativeInteger|positiveInteger)$/;

  // A YASR plugin: the first column of text against the first numeric column, as bars.
  class Chart {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Chart";
    }
    columns() {
      const results = this.yasr.results;
      const bindings = results && results.getBindings && results.getBindings();
      if (!bindings || !bindings.length) return null;
      const variables = results.getVariables();
      const numeric = (v) => bindings.every((b) => !b[v] || (b[v].datatype && NUMERIC.test(b[v].datatype) && !isNaN(parseFloat(b[v].value))));
      const value = variables.find((v) => numeric(v) && bindings.some((b) => b[v]));
      const label = variables.find((v) => v !== value && bindings.every((b) => !b[v] || b[v].type === "literal"));
      return value && label ? { bindings, label, value } : null;
    }
    canHandleResults() {
      return this.columns() !== null;
    }
    getIcon() {
      const icon = document.createElement("span");
      icon.textContent = "▮▮";
      return icon;
    }
    draw() {
      const { bindings, label, value } = this.columns();
      const rows = bindings.map((b) => ({ label: b[label] ? b[label].value : "", value: b[value] ? parseFloat(b[value].value) : 0 }));
      const max = Math.max(1, ...rows.map((r) => r.value));
      const width = 760, left = 300, bar = 18, gap = 6;
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", `0 0 ${width} ${rows.length * (bar + gap) + gap}`);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", `${value} by ${label}`);
      rows.forEach((row, i) => {
        const y = gap + i * (bar + gap);
        const text = document.createElementNS(SVG, "text");
        text.setAttribute("x", left - 6);
        text.setAttribute("y", y + bar - 5);
        text.setAttribute("text-anchor", "end");
        text.textContent = row.label.length > 45 ? row.label.slice(0, 44) + "…" : row.label;
        const rect = document.createElementNS(SVG, "rect");
        rect.setAttribute("x", left);
        rect.setAttribute("y", y);
        rect.setAttribute("height", bar);
        rect.setAttribute("width", Math.max(1, ((width - left - 60) * row.value) / max));
        rect.setAttribute("fill", "#3b6ea5");
        const number = document.createElementNS(SVG, "text");
        number.setAttribute("x", left + Math.max(1, ((width - left - 60) * row.value) / max) + 4);
        number.setAttribute("y", y + bar - 5);
        number.textContent = String(row.value);
        svg.append(text, rect, number);
      });
      const holder = document.createElement("div");
      holder.className = "hspkg-chart";
      holder.appendChild(svg);
      this.yasr.resultsEl.appendChild(holder);
    }
  }
  Yasgui.Yasr.registerPlugin("chart", Chart);

  // The table, showing values as values: a literal as its text (2019, not "2019"^^xsd:integer),
  // names whole (no ellipsis), and an IRI as the label the row gives it (a column named like
  // it plus "Label", as the catalogue's queries have), else its prefixed name; the full IRI on hover.
  const Table = Yasgui.Yasr.plugins.table;
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const short = (iri) => {
    for (const [prefix, namespace] of Object.entries(prefixes)) if (iri.startsWith(namespace)) return `${prefix}:${iri.slice(namespace.length)}`;
    return iri;
  };
  class Values extends Table {
    constructor(yasr) {
      super(yasr);
      this.persistentConfig = { ...this.persistentConfig, compact: true, isEllipsed: false };
    }
    draw(config) {
      return super.draw({ ...config, compact: true, isEllipsed: false });
    }
    getColumns() {
      const variables = this.yasr.results ? this.yasr.results.getVariables() : [];
      return super.getColumns().map((column) => {
        const labelled = variables.indexOf(`${column.name}Label`);
        const render = column.render;
        if (!render) return column;
        // a label column whose IRI column shows it already is hidden (DataTables keeps it for search)
        if (/Label$/.test(column.name) && variables.includes(column.name.slice(0, -5))) return { ...column, visible: false };
        return {
          ...column,
          render: (binding, type, row, meta) => {
            if (!binding || binding.type !== "uri" || (type && type !== "display")) return render(binding, type, row, meta);
            const label = labelled >= 0 && row[labelled + 1] && row[labelled + 1].value ? row[labelled + 1].value : short(binding.value);
            const iri = escapeHtml(binding.value);
            return `<div><span><a class="iri iri-label" href="${iri}" title="${iri}">${escapeHtml(label)}</a></span></div>`;
          },
        };
      });
    }
  }
  Yasgui.Yasr.registerPlugin("table", Values);

  // The examples' descriptions are Markdown: `code` and [text](link) drawn as such, never as HTML
  document.querySelectorAll(".markdown").forEach((paragraph) => {
    const source = paragraph.textContent;
    paragraph.replaceChildren();
    for (const part of source.split(/(`[^`]+`|\[[^\]]+\]\([^)\s]+\))/)) {
      const code = /^`([^`]+)`$/.exec(part);
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
      if (code) paragraph.append(Object.assign(document.createElement("code"), { textContent: code[1] }));
      else if (link && /^(https?:\/\/|\/)/.test(link[2])) paragraph.append(Object.assign(document.createElement("a"), { href: link[2], textContent: link[1] }));
      else paragraph.append(document.createTextNode(part));
    }
  });

  const endpoint = new URL("/sparql", window.location.href).href;
  const first = examples["universities-trusts"] || Object.values(examples)[0];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null, // nothing kept in the browser between visits: the catalogue is the start
    populateFromUrl: false,
    autofocus: false,
    // the class and property completers ask a remote service (LOV); the page stays offline
    yasqe: { autocompleters: ["prefixes", "variables"], value: first ? first.text : "" },
    yasr: { prefixes: prefixes, pluginOrder: ["table", "chart", "response"], defaultPlugin: "table" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
  });

  function open(name) {
    const example = examples[name];
    const tab = yasgui.addTab(true, { name: example.title });
    tab.setQuery(example.text);
    return tab.query();
  }
  document.querySelectorAll("[data-example]").forEach((button) => {
    button.addEventListener("click", () => open(button.dataset.example));
  });
  yasgui.on("queryResponse", () => {
    document.body.dataset.answered = String(Number(document.body.dataset.answered || 0) + 1);
  });
  // /?example=NAME opens that example and runs it: a link to share, and what the tests open
  const asked = new URLSearchParams(window.location.search).get("example");
  // an own property only: "constructor", "__proto__" or "toString" are not examples
  if (asked && Object.prototype.hasOwnProperty.call(examples, asked)) open(asked);
  document.body.dataset.ready = "yes";
})();
