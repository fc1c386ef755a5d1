/** Durations and times as people read them in the waterfall. Inputs are seconds. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 ms';
  if (abs < 0.001) return `${trim(seconds * 1e6, 0)} µs`;
  if (abs < 1) return `${trim(seconds * 1000, abs < 0.1 ? 1 : 0)} ms`;
  if (abs < 60) return `${trim(seconds, 2)} s`;
  const minutes = Math.floor(abs / 60);
  return `${seconds < 0 ? '-' : ''}${minutes} min ${trim(abs - minutes * 60, 0)} s`;
}

function trim(value: number, digits: number): string {
  // Epoch seconds carry ~1e-7 s of float noise: round before showing.
  return Number(value.toFixed(digits)).toString();
}

/** Epoch seconds → ISO-8601 UTC with milliseconds. */
export function formatTimestamp(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/** A ruler label: offset from the trace start, in the unit that suits the visible span. */
export function formatOffset(seconds: number, visibleSpan: number): string {
  if (visibleSpan < 0.002) return `${trim(seconds * 1e6, 0)} µs`;
  if (visibleSpan < 2) return `${trim(seconds * 1000, visibleSpan < 0.02 ? 2 : visibleSpan < 0.2 ? 1 : 0)} ms`;
  return `${trim(seconds, visibleSpan < 20 ? 2 : 1)} s`;
}

/** 100000 → "100,000" without Intl (whose first use costs milliseconds on a cold page). */
export function formatCount(count: number): string {
  return String(Math.trunc(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
