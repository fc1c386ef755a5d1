import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RangeComparison, TimeRange } from '../../../../shared/analysis/compare/index.ts';
import { formatDuration, formatQuantity, formatTime, formatTimeRange } from '../../../../shared/base/format.ts';
import { FIELD_NAMES, fieldText, parseRangeTexts, rangeTexts, type RangeField, type RangeTexts } from './range-fields.ts';

export interface RangesHeaderProps {
  /** The comparison shown (the last answer while a newer question is worked on). */
  readonly comparison: RangeComparison | undefined;
  /** The ranges the URL names, shown in the fields when there is no comparison (it failed). */
  readonly requested: { readonly before: TimeRange | undefined; readonly after: TimeRange | undefined };
  readonly onApply: (before: TimeRange, after: TimeRange) => void;
  /** The first answer is being worked on: the fields wait for its ranges (a change's are not known before). */
  readonly waiting: boolean;
}

function partialTexts(before: TimeRange | undefined, after: TimeRange | undefined): RangeTexts {
  const [bf, bt] = before ? [fieldText(before[0]), fieldText(before[1])] : ['', ''];
  const [af, at] = after ? [fieldText(after[0]), fieldText(after[1])] : ['', ''];
  return { beforeFrom: bf, beforeTo: bt, afterFrom: af, afterTo: at };
}

const FIELDS: readonly (readonly [RangeField, RangeField, string])[] = [
  ['beforeFrom', 'beforeTo', 'Before'],
  ['afterFrom', 'afterTo', 'After'],
];

function RangeLine({ name, range, traces }: { readonly name: string; readonly range: TimeRange; readonly traces: number }) {
  return (
    <p className="te-cmp-range">
      <strong>{name}</strong> {formatTimeRange(range[0], range[1])} <span className="muted">({formatDuration(range[1] - range[0])}, {formatQuantity(traces, 'trace')})</span>
    </p>
  );
}

/**
 * What is compared: the change that splits the ranges (its name and time) or the two ranges, each
 * with its length and traces; fields to edit both ranges (an error names the field and says what
 * is expected) and "Swap".
 */
export function RangesHeader({ comparison, requested, onApply, waiting }: RangesHeaderProps) {
  const id = useId();
  const ranges = comparison?.ranges;
  const shown = ranges ? rangeTexts(ranges.before, ranges.after) : partialTexts(requested.before, requested.after);
  const [texts, setTexts] = useState<RangeTexts>(shown);
  const [errors, setErrors] = useState<Partial<Record<RangeField, string>>>({});
  const key = ranges ? `${ranges.before.join()}|${ranges.after.join()}` : `${requested.before?.join() ?? ''}|${requested.after?.join() ?? ''}`;
  // A new comparison shows its own ranges in the fields (`key` stands for them; `shown` is made each render).
  useEffect(() => {
    setTexts(shown);
    setErrors({});
  }, [key]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const parsed = parseRangeTexts(texts, shown, ranges ? [ranges.before, ranges.after] : undefined);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    onApply(parsed.before, parsed.after);
  };
  const messages = Object.entries(errors) as [RangeField, string][];
  return (
    <header className="te-cmp-header">
      <h1>Compare two ranges</h1>
      {ranges?.change ? (
        <p className="te-cmp-change">
          Before and after <strong>{ranges.change.eventName}</strong> <span className="muted">({ranges.change.eventId})</span> at {formatTime(ranges.change.at * 1000)}: equal lengths on both sides, as far as the traces go.
        </p>
      ) : null}
      {ranges && comparison ? (
        <div className="te-cmp-ranges">
          <RangeLine name="Before" range={ranges.before} traces={comparison.traces.before} />
          <RangeLine name="After" range={ranges.after} traces={comparison.traces.after} />
        </div>
      ) : null}
      {waiting && !ranges ? null : (
        <form className="te-cmp-form" onSubmit={submit} aria-label="Ranges compared" noValidate>
          {FIELDS.map(([from, to, legend]) => (
            <fieldset key={legend}>
              <legend>{legend}</legend>
              {[from, to].map((field) => (
                <label key={field}>
                  <span className="te-cmp-field-name">{field.endsWith('From') ? 'from' : 'to'}</span>
                  <input
                    type="text"
                    name={field}
                    aria-label={FIELD_NAMES[field]}
                    value={texts[field]}
                    spellCheck={false}
                    aria-invalid={errors[field] ? true : undefined}
                    aria-describedby={errors[field] ? `${id}-${field}` : undefined}
                    onChange={(event) => setTexts((current) => ({ ...current, [field]: event.target.value }))}
                  />
                </label>
              ))}
            </fieldset>
          ))}
          <div className="te-cmp-form-actions">
            <button type="submit" className="button">
              Compare
            </button>
            <button type="button" className="button button--quiet" disabled={!ranges} onClick={() => ranges && onApply(ranges.after, ranges.before)} title="Compare after against before: what changed back">
              Swap
            </button>
          </div>
          {messages.length > 0 ? (
            <ul className="te-cmp-errors" role="alert">
              {messages.map(([field, message]) => (
                <li key={field} id={`${id}-${field}`}>
                  {message}
                </li>
              ))}
            </ul>
          ) : null}
        </form>
      )}
    </header>
  );
}
