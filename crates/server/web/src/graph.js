// Draws the claim/denial graph and the actor network of `readout serve` with cytoscape.
// Bundled by esbuild into dist/graph.js, which the server embeds: nothing is fetched
// from outside the app. Node labels are set as data and drawn on a canvas, never
// inserted as HTML.
import cytoscape from "cytoscape";

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": 9,
      "text-wrap": "ellipsis",
      "text-max-width": 140,
      "background-color": "#4a78b5",
      width: 14,
      height: 14,
      color: "#222",
    },
  },
  { selector: "node.PERSON", style: { "background-color": "#c0504d" } },
  { selector: "node.ORG", style: { "background-color": "#4f81bd" } },
  { selector: "node.GPE, node.LOC", style: { "background-color": "#9bbb59" } },
  {
    selector: "edge",
    style: {
      width: "data(width)",
      "curve-style": "bezier",
      "target-arrow-shape": "triangle",
      "line-color": "#999",
      "target-arrow-color": "#999",
    },
  },
  { selector: "edge.denies", style: { "line-color": "#c0392b", "target-arrow-color": "#c0392b" } },
  { selector: "edge.supports", style: { "line-color": "#27ae60", "target-arrow-color": "#27ae60" } },
];

function short(s, n) {
  s = String(s == null ? "" : s);
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

function claimsElements(data) {
  const nodes = data.nodes.map((n) => ({
    data: {
      id: "s" + n.id,
      label: short((n.speaker || "?") + ": " + n.content, 60),
      article: n.article,
    },
  }));
  const ids = new Set(nodes.map((n) => n.data.id));
  const edges = data.edges
    .filter((e) => ids.has("s" + e.source) && ids.has("s" + e.target))
    .map((e, i) => ({
      data: { id: "c" + i, source: "s" + e.source, target: "s" + e.target, width: 2 },
      classes: e.stance === "denies" ? "denies" : "supports",
    }));
  return nodes.concat(edges);
}

function actorsElements(data) {
  const nodes = data.nodes.map((n) => ({
    data: { id: "e" + n.id, label: short(n.name, 40), entity: n.id },
    classes: String(n.type || "").replace(/[^A-Z]/g, ""),
  }));
  const ids = new Set(nodes.map((n) => n.data.id));
  const edges = data.edges
    .filter((e) => ids.has("e" + e.source) && ids.has("e" + e.target))
    .map((e, i) => ({
      data: {
        id: "a" + i,
        source: "e" + e.source,
        target: "e" + e.target,
        width: Math.min(1 + Math.log2(1 + e.statements), 8),
      },
    }));
  return nodes.concat(edges);
}

async function draw(id, build, open) {
  const box = document.getElementById(id);
  const status = document.getElementById(id + "-status");
  if (!box) return;
  try {
    const res = await fetch(box.dataset.api, { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error("HTTP " + res.status);
    const elements = build(await res.json());
    const nodes = elements.filter((e) => !e.data.source).length;
    const edges = elements.length - nodes;
    if (status) status.textContent = nodes + " nodes, " + edges + " edges";
    box.dataset.nodes = String(nodes);
    box.dataset.edges = String(edges);
    if (nodes === 0) {
      box.classList.add("empty-graph");
      box.textContent = "Nothing to draw yet.";
      return;
    }
    const cy = cytoscape({
      container: box,
      elements,
      style: STYLE,
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000 },
      wheelSensitivity: 0.3,
    });
    cy.on("tap", "node", (ev) => {
      const url = open(ev.target.data());
      if (url) window.location.href = url;
    });
    box.dataset.ready = "1";
  } catch (err) {
    if (status) status.textContent = "Could not draw the graph: " + err.message;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  draw("claims", claimsElements, (d) => (d.article ? "/article/" + Number(d.article) : null));
  draw("actors", actorsElements, (d) => "/entity/" + Number(d.entity));
});
