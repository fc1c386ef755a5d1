/** The service map layout's input and output (see layout.ts for the algorithm). */

export interface LayoutNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Distance from the top of the box to where edges attach (default: height / 2). */
  readonly anchor?: number;
  /** Horizontal distance from the centre to where edges leave and arrive (default: width / 2). */
  readonly port?: number;
}

export interface LayoutEdge {
  readonly source: string;
  readonly target: string;
  readonly labelWidth: number;
  readonly labelHeight: number;
}

export interface LayoutOptions {
  /** Horizontal room between a node column and a label column. */
  readonly columnGap?: number;
  /** Vertical room between two nodes of a column. */
  readonly nodeGap?: number;
  /** Vertical room between labels and edges passing through a column. */
  readonly labelGap?: number;
  readonly margin?: number;
  /** Most barycentre sweeps (down or up) tried. */
  readonly maxSweeps?: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  /** Centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode {
  readonly id: string;
  /** Centre of the box horizontally; the anchor (where edges attach) vertically. */
  readonly x: number;
  readonly y: number;
  /** Top-left of the box. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Call depth: 0 for nodes nobody calls. */
  readonly layer: number;
}

export interface PlacedEdge {
  /** Index of the edge in the input. */
  readonly index: number;
  readonly source: string;
  readonly target: string;
  /**
   * From the source's port to the target's, through the label (its left and right middle) and
   * the columns crossed; x always increases along the list, except on reversed edges, which
   * run right to left. Empty for a self-loop.
   */
  readonly points: readonly Point[];
  readonly label: Box;
  /** The edge closes a cycle and was laid out against its direction. */
  readonly reversed: boolean;
  readonly selfLoop: boolean;
}

export interface MapLayout {
  /** In input order. */
  readonly nodes: readonly PlacedNode[];
  /** In input order; edges naming an unknown node are left out. */
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
  readonly layers: number;
  /** Edge crossings between adjacent columns in the chosen order. */
  readonly crossings: number;
}
