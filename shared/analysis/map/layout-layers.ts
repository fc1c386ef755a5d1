/** Steps 1–2 of the layered layout (map-layout.ts): breaking cycles and assigning layers, iteratively. */

/** Outgoing links per node, in input order. */
function outLinks(count: number, source: readonly number[]): number[][] {
  const out: number[][] = Array.from({ length: count }, () => []);
  source.forEach((s, link) => out[s]!.push(link));
  return out;
}

/** Links that close a cycle in a depth-first search from the nodes without callers (then any left). */
export function backEdges(count: number, links: readonly { readonly source: number; readonly target: number }[]): boolean[] {
  const source = links.map((link) => link.source);
  const target = links.map((link) => link.target);
  const out = outLinks(count, source);
  const indegree = new Int32Array(count);
  for (const t of target) indegree[t]!++;
  const state = new Uint8Array(count);
  const back = new Array<boolean>(links.length).fill(false);
  const roots = [...Array.from({ length: count }, (_, i) => i).filter((i) => indegree[i] === 0), ...Array.from({ length: count }, (_, i) => i)];
  const stack: number[] = [];
  const next: number[] = [];
  for (const root of roots) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    stack.push(root);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top]!;
      const edges = out[node]!;
      if (next[top]! >= edges.length) {
        state[node] = 2;
        stack.pop();
        next.pop();
        continue;
      }
      const link = edges[next[top]!]!;
      next[top]!++;
      const child = target[link]!;
      if (state[child] === 1) back[link] = true;
      else if (state[child] === 0) {
        state[child] = 1;
        stack.push(child);
        next.push(0);
      }
    }
  }
  return back;
}

/** Layer of every node: the longest path from a node without incoming links (Kahn's order). */
export function longestPathLayers(count: number, source: readonly number[], target: readonly number[]): Int32Array {
  const out = outLinks(count, source);
  const indegree = new Int32Array(count);
  for (const t of target) indegree[t]!++;
  const layer = new Int32Array(count);
  const queue: number[] = [];
  for (let i = 0; i < count; i++) if (indegree[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const link of out[node]!) {
      const child = target[link]!;
      if (layer[node]! + 1 > layer[child]!) layer[child] = layer[node]! + 1;
      if (--indegree[child]! === 0) queue.push(child);
    }
  }
  return layer;
}

/** Nodes in depth-first pre-order from the sources (the initial order within columns). */
export function dfsOrder(count: number, source: readonly number[], target: readonly number[]): Int32Array {
  const out = outLinks(count, source);
  const indegree = new Int32Array(count);
  for (const t of target) indegree[t]!++;
  const rank = new Int32Array(count).fill(-1);
  let seen = 0;
  const roots = [...Array.from({ length: count }, (_, i) => i).filter((i) => indegree[i] === 0), ...Array.from({ length: count }, (_, i) => i)];
  for (const root of roots) {
    if (rank[root] !== -1) continue;
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (rank[node] !== -1) continue;
      rank[node] = seen++;
      const edges = out[node]!;
      for (let k = edges.length - 1; k >= 0; k--) {
        const child = target[edges[k]!]!;
        if (rank[child] === -1) stack.push(child);
      }
    }
  }
  return rank;
}
