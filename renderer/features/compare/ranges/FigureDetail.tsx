import { forwardRef } from 'react';
import { TESTED_RATES, type AdjustedTest, type ComparedEdge, type ExceptionChange, type RangeComparison, type TestMethod } from '../../../../shared/analysis/compare/index.ts';
import { formatCount, formatProbability, formatQuantity } from '../../../../shared/base/format.ts';
import type { OpenSource } from '../../../../shared/contract/host/index.ts';
import { formatRoute, withSource } from '../../../core/route.ts';
import { OverlaidHistogramChart } from './OverlaidHistogramChart.tsx';
import { VERDICT_TEXT, verdictOf } from './figure-cells.ts';
import type { TableRow } from './FigureTable.tsx';
import { entryOf, tracesHref, typicalTracesHref, type RangesModeParams } from './ranges-links.ts';
import './figure-detail.css';

const METHOD_TEXT: Readonly<Record<TestMethod, string>> = { 'mann-whitney': 'Mann–Whitney rank test', 'two-proportion-z': 'two-proportion z test', 'fisher-exact': "Fisher's exact test" };
const TEST_NAME = { latency: 'Latency', error: '4xx rate', throttle: '429 rate', fault: '5xx rate' } as const;

/** `= 0.012`, `< 0.001`. */
const pText = (p: number): string => {
  const text = formatProbability(p);
  return text.startsWith('<') ? `< ${text.slice(1)}` : `= ${text}`;
};

function TestLine({ name, test }: { readonly name: string; readonly test: AdjustedTest }) {
  return (
    <li className={test.significant ? 'te-cmp-test te-cmp-test--significant' : 'te-cmp-test'}>
      {name}: {METHOD_TEXT[test.method]}, p {pText(test.p)}, Holm-adjusted {pText(test.adjustedP)}
      {test.significant ? ' — beyond the noise' : ''}
    </li>
  );
}

function Exceptions({ title, kinds, traceHref }: { readonly title: string; readonly kinds: readonly ExceptionChange[]; readonly traceHref: (id: string) => string }) {
  if (kinds.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="te-cmp-exceptions">
        {kinds.map((kind) => (
          <li key={`${kind.type}\u0000${kind.message}`}>
            <strong>{kind.type || 'exception'}</strong> {kind.message ? <span className="te-cmp-message">{kind.message}</span> : null} ×{formatCount(kind.count)}{' '}
            <a href={traceHref(kind.traceId)}>example trace</a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The name of the node the typical trace enters through (entryOf). */
function entryName(row: TableRow): string {
  if (row.kind === 'node') return 'this node';
  const edge = row.figure as ComparedEdge;
  return edge.from.type === 'client' ? edge.to.name : edge.from.name;
}

export interface FigureDetailProps {
  readonly comparison: RangeComparison;
  readonly row: TableRow | undefined;
  readonly source: OpenSource | undefined;
  readonly params: RangesModeParams;
}

/**
 * The selected call or node: its verdict and tests, both latency histograms on one log axis (calls),
 * the exceptions that appeared or vanished, and links to the traces behind each range's figures.
 */
export const FigureDetail = forwardRef<HTMLElement, FigureDetailProps>(function FigureDetail({ comparison, row, source, params }, ref) {
  if (!row) {
    return (
      <aside className="te-cmp-detail" aria-label="Selected call or node" ref={ref} tabIndex={-1}>
        <p className="muted">Select a call or node (in the table or on the map) for its latency histograms, exceptions and traces.</p>
      </aside>
    );
  }
  const { figure } = row;
  const verdict = verdictOf(figure);
  const traceHref = (id: string): string => formatRoute('trace', withSource(new URLSearchParams([['id', id]]), source));
  const histogram = row.kind === 'edge' ? (figure as ComparedEdge).histogram : undefined;
  const { appeared, vanished } = figure.exceptions;
  return (
    <aside className="te-cmp-detail" aria-label="Selected call or node" ref={ref} tabIndex={-1}>
      <h2>{row.label}</h2>
      {row.type ? <p className="te-cmp-type">{row.type}</p> : null}
      <p>
        <span className={`te-cmp-badge te-cmp-badge--${verdict}`}>{VERDICT_TEXT[verdict]}</span> {figure.reason}
      </p>
      {figure.tests ? (
        <ul className="te-cmp-tests" aria-label="Tests">
          {figure.tests.latency ? <TestLine name={TEST_NAME.latency} test={figure.tests.latency} /> : null}
          {TESTED_RATES.map((rate) => (
            <TestLine key={rate} name={TEST_NAME[rate]} test={figure.tests!.rates[rate]} />
          ))}
        </ul>
      ) : null}
      <h3>Traces</h3>
      <ul className="te-cmp-links">
        <li>
          <a href={tracesHref(source, figure.before.traces)}>Traces before</a> <span className="muted">({formatQuantity(figure.before.requests, 'request')})</span>
        </li>
        <li>
          <a href={tracesHref(source, figure.after.traces)}>Traces after</a> <span className="muted">({formatQuantity(figure.after.requests, 'request')})</span>
        </li>
        <li>
          <a href={typicalTracesHref(source, params, entryOf(figure), comparison)}>The typical trace before and after</a> <span className="muted">(median duration, entering through {entryName(row)})</span>
        </li>
      </ul>
      <h3>Latency</h3>
      {histogram ? <OverlaidHistogramChart histogram={histogram} title={`Latency of ${row.label}`} /> : <p className="muted">Histograms are drawn per call: select a call into or out of this node.</p>}
      <Exceptions title="Exceptions that appeared" kinds={appeared} traceHref={traceHref} />
      <Exceptions title="Exceptions that vanished" kinds={vanished} traceHref={traceHref} />
      {appeared.length === 0 && vanished.length === 0 ? <p className="muted">No exception kind appeared or vanished.</p> : null}
    </aside>
  );
});
