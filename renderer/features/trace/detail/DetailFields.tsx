import type { ReactNode } from 'react';
import type { XRayException } from '../../../../shared/model/xray.ts';
import { isJsonObject } from '../../../../shared/base/json.ts';
import type { CauseView, DetailField } from './span-detail-model.ts';

/** A value from the data, always as text: strings as they are, everything else as JSON. */
export function FieldValue({ value }: { readonly value: unknown }) {
  if (typeof value === 'string') return <span className="te-value">{value}</span>;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return <span className="te-value te-value--literal">{String(value)}</span>;
  }
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length <= 60 && !text.includes('\n') ? <code className="te-value">{text}</code> : <pre className="te-value te-pre">{text}</pre>;
}

export function FieldList({ fields, label }: { readonly fields: readonly DetailField[]; readonly label?: string }) {
  return (
    <dl className="te-fields" aria-label={label}>
      {fields.map((field, index) => (
        <div className="te-field" key={`${index}:${field.label}`}>
          <dt>{field.label}</dt>
          <dd>
            <FieldValue value={field.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A titled section, left out when there is nothing to show. */
export function DetailSection({ title, children, empty }: { readonly title: string; readonly children: ReactNode; readonly empty?: boolean }) {
  if (empty) return null;
  return (
    <section className="te-detail-section" aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function ExceptionView({ exception }: { readonly exception: XRayException }) {
  const stack = Array.isArray(exception.stack) ? exception.stack.filter(isJsonObject) : [];
  const facts: DetailField[] = [];
  for (const key of ['id', 'remote', 'truncated', 'skipped', 'cause'] as const) {
    if (exception[key] !== undefined) facts.push({ label: key, value: exception[key] });
  }
  return (
    <li className="te-exception">
      <p className="te-exception-head">
        <strong>{typeof exception.type === 'string' ? exception.type : 'Exception'}</strong>
        {typeof exception.message === 'string' ? <span>{`: ${exception.message}`}</span> : null}
      </p>
      <FieldList fields={facts} />
      {stack.length > 0 ? (
        <ol className="te-stack" aria-label="Stack">
          {stack.map((frame, index) => (
            <li key={index}>
              <code>{`${typeof frame['label'] === 'string' ? frame['label'] : '?'} (${typeof frame['path'] === 'string' ? frame['path'] : '?'}${frame['line'] !== undefined ? `:${String(frame['line'])}` : ''})`}</code>
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export function CauseDetails({ cause, spanName, onShowSpan }: { readonly cause: CauseView; readonly spanName?: string; readonly onShowSpan?: () => void }) {
  const facts: DetailField[] = [];
  if (cause.workingDirectory !== undefined) facts.push({ label: 'working_directory', value: cause.workingDirectory });
  if (cause.paths.length > 0) facts.push({ label: 'paths', value: cause.paths });
  return (
    <>
      {cause.referencedId !== undefined ? (
        <p>
          {`Exception ${cause.referencedId}`}
          {cause.referencedSpan !== undefined && cause.referencedSpan >= 0 && onShowSpan ? (
            <>
              {', recorded on '}
              <button type="button" className="te-link" onClick={onShowSpan}>
                {spanName ?? 'another span'}
              </button>
            </>
          ) : (
            ', not recorded in this trace'
          )}
        </p>
      ) : null}
      <FieldList fields={facts} />
      {cause.exceptions.length > 0 ? (
        <ul className="te-exceptions" aria-label="Exceptions">
          {cause.exceptions.map((exception, index) => (
            <ExceptionView key={`${index}:${String(exception.id)}`} exception={exception} />
          ))}
        </ul>
      ) : null}
    </>
  );
}
