/**
 * Talks to the local web host (electron/host/serve.ts) the way the renderer does, for capture
 * tests: contract calls as binary frames over `POST /api/<channel>` with the session token, and
 * the `GET /api/events` stream read line by line. Keeps every raw answer, so a test can check
 * that nothing secret ever crossed.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureProgressSchema, decodeFrame, encodeFrame, EVENTS_PATH, FRAME_CONTENT_TYPE, HTTP_TOKEN_HEADER, signInProgressSchema, type CaptureProgress, type SignInProgress } from '../../shared/contract/host/index.ts';
import type { CaptureService } from '../../electron/capture/capture-service.ts';
import { startServer, type RunningServer } from '../../electron/host/serve.ts';

export interface TestHost {
  readonly server: RunningServer;
  readonly folder: string;
  /** Every answer body the host sent (API answers decoded to JSON text, event lines as sent). */
  readonly transcript: string[];
  readonly events: CaptureProgress[];
  /** The signInProgress events (how pending sign-ins ended). */
  readonly signIns: SignInProgress[];
  call(channel: string, request: unknown): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; error: { kind: string; message: string } }>;
  /** Resolves with the events of one capture once its last event (done, failed, cancelled) has come. */
  finished(captureId: string, timeoutMs?: number): Promise<CaptureProgress[]>;
  /** Resolves with how the pending sign-in of `profile` ended, once the host has said. */
  signInFinished(profile: string, timeoutMs?: number): Promise<SignInProgress>;
  /** Resolves once an event matching `test` has come. */
  waitFor(test: (event: CaptureProgress) => boolean, timeoutMs?: number): Promise<CaptureProgress>;
  close(): Promise<void>;
}

const FINAL = new Set(['done', 'failed', 'cancelled']);

export async function startTestHost(capture: CaptureService): Promise<TestHost> {
  const folder = await mkdtemp(join(tmpdir(), 'capture-host-'));
  await mkdir(join(folder, 'static'));
  await writeFile(join(folder, 'static', 'index.html'), '<!doctype html><title>test</title>');
  const server = await startServer({ staticDir: join(folder, 'static'), demoPath: join(folder, 'no-demo.json.gz'), home: join(folder, 'home'), capture });
  const transcript: string[] = [];
  const events: CaptureProgress[] = [];
  const signIns: SignInProgress[] = [];
  const waiters = new Set<() => void>();
  const controller = new AbortController();
  const stream = await fetch(`${server.origin}${EVENTS_PATH}`, { headers: { [HTTP_TOKEN_HEADER]: server.token }, signal: controller.signal });
  const reading = (async () => {
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      text += chunk.value;
      const lines = text.split('\n');
      text = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        transcript.push(line);
        const parsed = JSON.parse(line) as { event: string; payload: unknown };
        // The renderer parses every event with the contract's schema; so does the test.
        if (parsed.event === 'captureProgress') events.push(captureProgressSchema.parse(parsed.payload));
        else signIns.push(signInProgressSchema.parse(parsed.payload));
        for (const wake of waiters) wake();
      }
    }
  })();

  const waitFor = (test: (event: CaptureProgress) => boolean, timeoutMs = 20_000): Promise<CaptureProgress> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = events.find(test);
        if (found === undefined) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`no such event within ${timeoutMs} ms; seen: ${events.map((e) => e.phase).join(' ')}`));
      }, timeoutMs);
      waiters.add(wake);
      check();
    });

  return {
    server,
    folder,
    transcript,
    events,
    signIns,
    async call(channel, request) {
      const response = await fetch(`${server.origin}/api/${channel}`, {
        method: 'POST',
        headers: { [HTTP_TOKEN_HEADER]: server.token, 'content-type': FRAME_CONTENT_TYPE },
        body: encodeFrame(request),
      });
      const decoded = decodeFrame(new Uint8Array(await response.arrayBuffer()));
      transcript.push(JSON.stringify(decoded));
      return decoded as Awaited<ReturnType<TestHost['call']>>;
    },
    async finished(captureId, timeoutMs) {
      await waitFor((e) => e.captureId === captureId && FINAL.has(e.phase), timeoutMs);
      return events.filter((e) => e.captureId === captureId);
    },
    waitFor,
    signInFinished: (profile, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const wake = (): void => {
          const found = signIns.find((e) => e.profile === profile);
          if (found === undefined) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no signInProgress for ${profile} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
        wake();
      }),
    async close() {
      await server.close();
      // The host ends the event stream as it closes: read what is left before letting go.
      await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 2000))]);
      controller.abort();
      await reading;
    },
  };
}
