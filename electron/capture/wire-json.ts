/**
 * SDK output back to the JSON AWS sent: the SDK turns wire timestamps (epoch seconds for the
 * JSON protocols these APIs use) into Dates and adds `$metadata`; this undoes both, walking the
 * value iteratively (no recursion over data depth). Dates come back with millisecond precision,
 * which is what the SDK keeps of them.
 */
export function toWireJson(value: unknown): unknown {
  const convert = (v: unknown): unknown => (v instanceof Date ? v.getTime() / 1000 : v);
  const root = convert(value);
  if (root === null || typeof root !== 'object') return root;
  const out: unknown = Array.isArray(root) ? [] : {};
  const stack: { from: object; to: Record<string, unknown> | unknown[] }[] = [{ from: root, to: out as Record<string, unknown> }];
  while (stack.length > 0) {
    const { from, to } = stack.pop() as { from: object; to: Record<string, unknown> | unknown[] };
    if (Array.isArray(from)) {
      const target = to as unknown[];
      for (const item of from) {
        const v = convert(item);
        if (v !== null && typeof v === 'object') {
          const child: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
          target.push(child);
          stack.push({ from: v, to: child });
        } else target.push(v);
      }
      continue;
    }
    const target = to as Record<string, unknown>;
    for (const key of Object.keys(from)) {
      if (key === '$metadata') continue;
      const v = convert((from as Record<string, unknown>)[key]);
      if (v === undefined) continue;
      let child: unknown = v;
      if (v !== null && typeof v === 'object') {
        child = Array.isArray(v) ? [] : {};
        stack.push({ from: v, to: child as Record<string, unknown> | unknown[] });
      }
      Object.defineProperty(target, key, { value: child, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}
