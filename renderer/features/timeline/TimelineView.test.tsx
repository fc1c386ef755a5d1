import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../test/support/fixtures.ts';
import type { HostApi } from '../../../shared/contract/host/index.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';
import { ServicesContext } from '../../core/services.ts';
import { createStore, initialAppState, StoreContext } from '../../core/store.ts';
import { AnalysisSession } from '../../workers/analysis-handlers.ts';
import { TimelineView } from './TimelineView.tsx';

const IATK = 'aws-iatk/go_test_documents_as_BatchGetTraces.json';

beforeAll(() => {
  // No canvas in jsdom: the lanes are never drawn, as when a person leaves before they are.
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  // The window whose widest plot (plotWidthBound) is the 900 px jsdom measures (its fallback: no
  // layout here), so the first question is the only one until the view is left.
  Object.defineProperty(window, 'innerWidth', { value: 1278, configurable: true });
});
beforeEach(() => window.history.replaceState(null, '', '/#/timeline'));
afterEach(cleanup);

/** Message turns (not time) until `until` holds, at most `max`. */
async function turns(until: () => boolean, max: number): Promise<void> {
  for (let n = 0; n < max && !until(); n++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('the Timeline view and the worker', () => {
  it('lets the worker go on with its idle work when it is left before its first lanes are drawn', async () => {
    const session = new AnalysisSession();
    let id = 0;
    const asked: unknown[] = [];
    const analysis: AnalysisClient = {
      query: async (query, params) => {
        if (query === 'timeline') asked.push(params);
        const answer = structuredClone(await session.answer({ id: ++id, query, params }));
        return (answer.ok ? { ok: true, value: answer.value } : { ok: false, error: answer.error }) as never;
      },
      dispose: () => undefined,
    };
    await analysis.query('open', { inputs: [{ name: 'iatk.json', bytes: fixtureBytes(IATK) }] });
    await analysis.query('prepareIndexes', {});
    const view = render(
      <StoreContext.Provider value={createStore(initialAppState)}>
        <ServicesContext.Provider value={{ host: {} as HostApi, analysis, actions: {} as never }}>
          <TimelineView />
        </ServicesContext.Provider>
      </StoreContext.Provider>,
    );
    // The first answer (the overall lanes, the rest still being made) is shown; the worker holds
    // its idle work until the lanes are drawn, which here they never are.
    await waitFor(() => expect(screen.getByText(/Still counting/)).toBeTruthy());
    await turns(() => session.idleWork === 'held', 50);
    expect(session.idleWork).toBe('held');
    expect(asked).toHaveLength(1);
    view.unmount();
    await turns(() => session.idleWork !== 'held', 200);
    expect(session.idleWork).not.toBe('held');
    // The rest of the question was asked on the way out.
    expect(asked).toEqual([{ maxBuckets: expect.any(Number), first: true }, { maxBuckets: (asked[0] as { maxBuckets: number }).maxBuckets }]);
  }, 60_000);
});
