import { useState } from 'react';
import type { AnalysisClient } from '../../core/analysis-client.ts';
import { navigate } from '../../core/route.ts';
import { formatQuantity } from '../../../shared/base/format.ts';

/**
 * "Compare with the typical trace": the worker finds the median-duration trace of the node this
 * one enters through, and the Compare view opens with it as the before (features link by URL).
 * When this trace is the typical one, it says so instead.
 */
export function CompareWith({ client, traceId }: { readonly client: AnalysisClient; readonly traceId: string }) {
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const compare = async (): Promise<void> => {
    setBusy(true);
    const answer = await client.query('typicalTrace', { traceId });
    setBusy(false);
    if (!answer.ok) return setNote(answer.error.message);
    const { entry, traceId: typical, candidates } = answer.value;
    if (typical === traceId) return setNote(`This is the typical trace of ${entry}: the median duration of its ${formatQuantity(candidates, 'trace')}.`);
    navigate('compare', [
      ['mode', 'traces'],
      ['a', typical],
      ['b', traceId],
    ]);
  };
  return (
    <div className="te-route-actions">
      <button type="button" className="button" disabled={busy} onClick={() => void compare()}>
        Compare with the typical trace of its entry point
      </button>
      {note !== undefined ? (
        <span role="status" className="muted">
          {note}
        </span>
      ) : null}
    </div>
  );
}
