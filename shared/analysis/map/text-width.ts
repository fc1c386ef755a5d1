/**
 * Text widths estimated without a DOM, so the layout can run in the worker: per-character
 * advance widths of a typical sans-serif (system-ui, Roboto, Liberation Sans, Noto Sans) in ems,
 * rounded up a little so labels drawn in the browser fit inside the room the layout gave them.
 */
const NARROW = new Set([...'iljtfr.,:;|!\'`()[]{} ']);
const WIDE = new Set([...'mwMW@%']);

/** Width in pixels of `text` at `fontSize` pixels. */
export function estimateTextWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    if (NARROW.has(char)) ems += 0.33;
    else if (WIDE.has(char)) ems += 0.9;
    else if (char >= 'A' && char <= 'Z') ems += 0.68;
    else if (char >= '0' && char <= '9') ems += 0.58;
    else if (char.charCodeAt(0) > 0x2e7f) ems += 1;
    else ems += 0.56;
  }
  return Math.ceil(ems * fontSize);
}

/** `text`, or its start with `…`, no wider than `maxWidth` pixels at `fontSize`. */
export function truncateToWidth(text: string, maxWidth: number, fontSize: number): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  // The longest prefix that fits with the ellipsis (binary search: widths only grow).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (estimateTextWidth(`${chars.slice(0, middle).join('')}…`, fontSize) <= maxWidth) low = middle;
    else high = middle - 1;
  }
  return `${chars.slice(0, low).join('')}…`;
}
