// Reads a GraphML file with graphology-graphml (the parser Gephi Lite uses) and
// prints what it found as JSON: node and edge counts, and each node's label.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import { parse } from "graphology-graphml";

const graph = parse(Graph, readFileSync(process.argv[2], "utf-8"), { addMissingNodes: false });
const labels = {};
graph.forEachNode((node, attributes) => { labels[node] = attributes.label; });
console.log(JSON.stringify({ order: graph.order, size: graph.size, multi: graph.multi, labels }));
