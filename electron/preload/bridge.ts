import { hostApiFromTransport, ipcEventChannel, type ChannelName, type EventName, type HostApi } from '../../shared/contract/host/index.ts';

/** What the bridge uses of ipcRenderer (kept inside the preload, never exposed). */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * The one object the preload exposes (`window.traceExplorer`): the contract's HostApi, built
 * from the contract (hostApiFromTransport checks each request before it leaves and parses each
 * answer), over IPC. The page gets domain methods only — never ipcRenderer, a channel name it
 * could choose, `send` or `sendSync`.
 */
export function hostBridge(ipc: IpcRendererLike): HostApi {
  return hostApiFromTransport({
    invoke: (channel: ChannelName, request: unknown) => ipc.invoke(channel, request),
    subscribe: (event: EventName, listener: (payload: unknown) => void) => {
      const channel = ipcEventChannel(event);
      const onEvent = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(channel, onEvent);
      return () => {
        ipc.removeListener(channel, onEvent);
      };
    },
  });
}
