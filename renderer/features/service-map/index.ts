/** The service map view: its public face. */
export { ServiceMapView } from './ServiceMapView.tsx';
export { MAP_PARAMS, selectionFromParams, type MapSelection } from './map-route.ts';
export { MAP_MARKS } from './use-service-map.ts';
