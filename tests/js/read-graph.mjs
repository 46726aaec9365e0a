// Reads a GraphML or GEXF file with graphology's parsers (the ones Gephi Lite uses)
// and prints what it found as JSON: node and edge counts, and each node's attributes.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import * as graphml from "graphology-graphml";
import * as gexf from "graphology-gexf";

const path = process.argv[2];
const text = readFileSync(path, "utf-8");
const graph = path.endsWith(".gexf") ? gexf.parse(Graph, text) : graphml.parse(Graph, text, { addMissingNodes: false });
const nodes = {};
graph.forEachNode((node, attributes) => { nodes[node] = attributes; });
const edges = [];
graph.forEachEdge((edge, attributes, source, target) => { edges.push({ source, target, ...attributes }); });
const labels = Object.fromEntries(Object.entries(nodes).map(([id, a]) => [id, a.label]));
console.log(JSON.stringify({ order: graph.order, size: graph.size, multi: graph.multi, labels, nodes, edges }));
