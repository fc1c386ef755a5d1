import { typeText, type MapEdgeView, type MapNodeView, type ServiceMapModel } from '../../../shared/analysis/map/index.ts';
import { IncidentCounts } from '../../components/IncidentCounts.tsx';
import type { IncidentOverview } from '../../../shared/contract/worker/analysis-protocol.ts';
import { ChangesSection, ExceptionsSection, HealthSection, LatencySection } from './DetailSections.tsx';
import { LatencyHistogram } from './LatencyHistogram.tsx';
import { edgeName } from '../../components/map/index.ts';
import type { MapSelection } from './map-route.ts';
import './map-panel.css';

export interface MapSidePanelProps {
  readonly overview: IncidentOverview;
  readonly map: ServiceMapModel | undefined;
  readonly selection: MapSelection;
  readonly onSelect: (selection: MapSelection) => void;
  readonly onShowTraces: (selection: MapSelection) => void;
  readonly exampleHref: (traceId: string) => string;
}

/** The side panel: the selected node or edge in detail, or (nothing selected) the incident's counts and services. */
export function MapSidePanel({ overview, map, selection, onSelect, onShowTraces, exampleHref }: MapSidePanelProps) {
  const node = selection.node !== undefined ? map?.nodes.find((candidate) => candidate.key === selection.node) : undefined;
  const edge = selection.edge !== undefined ? map?.edges.find((candidate) => candidate.id === selection.edge) : undefined;
  if (node) return <NodePanel node={node} fromTraces={map?.origin === 'captured'} onClose={() => onSelect({})} onShowTraces={() => onShowTraces({ node: node.key })} exampleHref={exampleHref} />;
  if (edge && map) {
    const names = new Map(map.nodes.map((candidate) => [candidate.key, candidate.name]));
    return <EdgePanel edge={edge} name={edgeName(edge, names)} fromTraces={map.origin === 'captured'} onClose={() => onSelect({})} onShowTraces={() => onShowTraces({ edge: edge.id })} exampleHref={exampleHref} />;
  }
  return (
    <aside className="te-map-panel" aria-label="Map overview">
      {selection.node || selection.edge ? (
        <p className="te-map-muted" role="status">
          The selection is not on this graph.
        </p>
      ) : null}
      <h2>Overview</h2>
      {map?.range ? <p className="te-map-muted">The whole incident's counts; the map shows the chosen range.</p> : null}
      <IncidentCounts overview={overview} />
      <h3>{map?.range ? 'Services in the range' : 'Services'}</h3>
      <ul className="te-map-services" aria-label="Services">
        {(map?.nodes ?? []).map((service) => (
          <li key={service.key}>
            <button type="button" className="te-map-service" aria-label={`${service.name} (${typeText(service.type)})`} onClick={() => onSelect({ node: service.key })}>
              {service.name}
            </button>{' '}
            <span className="te-map-muted">{typeText(service.type)}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}

interface DetailProps {
  /** The graph is X-Ray's: exceptions come from the traces instead. */
  readonly fromTraces: boolean;
  readonly onClose: () => void;
  readonly onShowTraces: () => void;
  readonly exampleHref: (traceId: string) => string;
}

function PanelActions({ onClose, onShowTraces }: Pick<DetailProps, 'onClose' | 'onShowTraces'>) {
  return (
    <div className="te-map-actions">
      <button type="button" className="button button--primary" onClick={onShowTraces}>
        Show traces
      </button>
      <button type="button" className="button" onClick={onClose}>
        Clear selection
      </button>
    </div>
  );
}

function NodePanel({ node, fromTraces, onClose, onShowTraces, exampleHref }: DetailProps & { readonly node: MapNodeView }) {
  const facts = [typeText(node.type), node.root ? 'entry point' : '', node.inferred ? 'inferred' : '', node.accountId ? `account ${node.accountId}` : ''].filter(Boolean);
  return (
    <aside className="te-map-panel" aria-label="Selected service">
      <h2 className="te-map-panel__title">{node.name || '(no name)'}</h2>
      <p className="te-map-muted">{facts.join(' · ')}</p>
      {node.names.length > 1 ? <p className="te-map-muted">Also named: {node.names.filter((name) => name !== node.name).join(', ')}</p> : null}
      <PanelActions onClose={onClose} onShowTraces={onShowTraces} />
      {node.client ? (
        <p className="te-map-muted">The callers of {node.name}, as X-Ray draws them: their requests are on the edge to it.</p>
      ) : (
        <>
          <HealthSection health={node.health} />
          <section className="te-map-section" aria-label="Response time">
            <h3>Response time</h3>
            <LatencySection latency={node.latency} />
            <LatencyHistogram histogram={node.histogram} title={`Response times of ${node.name}`} />
          </section>
        </>
      )}
      <ChangesSection changes={node.changes} count={node.changeCount} />
      {node.client ? null : <ExceptionsSection exceptions={node.exceptions} exampleHref={exampleHref} fromTraces={fromTraces} />}
    </aside>
  );
}

function EdgePanel({ edge, name, fromTraces, onClose, onShowTraces, exampleHref }: DetailProps & { readonly edge: MapEdgeView; readonly name: string }) {
  return (
    <aside className="te-map-panel" aria-label="Selected edge">
      <h2 className="te-map-panel__title">{name}</h2>
      <p className="te-map-muted">Calls as the caller saw them{edge.edgeType ? ` · ${edge.edgeType} edge` : ''}</p>
      <PanelActions onClose={onClose} onShowTraces={onShowTraces} />
      <HealthSection health={edge.health} />
      <section className="te-map-section" aria-label="Response time">
        <h3>Response time</h3>
        <LatencySection latency={edge.latency} />
        <LatencyHistogram histogram={edge.histogram} title={`Response times of ${name}`} />
      </section>
      <ExceptionsSection exceptions={edge.exceptions} exampleHref={exampleHref} fromTraces={fromTraces} />
    </aside>
  );
}
