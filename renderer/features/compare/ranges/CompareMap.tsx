import { useMemo } from 'react';
import type { RangeComparison } from '../../../../shared/analysis/compare/index.ts';
import type { ServiceMapModel } from '../../../../shared/analysis/map/index.ts';
import { MapCanvas, type MapSelection } from '../../../components/map/index.ts';
import { deltaPainter, PAINT_FIGURES, TONE_COLORS, TONE_TEXT, type PaintFigure, type Tone } from './delta-paint.ts';

export interface CompareMapProps {
  readonly comparison: RangeComparison;
  readonly map: ServiceMapModel | undefined;
  readonly figure: PaintFigure;
  readonly selected: string | undefined;
  readonly onFigure: (figure: PaintFigure) => void;
  readonly onSelect: (id: string | undefined) => void;
}

const TONES: readonly Tone[] = ['worse', 'better', 'same', 'undecided', 'absent'];

/** The service map of both ranges, each node and edge coloured by how the chosen figure changed; a legend and the figure's choice. */
export function CompareMap({ comparison, map, figure, selected, onFigure, onSelect }: CompareMapProps) {
  const paint = useMemo(() => deltaPainter(comparison, figure), [comparison, figure]);
  const isNode = selected !== undefined && comparison.nodes.some((node) => node.id === selected);
  const selection: MapSelection = selected === undefined ? {} : isNode ? { node: selected } : { edge: selected };
  return (
    <section className="te-cmp-map" aria-label="Map coloured by change">
      <div className="te-cmp-map-bar">
        <fieldset className="te-cmp-figure-choice">
          <legend>Colour by</legend>
          {(Object.keys(PAINT_FIGURES) as PaintFigure[]).map((key) => (
            <label key={key}>
              <input type="radio" name="compare-paint" value={key} checked={figure === key} onChange={() => onFigure(key)} /> {PAINT_FIGURES[key]}
            </label>
          ))}
        </fieldset>
        <ul className="te-cmp-map-legend" aria-label="Legend">
          {TONES.map((tone) => (
            <li key={tone}>
              <svg width="22" height="10" aria-hidden="true">
                <line x1="1" x2="21" y1="5" y2="5" stroke={TONE_COLORS[tone]} strokeWidth={tone === 'worse' || tone === 'better' ? 3 : 1.5} strokeDasharray={tone === 'undecided' ? '4 3' : undefined} />
              </svg>
              {TONE_TEXT[figure][tone]}
            </li>
          ))}
        </ul>
      </div>
      <div className="te-cmp-map-canvas">
        {map ? <MapCanvas map={map} selection={selection} paint={paint} onSelect={(next) => onSelect(next.node ?? next.edge)} /> : <p className="muted te-cmp-map-wait">Laying out the map of both ranges…</p>}
      </div>
    </section>
  );
}
