/**
 * JSON.stringify for documents of any depth. V8's JSON.stringify recurses and overflows the stack
 * at a few thousand levels (JSON.parse does not), so a document that was read can fail to be
 * written; for those, an iterative serializer gives the same text. It covers what JSON.parse
 * produces plus `toJSON`, and skips or nulls `undefined`, functions and symbols as JSON.stringify does.
 */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return stringifyIteratively(value);
  }
}

type Frame =
  | { readonly array: readonly unknown[]; index: number }
  | { readonly object: Readonly<Record<string, unknown>>; readonly keys: readonly string[]; index: number; written: boolean };

/** JSON.stringify without recursion (exported for its tests). */
export function stringifyIteratively(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();

  const write = (value: unknown): void => {
    if (value === null || typeof value !== 'object') {
      out.push(primitive(value));
    } else if (open.has(value)) {
      throw new TypeError('Converting circular structure to JSON');
    } else if (Array.isArray(value)) {
      open.add(value);
      out.push('[');
      stack.push({ array: value, index: 0 });
    } else {
      open.add(value);
      out.push('{');
      stack.push({ object: value as Record<string, unknown>, keys: Object.keys(value), index: 0, written: false });
    }
  };

  const first = prepare(root, '');
  if (first === undefined) return undefined as unknown as string;
  write(first);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if ('array' in frame) {
      if (frame.index < frame.array.length) {
        if (frame.index > 0) out.push(',');
        const item = prepare(frame.array[frame.index], String(frame.index));
        frame.index++;
        write(item === undefined ? null : item);
        continue;
      }
      out.push(']');
      open.delete(frame.array);
    } else {
      let pushed = false;
      while (frame.index < frame.keys.length) {
        const key = frame.keys[frame.index++] as string;
        const item = prepare(frame.object[key], key);
        if (item === undefined) continue;
        out.push(frame.written ? ',' : '', JSON.stringify(key), ':');
        frame.written = true;
        write(item);
        pushed = true;
        break;
      }
      if (pushed) continue;
      out.push('}');
      open.delete(frame.object);
    }
    stack.pop();
  }
  return out.join('');
}

/** Applies toJSON; undefined means "leave out" (undefined, a function or a symbol). */
function prepare(value: unknown, key: string): unknown {
  let prepared = value;
  if (typeof prepared === 'object' && prepared !== null && typeof (prepared as { toJSON?: unknown }).toJSON === 'function') {
    prepared = (prepared as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (prepared === undefined || typeof prepared === 'function' || typeof prepared === 'symbol') return undefined;
  return prepared;
}

function primitive(value: unknown): string {
  if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return JSON.stringify(value) ?? 'null';
}
