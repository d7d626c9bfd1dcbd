(function () {
  "use strict";
  var holder = document.getElementById("mirbone-network-view");
  var source = document.getElementById("mirbone-network");
  if (!holder || !source || typeof cytoscape !== "function") { return; }
  var network = JSON.parse(source.textContent);
  var status = document.getElementById("network-status");
  var cy = cytoscape({
    container: holder,
    elements: network.elements,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 6,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 9, "text-valign": "bottom",
        "text-margin-y": 2, "color": "#1d2433", "min-zoomed-font-size": 6,
        "text-wrap": "ellipsis", "text-max-width": 140 } },
      { selector: "node[kind = 'mirna']", style: { "shape": "ellipse", "width": 22, "height": 22,
        "background-color": "data(color)", "border-width": 1.2, "border-color": "#444" } },
      { selector: "node[kind = 'gene']", style: { "shape": "round-rectangle", "width": 14,
        "height": 14, "background-color": "#d9d9d9", "border-width": 0.8,
        "border-color": "#777" } },
      { selector: "node[kind = 'term']", style: { "shape": "diamond", "width": 24, "height": 24,
        "background-color": "#e6c229", "border-width": 1, "border-color": "#8a6d00",
        "font-weight": "bold" } },
      { selector: "edge", style: { "width": 1, "line-color": "#9aa3b2", "curve-style": "haystack",
        "opacity": 0.7 } },
      { selector: "edge[kind = 'member']", style: { "line-style": "dashed",
        "line-color": "#c9a400" } },
      { selector: ".match", style: { "border-width": 4, "border-color": "#ff7f00" } },
      { selector: ".faded", style: { "opacity": 0.12 } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 6000,
              idealEdgeLength: 60, componentSpacing: 70, numIter: 1500, fit: true,
              padding: 20 }
  });
  window.mirboneNetwork = cy;

  function checked(name) {
    return Array.prototype.filter.call(
      document.querySelectorAll("input[name='" + name + "']"), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; });
  }
  function evidenceOf(edge) {
    return String(edge.data("evidence") || "unknown").split(";").map(function (part) {
      return part.trim();
    });
  }
  function applyFilters() {
    var evidence = checked("network-evidence");
    var directions = checked("network-direction");
    cy.batch(function () {
      cy.elements().style("display", "element");
      cy.nodes("[kind = 'mirna']").forEach(function (node) {
        if (directions.indexOf(node.data("direction")) < 0) { node.style("display", "none"); }
      });
      cy.edges("[kind = 'targets']").forEach(function (edge) {
        var keep = evidenceOf(edge).some(function (level) { return evidence.indexOf(level) >= 0; });
        if (!keep || edge.source().style("display") === "none") { edge.style("display", "none"); }
      });
      // A gene stays when a shown miRNA still targets it; a term when a shown gene is in it.
      cy.nodes("[kind = 'gene']").forEach(function (gene) {
        var shown = gene.connectedEdges("[kind = 'targets']").filter(function (edge) {
          return edge.style("display") !== "none";
        });
        if (shown.length === 0) {
          gene.style("display", "none");
          gene.connectedEdges().style("display", "none");
        }
      });
      cy.nodes("[kind = 'term']").forEach(function (term) {
        var shown = term.connectedEdges().filter(function (edge) {
          return edge.source().style("display") !== "none";
        });
        if (shown.length === 0) { term.style("display", "none"); }
      });
    });
    var visible = cy.nodes().filter(function (node) { return node.style("display") !== "none"; });
    if (status) {
      status.textContent = visible.length + " of " + cy.nodes().length + " nodes shown";
    }
  }
  function search() {
    var text = document.getElementById("network-search").value.trim().toLowerCase();
    cy.elements().removeClass("match faded");
    if (!text) { return; }
    var hits = cy.nodes().filter(function (node) {
      return node.style("display") !== "none" &&
        String(node.data("label")).toLowerCase().indexOf(text) >= 0;
    });
    if (hits.length === 0) { return; }
    var near = hits.closedNeighborhood();
    cy.elements().not(near).addClass("faded");
    hits.addClass("match");
    cy.animate({ fit: { eles: near, padding: 40 } }, { duration: 250 });
  }
  Array.prototype.forEach.call(
    document.querySelectorAll("input[name='network-evidence'], input[name='network-direction']"),
    function (box) { box.addEventListener("change", applyFilters); });
  document.getElementById("network-search").addEventListener("input", search);
  document.getElementById("network-zoom-in").addEventListener("click", function () {
    cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: holder.clientWidth / 2,
      y: holder.clientHeight / 2 } });
  });
  document.getElementById("network-zoom-out").addEventListener("click", function () {
    cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: holder.clientWidth / 2,
      y: holder.clientHeight / 2 } });
  });
  document.getElementById("network-fit").addEventListener("click", function () {
    cy.fit(undefined, 20);
  });
  cy.on("tap", "node", function (event) {
    var data = event.target.data();
    var parts = [data.kind + " " + data.label];
    if (data.log2fc !== undefined) { parts.push("log2FC " + data.log2fc); }
    if (data.padj !== undefined) { parts.push("padj " + data.padj); }
    if (data.fdr !== undefined) { parts.push("FDR " + data.fdr); }
    if (data.term) { parts.push(data.term); }
    var info = document.getElementById("network-info");
    if (info) { info.textContent = parts.join(" · "); }
  });
  cy.on("tap", "edge", function (event) {
    var data = event.target.data();
    var info = document.getElementById("network-info");
    if (info) {
      info.textContent = event.target.source().data("label") + " -> " +
        event.target.target().data("label") + " · source " + data.db + " · evidence " +
        data.evidence;
    }
  });
  applyFilters();
}());
