import { dispatchRequest, CHANNEL_NAMES, type HostHandlers } from '../../shared/contract/host/index.ts';
import type { Result } from '../../shared/base/errors.ts';
import { isAppUrl } from './security.ts';

/** The IPC event's sender as the handlers check it. */
export interface IpcSender {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** What registerHostIpc uses of ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSender, payload: unknown) => Promise<Result<unknown>>): void;
}

/**
 * One ipcMain handler per channel of the contract (shared/contract/host/channels.ts), each checking
 * its sender before anything else (GitHub Desktop's safeListener): the main frame of an app page,
 * never a sub-frame or a page from elsewhere. Then the contract's dispatch parses the payload with
 * the channel's schema and turns anything thrown into error data: a handler never sees a request
 * the schema refused, and the renderer always gets a Result.
 */
export function registerHostIpc(ipcMain: IpcMainLike, handlers: HostHandlers): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, payload) => {
      const frame = event.senderFrame;
      if (frame === null || frame.parent !== null || !isAppUrl(frame.url)) {
        return { ok: false, error: { kind: 'auth', message: `Refused ${channel}: it did not come from a Trace Explorer window.` } };
      }
      return dispatchRequest(handlers, channel, payload);
    });
  }
}
