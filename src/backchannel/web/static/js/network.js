// The network page: a Cytoscape.js graph drawn from /api/network with the form's filters.
// The graph is exposed as window.backchannelNetwork (the browser tests read its edge count).
(function () {
  "use strict";
  const box = document.getElementById("cy");
  const form = document.getElementById("network-filters");
  const status = document.getElementById("network-status");
  if (!box || !form || typeof cytoscape !== "function") return;

  const cy = cytoscape({
    container: box,
    elements: [],
    minZoom: 0.2,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "wrap", "text-max-width": 110, "text-background-color": "#ffffff",
        "text-background-opacity": 0.75, "text-background-padding": 1,
        "background-color": "#4a6fa5", "width": "data(size)", "height": "data(size)" } },
      { selector: "node[kind = 'country']", style: { "background-color": "#5a9367" } },
      { selector: "node[kind = 'organization']", style: { "background-color": "#a5784a" } },
      { selector: "edge", style: {
        "width": "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
        "line-color": "#8aa1c1", "target-arrow-color": "#8aa1c1", "opacity": 0.8 } },
      { selector: "edge[kind = 'event']", style: { "line-color": "#c0674f", "target-arrow-color": "#c0674f" } },
    ],
  });
  window.backchannelNetwork = cy;
  const MAX_FIT_ZOOM = 1.4;

  function query() {
    const params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== "") params.append(key, value); });
    return params;
  }

  function elements(data) {
    const ids = new Set(data.nodes.map(function (n) { return n.id; }));
    const nodes = data.nodes.map(function (n) {
      return { group: "nodes", data: { id: "n" + n.id, actor: n.id, label: String(n.name || n.id), kind: n.kind,
        size: 14 + Math.min(26, 4 * Math.log2(1 + (n.weight || 1))) } };
    });
    const edges = data.edges.filter(function (e) { return ids.has(e.source) && ids.has(e.target); })
      .map(function (e, i) {
        return { group: "edges", data: { id: "l" + i, source: "n" + e.source, target: "n" + e.target, kind: e.kind,
          type: e.type, weight: e.weight, width: 1 + Math.min(11, 2 * Math.log2(1 + (e.weight || 1))) } };
      });
    return nodes.concat(edges);
  }

  function load() {
    const params = query();
    box.dataset.loaded = "0";
    return fetch(box.dataset.api + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (answer) {
        if (!answer.ok) { status.textContent = answer.body.error ? answer.body.error.message : "error"; return; }
        cy.elements().remove();
        cy.add(elements(answer.body));
        cy.layout({ name: "cose", animate: false, randomize: true, padding: 40, nodeDimensionsIncludeLabels: true })
          .run();
        // A small graph would be fitted at up to maxZoom, its labels huge and overlapping: keep text readable.
        if (cy.zoom() > MAX_FIT_ZOOM) { cy.zoom(MAX_FIT_ZOOM); cy.center(); }
        status.textContent = cy.nodes().length + " actors, " + cy.edges().length + " links";
        history.replaceState(null, "", "/network?" + params.toString());
      })
      .finally(function () { box.dataset.loaded = "1"; });
  }

  cy.on("tap", "node", function (event) {
    window.location.href = "/actors/" + encodeURIComponent(event.target.data("actor"));
  });
  form.addEventListener("change", load);
  form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  load();
})();
