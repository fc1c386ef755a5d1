/** What is selected on a map: a node, an edge, or nothing. The same keys and ids name them in every view's URL. */
export interface MapSelection {
  /** A node key, `type|name`. */
  readonly node?: string;
  /** An edge id, `source→target` of node keys. */
  readonly edge?: string;
}
