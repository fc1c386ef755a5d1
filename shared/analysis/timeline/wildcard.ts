/**
 * X-Ray's wildcard match for sampling rule fields (aws-reference.md §2): `*` stands for any run of
 * characters (none included), `?` for exactly one; everything else is itself, compared without
 * regard to case. Linear in the text times the pattern at worst (the greedy walk with one
 * backtrack point), never a regular expression built from data.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < t.length) {
    if (i < p.length && (p[i] === '?' || (p[i] !== '*' && p[i] === t[j]))) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      resume = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++resume;
    } else {
      return false;
    }
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}
