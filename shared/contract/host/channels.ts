import type { z } from 'zod';
import {
  appInfoSchema,
  cancelCaptureRequestSchema,
  captureCancelledSchema,
  captureProgressSchema,
  captureRequestSchema,
  captureStartedSchema,
  emptyRequestSchema,
  menuCommandSchema,
  openedFilesSchema,
  openSnapshotRequestSchema,
  pickedFilesSchema,
  pickFilesRequestSchema,
  recentListSchema,
  saveNotesRequestSchema,
  savedNotesSchema,
  streamedFilesSchema,
  streamFilesRequestSchema,
} from './schemas.ts';
import { captureEstimateSchema, captureSetupSchema, signInAnswerSchema, signInProgressSchema, signInRequestSchema } from './capture-schemas.ts';

/**
 * Every request/response channel between renderer and host, after GitHub Desktop's
 * `ipc-shared.ts`: one table, so the Electron preload, the main-process handlers, the HTTP
 * client and the local web host cannot disagree about a name or a shape.
 */
export const channels = {
  getAppInfo: { request: emptyRequestSchema, response: appInfoSchema },
  openSnapshot: { request: openSnapshotRequestSchema, response: openedFilesSchema },
  openDemo: { request: emptyRequestSchema, response: openedFilesSchema },
  streamFiles: { request: streamFilesRequestSchema, response: streamedFilesSchema },
  pickFiles: { request: pickFilesRequestSchema, response: pickedFilesSchema },
  listRecent: { request: emptyRequestSchema, response: recentListSchema },
  saveNotes: { request: saveNotesRequestSchema, response: savedNotesSchema },
  startCapture: { request: captureRequestSchema, response: captureStartedSchema },
  cancelCapture: { request: cancelCaptureRequestSchema, response: captureCancelledSchema },
  getCaptureSetup: { request: emptyRequestSchema, response: captureSetupSchema },
  estimateCapture: { request: captureRequestSchema, response: captureEstimateSchema },
  signIn: { request: signInRequestSchema, response: signInAnswerSchema },
} as const;

/** Events the host pushes to the renderer. */
export const events = {
  captureProgress: captureProgressSchema,
  menuCommand: menuCommandSchema,
  signInProgress: signInProgressSchema,
} as const;

export type ChannelName = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends ChannelName> = z.infer<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.infer<(typeof channels)[C]['response']>;
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;

export const CHANNEL_NAMES = Object.keys(channels) as readonly ChannelName[];
export const EVENT_NAMES = Object.keys(events) as readonly EventName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** The IPC channel a host event travels on to the renderer (Electron's webContents.send; the preload listens on it). */
export function ipcEventChannel(event: EventName): string {
  return `event:${event}`;
}
