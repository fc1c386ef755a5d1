import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeFrame, encodeFrame, FrameError } from './frame.ts';

describe('binary frame', () => {
  it('round-trips JSON values with byte arrays anywhere in them', () => {
    const bytes = fc.uint8Array({ maxLength: 64 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        bytes,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (input) => {
        const decoded = decodeFrame(encodeFrame(input));
        // -0 becomes 0 in JSON; compare through the same normalisation.
        expect(normalise(decoded)).toEqual(normalise(input));
      }),
    );
  });

  it('keeps byte arrays as views without copying, and keeps their content', () => {
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array(1000).fill(7);
    const frame = encodeFrame({ files: [{ name: 'a', bytes: a }, { name: 'b', bytes: b }] });
    const decoded = decodeFrame(frame) as { files: { name: string; bytes: Uint8Array }[] };
    expect(decoded.files[0]?.bytes).toEqual(a);
    expect(decoded.files[1]?.bytes.byteLength).toBe(1000);
    expect(decoded.files[1]?.bytes.buffer).toBe(frame.buffer);
  });

  it('treats a __proto__ key as plain data', () => {
    const decoded = decodeFrame(encodeFrame(JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'))) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true);
  });

  it('refuses truncated, padded and forged frames', () => {
    const frame = encodeFrame({ bytes: new Uint8Array([9, 9, 9]) });
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(FrameError);
    const padded = new Uint8Array(frame.byteLength + 1);
    padded.set(frame);
    expect(() => decodeFrame(padded)).toThrow(FrameError);
    expect(() => decodeFrame(new Uint8Array([1, 0]))).toThrow(FrameError);
    // A header that points at a byte array that is not there.
    expect(() => decodeFrame(encodeFrame(JSON.parse('{"$bytes": 0}')))).toThrow(FrameError);
    // The same byte array referenced twice.
    expect(() => decodeFrame(rawFrame([new Uint8Array([1])], '[{"$bytes":0},{"$bytes":0}]'))).toThrow(FrameError);
    expect(decodeFrame(rawFrame([new Uint8Array([1])], '[{"$bytes":0}]'))).toEqual([new Uint8Array([1])]);
  });

  it('fails cleanly on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (random) => {
        try {
          decodeFrame(random);
        } catch (error) {
          expect(error).toBeInstanceOf(FrameError);
        }
      }),
    );
  });
});

function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? { bytes: [...v] } : v)));
}

function rawFrame(blobs: Uint8Array[], header: string): Uint8Array {
  const text = new TextEncoder().encode(header);
  const prefix = 4 * (blobs.length + 2);
  const frame = new Uint8Array(prefix + text.byteLength + blobs.reduce((n, b) => n + b.byteLength, 0));
  const view = new DataView(frame.buffer);
  view.setUint32(0, blobs.length, true);
  blobs.forEach((b, i) => view.setUint32(4 * (i + 1), b.byteLength, true));
  view.setUint32(prefix - 4, text.byteLength, true);
  frame.set(text, prefix);
  let at = prefix + text.byteLength;
  for (const b of blobs) {
    frame.set(b, at);
    at += b.byteLength;
  }
  return frame;
}
