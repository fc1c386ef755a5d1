import { useId } from 'react';
import type { ServiceSamplingRates, TimelineSampling } from '../../../shared/analysis/timeline/index.ts';
import { formatCount, formatPercent, formatQuantity } from '../../../shared/base/format.ts';

/** Services listed for all requests at most (the ones with most traced requests); the others are a choice away. */
const LISTED = 5;

interface Props {
  readonly sampling: TimelineSampling;
  /** The series drawn: `overall` or `node:<key>`. */
  readonly series: string;
}

/** The rules of one service: which matched how many of its traced requests, and the rates beside them. */
function ServiceRules({ service }: { readonly service: ServiceSamplingRates }) {
  return (
    <section className="te-sampling-service" aria-label={`Sampling rules of ${service.name}`}>
      <h3>
        {service.name} <span className="muted">[{service.type || 'no type'}]</span>
      </h3>
      <p className="muted">
        {service.decides
          ? 'Traces start here: the rule that matches a request decides whether the whole trace is recorded.'
          : 'Requests reach it from a caller that has decided already; the rule applies only to requests that arrive without a decision.'}
      </p>
      {service.matches.length === 0 ? (
        <p>No rule matches its {formatQuantity(service.requests, 'traced request')} (the snapshot has no Default rule).</p>
      ) : (
        <table className="te-sampling-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Priority</th>
              <th scope="col">Reservoir</th>
              <th scope="col">Fixed rate</th>
              <th scope="col">Traced requests</th>
            </tr>
          </thead>
          <tbody>
            {service.matches.map((match) => (
              <tr key={match.rule.name}>
                <th scope="row">{match.rule.name}</th>
                <td>{formatCount(match.rule.priority)}</td>
                <td>{formatCount(match.rule.reservoir)}/s</td>
                <td>{formatPercent(match.rule.fixedRate)}</td>
                <td>
                  {formatCount(match.requests)} ({formatPercent(match.share)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {service.matched < service.requests ? (
        <p className="muted">
          Shares of {formatCount(service.matched)} of its {formatCount(service.requests)} traced requests: an even sample of the traces was read (each request's facts are in its
          segment, and reading every one of a snapshot this size takes seconds).
        </p>
      ) : null}
      {service.unmatched > 0 && service.matches.length > 0 ? <p>{formatQuantity(service.unmatched, 'traced request')} matched no rule.</p> : null}
      {service.undecided.length > 0 ? (
        <p>
          {service.undecided.join(', ')} {service.undecided.length === 1 ? 'matches' : 'match'} on request attributes the traces do not record, and {service.undecided.length === 1 ? 'comes' : 'come'} first: it may apply instead.
        </p>
      ) : null}
      {service.recordedAgrees === true ? <p>Each segment records the same rule as the one that sampled it (aws.xray.sampling_rule_name).</p> : null}
      {service.recordedAgrees === false ? (
        <p>
          The segments record other rules as the ones that sampled them: {service.recorded.map((r) => `${r.name} (${formatCount(r.requests)})`).join(', ')}. The rules may have
          changed since, or one that matches on attributes applied.
        </p>
      ) : null}
      {service.measured !== undefined ? (
        <p className="te-sampling-rates">
          Measured: <strong>{formatPercent(service.measured)}</strong> of the requests API Gateway counted for {service.metric} were traced
          {service.expected !== undefined ? (
            <>
              ; at that traffic the rules would trace about <strong>{formatPercent(service.expected)}</strong>.
            </>
          ) : (
            '.'
          )}
        </p>
      ) : (
        <p className="muted">No API Gateway Count for this service: the rate traced cannot be measured here.</p>
      )}
    </section>
  );
}

/**
 * The X-Ray sampling rules in effect, beside the effective sampling rate: for the chosen service
 * its matching rules (several when its requests differ in method or path, each with its share),
 * for all requests those of the services where traces start.
 */
export function SamplingRulesPanel({ sampling, series }: Props) {
  const heading = useId();
  const nodeKey = series.startsWith('node:') ? series.slice('node:'.length) : undefined;
  const shown = nodeKey === undefined ? sampling.services.filter((s) => s.decides) : sampling.services.filter((s) => s.node === nodeKey);
  return (
    <details className="te-sampling" open aria-labelledby={heading}>
      <summary id={heading}>Sampling rules{sampling.rules.length > 0 ? ` (${formatQuantity(sampling.rules.length, 'rule')} in this snapshot)` : ''}</summary>
      {sampling.rules.length === 0 ? (
        <p>
          No sampling rules in this snapshot. A capture reads them (xray:GetSamplingRules); the output of <code>aws xray get-sampling-rules</code> can be opened with the
          traces.
        </p>
      ) : shown.length === 0 ? (
        <p>{nodeKey === undefined ? 'No traced service starts a trace.' : 'X-Ray infers this node from the calls made to it: it runs no sampler, the rules of its callers apply.'}</p>
      ) : (
        <>
          {shown.slice(0, LISTED).map((service) => (
            <ServiceRules key={service.node} service={service} />
          ))}
          {shown.length > LISTED ? <p className="muted">{formatQuantity(shown.length - LISTED, 'more service')} start traces: choose one above to see its rules.</p> : null}
        </>
      )}
    </details>
  );
}
