import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { compileFilter, type FilterProblem } from '../../../shared/analysis/traces/index.ts';

/** Checks the draft this long after the last key. */
const CHECK_DELAY_MS = 250;

export interface FilterBoxProps {
  /** The expression applied to the list (from the URL). */
  readonly value: string;
  /** The worker's verdict on `value`, when it is wrong. */
  readonly problem: FilterProblem | undefined;
  readonly onApply: (text: string) => void;
  readonly inputRef?: RefObject<HTMLInputElement | null>;
}

/**
 * The X-Ray filter expression box. Enter applies the expression; the list is filtered in the
 * analysis worker. While typing, the draft is parsed (cheaply, here) so a mistake shows under
 * the box with a caret at its position; applying a wrong expression selects the wrong part.
 */
export function FilterBox({ value, problem, onApply, inputRef }: FilterBoxProps) {
  const [draft, setDraft] = useState(value);
  const [draftProblem, setDraftProblem] = useState<FilterProblem | undefined>(undefined);
  const ownRef = useRef<HTMLInputElement>(null);
  const input = inputRef ?? ownRef;
  const id = useId();

  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) {
      setDraftProblem(undefined);
      return;
    }
    const timer = setTimeout(() => {
      const result = compileFilter(draft);
      setDraftProblem(result.ok ? undefined : result.problem);
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);

  const shown = draft === value ? problem : draftProblem;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const result = compileFilter(draft);
    if (!result.ok) {
      setDraftProblem(result.problem);
      const element = input.current;
      element?.focus();
      element?.setSelectionRange(result.problem.start, Math.max(result.problem.end, result.problem.start));
      return;
    }
    onApply(draft.trim());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape' && draft !== value) {
      event.preventDefault();
      event.stopPropagation();
      setDraft(value);
    }
  };

  return (
    <form className="te-traces-filter" role="search" aria-label="Filter traces" onSubmit={submit}>
      <label htmlFor={`${id}-input`} className="te-traces-filter__label">
        Filter expression
      </label>
      <div className="te-traces-filter__row">
        <input
          ref={input}
          id={`${id}-input`}
          className="te-traces-filter__input"
          type="text"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          placeholder='e.g. fault AND responsetime > 1, service("orders") { error }, annotation.tenant = "acme"'
          aria-invalid={shown ? true : undefined}
          aria-describedby={`${id}-${shown ? 'problem' : 'help'}`}
          aria-keyshortcuts="/"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button--primary">
          Apply
        </button>
        {value ? (
          <button type="button" className="button" onClick={() => onApply('')}>
            Clear
          </button>
        ) : null}
      </div>
      {shown ? (
        <div id={`${id}-problem`} className="te-traces-filter__problem" role="alert">
          <p className="te-traces-filter__message">{shown.message}</p>
          <pre className="te-traces-filter__caret" aria-hidden="true">
            {draft}
            {'\n'}
            {' '.repeat(shown.start)}
            {'^'.repeat(Math.max(1, Math.min(shown.end, draft.length) - shown.start))}
          </pre>
        </div>
      ) : (
        <p id={`${id}-help`} className="te-traces-filter__help">
          X-Ray filter syntax: keywords (ok, error, fault, throttle, responsetime, duration, http.status, http.url…), AND, OR, !, (…), service(), edge(), annotation.KEY, rootcause.fault.service {'{…}'}. Press Enter to apply.
        </p>
      )}
    </form>
  );
}
