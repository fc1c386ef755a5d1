import { describe, expect, it } from 'vitest';
import { FileGrants, isHandle, newHandle, unknownHandleError } from './file-grants.ts';

describe('granted files', () => {
  it('gives unguessable 128-bit handles, one per path, and finds the path only through them', () => {
    const grants = new FileGrants();
    const seen = new Set(Array.from({ length: 1000 }, () => newHandle()));
    expect(seen.size).toBe(1000);
    for (const handle of seen) expect(Buffer.from(handle, 'base64url')).toHaveLength(16);
    const a = grants.grant('/data/x/../a.json', 'chosen');
    expect(grants.grant('/data/a.json', 'capture')).toBe(a);
    expect(grants.lookup(a)).toEqual({ handle: a, path: '/data/a.json', kind: 'chosen' });
    expect(grants.describe(a)).toEqual({ handle: a, name: 'a.json', folder: '/data' });
    expect(grants.lookup('/data/a.json')).toBeUndefined();
    expect(() => grants.require(newHandle())).toThrow(/does not know/);
  });

  it('keeps a recent entry\'s handle, refuses to move a taken one, and never shares the demo\'s', () => {
    const grants = new FileGrants();
    const stable = 'stableRecentHandle0000';
    expect(grants.grant('/data/r.json', 'recent', stable)).toBe(stable);
    expect(grants.grant('/data/r.json', 'chosen')).toBe(stable);
    // The same id claimed for another path (an edited list): that path gets its own handle.
    const other = grants.grant('/data/other.json', 'recent', stable);
    expect(other).not.toBe(stable);
    expect(grants.lookup(stable)?.path).toBe('/data/r.json');
    const demo = grants.grant('/app/demo.json.gz', 'demo');
    const chosen = grants.grant('/app/demo.json.gz', 'chosen');
    expect(chosen).not.toBe(demo);
    expect(grants.describe(demo)).toEqual({ handle: demo, name: 'demo.json.gz' });
    expect(() => grants.grant('/data/z.json', 'recent', '../../etc/passwd')).toThrow(/22 base64url/);
  });

  it('remembers which handles were opened alone (where notes may go)', () => {
    const grants = new FileGrants();
    const a = grants.grant('/data/a.json.gz', 'chosen');
    const b = grants.grant('/data/b.json.gz', 'chosen');
    grants.noteOpened([a, b]);
    expect(grants.wasOpenedAlone(a)).toBe(false);
    grants.noteOpened([b]);
    expect(grants.wasOpenedAlone(b)).toBe(true);
  });
});

describe('granted files: which handle a path is known by', () => {
  it('keeps the first handle a path was granted, answers a repeated recent handle with itself, and knows paths only as granted', () => {
    const grants = new FileGrants();
    const first = grants.grant('/data/a.json', 'chosen');
    const stable = 'stableRecentHandle0000';
    expect(grants.grant('/data/a.json', 'recent', stable)).toBe(stable);
    // The recent list's handle again for the same file: that handle, not the path's first one.
    expect(grants.grant('/data/a.json', 'recent', stable)).toBe(stable);
    expect(grants.handleOf('/data/x/../a.json')).toBe(first);
    expect(grants.handleOf('/data/never.json')).toBeUndefined();
    expect(grants.grant('/data/a.json', 'capture')).toBe(first);
  });

  it('never gives the demo a chosen file’s handle, nor one demo another’s', () => {
    const grants = new FileGrants();
    const stable = 'stableRecentHandle0001';
    expect(grants.grant('/app/demo.json.gz', 'recent', stable)).toBe(stable);
    const demo = grants.grant('/app/demo.json.gz', 'demo', stable);
    expect(demo).not.toBe(stable);
    expect(grants.lookup(demo)).toEqual({ handle: demo, path: '/app/demo.json.gz', kind: 'demo' });
    expect(grants.grant('/app/demo.json.gz', 'demo', demo)).toBe(demo);
    expect(grants.grant('/app/demo.json.gz', 'chosen', demo)).toBe(stable);
    const other = grants.grant('/app/other-demo.json.gz', 'demo');
    expect(other).not.toBe(demo);
    expect(grants.lookup(other)?.path).toBe('/app/other-demo.json.gz');
    expect(grants.handleOf('/app/demo.json.gz')).toBe(stable);
  });

  it('takes only strings of 22 base64url characters as handles, and names a bad one as an internal error', () => {
    expect(isHandle('stableRecentHandle0000')).toBe(true);
    expect(isHandle(['stableRecentHandle0000'])).toBe(false);
    expect(isHandle('stableRecentHandle000')).toBe(false);
    expect(() => new FileGrants().grant('/data/z.json', 'recent', 'short')).toThrow(expect.objectContaining({ kind: 'internal', message: 'A file handle must be 22 base64url characters.' }));
  });

  it('names an unknown handle by its first six characters only', () => {
    const message = unknownHandleError('abcdefghijklmnopqrstuv').message;
    expect(message).toContain('(handle abcdef…)');
    expect(message).not.toContain('abcdefg');
  });
});
