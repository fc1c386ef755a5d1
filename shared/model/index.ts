export type * from './xray.ts';
export type * from './trace.ts';
export type * from './service-graph.ts';
export type * from './change-event.ts';
export type * from './metrics.ts';
export type * from './snapshot.ts';
export type * from './dataset.ts';
export { SpanFlag } from './trace.ts';
