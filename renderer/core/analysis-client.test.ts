import { describe, expect, it } from 'vitest';
import { buffersOf, createAnalysisClient, type WorkerLike } from './analysis-client.ts';
import type { WorkerMessage, WorkerReply } from '../../shared/contract/worker/analysis-protocol.ts';

function fakeWorker() {
  const listeners = new Map<string, ((event: never) => void)[]>();
  const sent: { message: WorkerMessage; transfer: Transferable[] }[] = [];
  const worker: WorkerLike = {
    postMessage: (message, transfer) => void sent.push({ message, transfer }),
    addEventListener: (type: string, listener: (event: never) => void) => void listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    terminate: () => undefined,
  };
  const emit = (type: string, event: unknown): void => {
    for (const listener of listeners.get(type) ?? []) listener(event as never);
  };
  return { worker, sent, reply: (data: WorkerReply) => emit('message', { data }), crash: (message: string) => emit('error', { message }) };
}

describe('analysis client', () => {
  it('matches answers to questions by id, in any order', async () => {
    const fake = fakeWorker();
    const client = createAnalysisClient(fake.worker);
    const first = client.query('serviceMap', {});
    const second = client.query('traceList', { offset: 0, limit: 5 });
    const [a, b] = fake.sent.map((item) => ('id' in item.message ? item.message.id : -1));
    fake.reply({ id: b ?? 0, ok: false, error: { kind: 'notFound', message: 'No incident is open.' } });
    fake.reply({ id: a ?? 0, ok: true, value: null });
    expect(await first).toEqual({ ok: true, value: null });
    expect(await second).toEqual({ ok: false, error: { kind: 'notFound', message: 'No incident is open.' } });
  });

  it('fails every pending question when the worker dies', async () => {
    const fake = fakeWorker();
    const client = createAnalysisClient(fake.worker);
    const pending = client.query('serviceMap', {});
    fake.crash('out of memory');
    const result = await pending;
    expect(!result.ok && result.error.message).toMatch(/out of memory.*Reload/);
  });

  it('transfers each buffer once', () => {
    const shared = new ArrayBuffer(8);
    const buffers = buffersOf([new Uint8Array(shared, 0, 4), new Uint8Array(shared, 4, 4), new Uint8Array(2)]);
    expect(buffers).toHaveLength(2);
    expect(buffers[0]).toBe(shared);
  });
});
