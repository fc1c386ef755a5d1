import type { RawRecord } from '../model/index.ts';
import { describeValue, isJsonObject, ownValue } from '../base/json.ts';
import { RECORD_KINDS } from './limits.ts';

const KINDS: ReadonlySet<unknown> = new Set<unknown>(RECORD_KINDS);
const KIND_LIST = RECORD_KINDS.map((kind) => JSON.stringify(kind)).join(', ');

/** What is wrong with one record: `field` is `''` (the record itself), `.kind`, `.source` or `.doc`. */
export interface RecordProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Checks one record cheaply — it runs once per record on the read path: `kind` one of the record
 * kinds, `source` an integer index into the provenance sources, `doc` an object or array. The
 * document itself is not inspected (it is kept as it came). Returns undefined when it is fine.
 */
export function checkRecord(value: unknown, sourceCount: number): RecordProblem | undefined {
  if (!isJsonObject(value)) {
    return { field: '', message: `expected an object {"kind","source","doc"}, got ${describeValue(value)}` };
  }
  const record = value as Partial<RawRecord>;
  // Nearly every record is a segment: comparing with that kind spares hashing each record's fresh string for the Set.
  if (record.kind !== 'xray.segment' && !KINDS.has(record.kind)) {
    return { field: '.kind', message: `expected one of ${KIND_LIST}, got ${describeValue(ownValue(value, 'kind'))}` };
  }
  const source = record.source;
  if (typeof source !== 'number' || !Number.isInteger(source) || source < 0 || source >= sourceCount) {
    const expected = sourceCount === 0 ? 'an index into header.provenance.sources, which is empty' : `an integer from 0 to ${sourceCount - 1} (an index into header.provenance.sources)`;
    return { field: '.source', message: `expected ${expected}, got ${describeValue(ownValue(value, 'source'))}` };
  }
  const doc = record.doc;
  if (typeof doc !== 'object' || doc === null) {
    return { field: '.doc', message: `expected an object or an array, got ${describeValue(ownValue(value, 'doc'))}` };
  }
  return undefined;
}
