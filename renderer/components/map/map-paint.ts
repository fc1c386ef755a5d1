/**
 * A view's own colouring of the map, in place of the health rings and the edges' own labels (the
 * Compare view colours each node and edge by how a figure changed). What is not painted is drawn
 * as the map draws it.
 */
export interface MapPaint {
  /** A CSS colour (a custom property, so light and dark follow the theme). */
  readonly color: string;
  /** Drawn bold (a difference larger than the noise) or faint. */
  readonly strong: boolean;
  /** Drawn dashed: there is no verdict (too few requests), or the node or edge is in one range only. */
  readonly dashed: boolean;
  /** A node's ring label, or an edge label's two lines. */
  readonly lines: readonly [string, string];
  /** Said to assistive tech after the name (the figures as text). */
  readonly description: string;
}

export interface MapPainter {
  readonly node: (key: string) => MapPaint | undefined;
  readonly edge: (id: string) => MapPaint | undefined;
}
