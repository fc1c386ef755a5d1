import { formatCount, formatDuration, formatQuantity } from '../../../shared/base/format.ts';
import type { CaptureEstimate } from '../../../shared/contract/host/index.ts';
import type { Loaded } from './use-capture-host.ts';

const EXAMPLE_TRACES = 1000;

/** The cost before it starts: calls and time at the paced rates, what grows with the traces found, and a resume. */
export function CaptureEstimateLine({ estimate, cloudTrail }: { readonly estimate: Loaded<CaptureEstimate> | undefined; readonly cloudTrail: boolean }) {
  if (estimate === undefined) return null;
  if (estimate.phase === 'loading') {
    return (
      <p className="capture-estimate muted" role="status" aria-busy="true">
        Estimating…
      </p>
    );
  }
  if (estimate.phase === 'failed') {
    return (
      <p className="capture-estimate capture-estimate--error" role="status">
        {estimate.error.message}
      </p>
    );
  }
  const e = estimate.value;
  const batch = e.perApi.find((row) => row.api === 'BatchGetTraces');
  const exampleCalls = Math.ceil(EXAMPLE_TRACES / e.traceIdsPerCall);
  const lookups = e.perApi.find((row) => row.api === 'LookupEvents');
  return (
    <div className="capture-estimate" role="status" aria-label="Estimate">
      {e.resumes ? (
        <p className="capture-estimate__resume">
          <strong>Continues the stopped capture</strong> {e.resumes.fileName}: {formatQuantity(e.resumes.answeredCalls, 'call')} already answered are not asked again.
        </p>
      ) : null}
      <p>
        <strong>
          At least {formatQuantity(e.calls, 'call')}, about {formatDuration(Math.max(1, e.seconds))}
        </strong>
        {batch && batch.calls > 0 ? ` (${formatCount(batch.calls)} of them for the traces still to fetch)` : ''}, paced below each API's rate.
      </p>
      <p className="muted small">
        {batch && batch.calls === 0
          ? `Then 1 call per ${e.traceIdsPerCall} traces found, ${batch.ratePerSecond} a second: ${formatCount(EXAMPLE_TRACES)} traces take ${formatCount(exampleCalls)} calls, about ${formatDuration(exampleCalls / batch.ratePerSecond)}. `
          : ''}
        {cloudTrail && lookups ? `CloudTrail: 1 call per ${e.eventsPerCall} events, ${lookups.ratePerSecond} a second per Region (its documented limit).` : ''}
      </p>
    </div>
  );
}
