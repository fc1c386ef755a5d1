import { apiPath, decodeFrame, encodeFrame, EVENTS_PATH, fileBytesPath, FRAME_CONTENT_TYPE, HTTP_TOKEN_HEADER, type HostTransport, type StreamedFile } from '../../shared/contract/host/index.ts';
import type { OpenInput } from '../../shared/contract/worker/analysis-protocol.ts';

/**
 * The contract over the local web host's HTTP API (electron/host/serve.ts): each request is a
 * POST of a binary frame with the session token in a header; events arrive as JSON lines on
 * one streamed GET, opened when the first listener subscribes.
 */
export function httpTransport(token: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): HostTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let stream: AbortController | undefined;

  const openStream = async (): Promise<void> => {
    const controller = new AbortController();
    stream = controller;
    try {
      const response = await fetchImpl(EVENTS_PATH, { headers: { [HTTP_TOKEN_HEADER]: token }, signal: controller.signal });
      const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
        buffered += chunk.value;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          try {
            const message = JSON.parse(line) as { event?: unknown; payload?: unknown };
            if (typeof message.event === 'string') for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
          } catch {
            // A broken line is skipped; the next one may be fine.
          }
        }
      }
    } catch {
      // Closed or aborted: events stop; requests still work.
    }
  };

  return {
    async invoke(channel, request) {
      const response = await fetchImpl(apiPath(channel), {
        method: 'POST',
        headers: { [HTTP_TOKEN_HEADER]: token, 'content-type': FRAME_CONTENT_TYPE },
        body: encodeFrame(request),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).trim()}`);
      return decodeFrame(new Uint8Array(await response.arrayBuffer()));
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      if (!stream) void openStream();
      return () => {
        set.delete(listener);
        if ([...listeners.values()].every((s) => s.size === 0)) {
          stream?.abort();
          stream = undefined;
        }
      };
    },
  };
}

/** The session token of the page's URL (`?token=…`), if any. */
export function tokenFromLocation(location: Pick<Location, 'search'>): string | undefined {
  return new URLSearchParams(location.search).get('token') ?? undefined;
}

/**
 * The files the host granted for streaming (HostApi.streamFiles) as the analysis worker fetches
 * them: one GET of `/api/files/<handle>` per file with the token (none in the desktop app, whose
 * own scheme answers the same path: electron/main/app-protocol.ts), read by the worker's reader as it
 * arrives (nothing is read on this thread).
 */
export function httpFileInputs(token: string, base: string = globalThis.location?.href ?? 'http://127.0.0.1/'): (files: readonly StreamedFile[]) => readonly OpenInput[] {
  return (files) => files.map((file) => ({ name: file.name, url: new URL(fileBytesPath(file.handle), base).href, ...(token === '' ? {} : { headers: { [HTTP_TOKEN_HEADER]: token } }), size: file.size }));
}
