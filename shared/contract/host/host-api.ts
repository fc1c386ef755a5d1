import type { Result } from '../../base/errors.ts';
import type { ChannelName, EventName, EventOf, RequestOf, ResponseOf } from './channels.ts';
import type {
  AppInfo,
  CancelCaptureRequest,
  CaptureCancelled,
  CaptureProgress,
  CaptureRequest,
  CaptureStarted,
  MenuCommand,
  OpenedFiles,
  OpenSnapshotRequest,
  PickedFiles,
  PickFilesRequest,
  RecentList,
  SavedNotes,
  SaveNotesRequest,
  StreamedFiles,
  StreamFilesRequest,
} from './schemas.ts';
import type { CaptureEstimate, CaptureSetup, SignInAnswer, SignInProgress, SignInRequest } from './capture-schemas.ts';

/**
 * What the renderer may ask of its host, as domain methods. The Electron preload exposes one
 * object of this type (built with `hostApiFromTransport`) and the browser build talks to the
 * local web host through the same interface over HTTP. Failures come back as data.
 */
export interface HostApi {
  getAppInfo(): Promise<Result<AppInfo>>;
  /**
   * Reads the files behind handles the host gave out (never a path); the bytes are parsed in the
   * renderer's worker. An unknown handle is `notFound`.
   */
  openSnapshot(request: OpenSnapshotRequest): Promise<Result<OpenedFiles>>;
  /** The bundled demo incident; `notFound` when it is not installed. */
  openDemo(): Promise<Result<OpenedFiles>>;
  /**
   * Opens files (or the demo) whose bytes the page then streams from the host, by handle: each
   * file's name and size, the group recorded in the recent list as openSnapshot does. Where the
   * host has no file endpoint (a desktop preload without one) it is `notFound`.
   */
  streamFiles(request: StreamFilesRequest): Promise<Result<StreamedFiles>>;
  /** The host's own file dialog (desktop): handles for the files chosen. A browser host has none (`notFound`). */
  pickFiles(request: PickFilesRequest): Promise<Result<PickedFiles>>;
  listRecent(): Promise<Result<RecentList>>;
  saveNotes(request: SaveNotesRequest): Promise<Result<SavedNotes>>;
  startCapture(request: CaptureRequest): Promise<Result<CaptureStarted>>;
  cancelCapture(request: CancelCaptureRequest): Promise<Result<CaptureCancelled>>;
  /** The AWS profiles (SSO ones with their sign-in state) and the default Region, for the Capture dialog. */
  getCaptureSetup(): Promise<Result<CaptureSetup>>;
  /** What a request would cost (calls, seconds at the paced rates) and whether it continues a stopped capture. */
  estimateCapture(request: CaptureRequest): Promise<Result<CaptureEstimate>>;
  /**
   * Signs an SSO profile in: at once through the SDK's refresh when the cache allows, else by
   * IAM Identity Center's device authorization (a link and a code for the person; the end comes
   * as `onDidSignIn`). The token stays in the host's cache.
   */
  signIn(request: SignInRequest): Promise<Result<SignInAnswer>>;
  /** How pending sign-ins end. Returns a function that stops listening. */
  onDidSignIn(listener: (event: SignInProgress) => void): () => void;
  /** Returns a function that stops listening. */
  onDidCaptureProgress(listener: (event: CaptureProgress) => void): () => void;
  /** The desktop app's menu commands for this window (never sent by the web host). Returns a function that stops listening. */
  onDidMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/**
 * How a transport moves one request: `invoke` sends a channel's request and resolves with the
 * other side's Result (any value: it is parsed here); `subscribe` delivers raw event payloads.
 */
export interface HostTransport {
  invoke(channel: ChannelName, request: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Maps one channel's handler for the host side. */
export type HostHandlers = {
  readonly [C in ChannelName]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
};

export type HostEventListener<E extends EventName> = (event: EventOf<E>) => void;
