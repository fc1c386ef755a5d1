/** The map drawing shared by the Service map and Compare views: the canvas (zoom, pan, keys), nodes, edges and their texts. */
export { MapCanvas, type MapCanvasProps } from './MapCanvas.tsx';
export { MAP_MARKS } from './map-marks.ts';
export type { MapSelection } from './map-selection.ts';
export { edgeName, healthSentence } from './map-text.ts';
export { statusCount } from './health-ring.ts';
export type { MapPaint, MapPainter } from './map-paint.ts';
