export * from './schemas.ts';
export * from './capture-schemas.ts';
export * from './channels.ts';
export type * from './host-api.ts';
export { hostApiFromTransport, dispatchRequest, notAvailable } from './transport.ts';
export { encodeFrame, decodeFrame, FrameError, FRAME_CONTENT_TYPE, MAX_FRAME_HEADER_BYTES } from './frame.ts';
export { HTTP_TOKEN_HEADER, apiPath, EVENTS_PATH, FILES_PATH, fileBytesPath } from './http.ts';
export * from './launch.ts';
