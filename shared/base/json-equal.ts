/**
 * Whether two parsed JSON values are the same value: same types, same numbers and strings, arrays
 * item by item, objects with the same own keys in any order. Iterative, so documents of any depth
 * compare without overflowing the stack (JSON.parse reads 100,000-deep nesting).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const left: unknown[] = [a];
  const right: unknown[] = [b];
  while (left.length > 0) {
    const x = left.pop();
    const y = right.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      // NaN never comes out of JSON.parse; two NaNs are the same value all the same.
      if (typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
    const xArray = Array.isArray(x);
    if (xArray !== Array.isArray(y)) return false;
    if (xArray) {
      const xs = x as readonly unknown[];
      const ys = y as readonly unknown[];
      if (xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) {
        left.push(xs[i]);
        right.push(ys[i]);
      }
      continue;
    }
    const xo = x as Readonly<Record<string, unknown>>;
    const yo = y as Readonly<Record<string, unknown>>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(yo, key)) return false;
      left.push(xo[key]);
      right.push(yo[key]);
    }
  }
  return true;
}
