import { describe, expect, it } from 'vitest';
import { formatRoute, paramsToShow, parseRoute, routeSource, withSource } from './route.ts';

describe('routes in the URL fragment', () => {
  it('parses views and params, falling back to start', () => {
    expect(parseRoute('').view).toBe('start');
    expect(parseRoute('#/nonsense?x=1').view).toBe('start');
    const route = parseRoute('#/traces?q=service(%22a%22)%20AND%20ok&src=demo');
    expect(route.view).toBe('traces');
    expect(route.params.get('q')).toBe('service("a") AND ok');
    expect(routeSource(route)).toEqual({ kind: 'demo' });
  });

  it('round-trips params with characters that matter in URLs', () => {
    const handles = ['a-b_c0123456789abcdefg', 'ZZZZZZZZZZZZZZZZZZZZZZ'];
    const params = withSource(new URLSearchParams([['id', '1-abc?&#=x']]), { kind: 'files', handles });
    const route = parseRoute(formatRoute('trace', params));
    expect(route.view).toBe('trace');
    expect(route.params.get('id')).toBe('1-abc?&#=x');
    expect(route.params.getAll('src')).toEqual(handles.map((handle) => `file:${handle}`));
    expect(routeSource(route)).toEqual({ kind: 'files', handles });
  });

  it('keeps a launch URL\'s own state when its view and source are what opened, and starts afresh otherwise', () => {
    const launch = parseRoute('#/changes?src=demo&window=1716557722~1716559570&change=e-1');
    expect([...paramsToShow(launch, 'changes', { kind: 'demo' })].sort()).toEqual([['change', 'e-1'], ['src', 'demo'], ['window', '1716557722~1716559570']]);
    // Another view, or another source opened from the same page: only the source.
    expect([...paramsToShow(launch, 'map', { kind: 'demo' })]).toEqual([['src', 'demo']]);
    const files = { kind: 'files', handles: ['ZZZZZZZZZZZZZZZZZZZZZZ'] } as const;
    expect([...paramsToShow(launch, 'changes', files)]).toEqual([['src', 'file:ZZZZZZZZZZZZZZZZZZZZZZ']]);
    expect([...paramsToShow(parseRoute('#/map?node=AWS%3A%3ALambda%7Cf'), 'map', files)]).toEqual([['src', 'file:ZZZZZZZZZZZZZZZZZZZZZZ']]);
  });

  it('finds no source in a URL that names a path', () => {
    for (const hash of ['#/map?src=path%3A%2Fetc%2Fpasswd', '#/map?src=file%3A%2Fproc%2Fself%2Fenviron', '#/map?src=file%3A..%2F..%2Fx']) {
      expect(routeSource(parseRoute(hash)), hash).toBeUndefined();
    }
  });

  it('replaces or removes the source', () => {
    const params = withSource(new URLSearchParams('src=demo&id=7'), undefined);
    expect(params.toString()).toBe('id=7');
  });
});
