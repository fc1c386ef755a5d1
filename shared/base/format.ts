/**
 * The one set of formatters for people: every view, the service map's labels (made in the worker)
 * and the command line print counts, sizes, durations, rates and times through these, so the same
 * value reads the same everywhere. No Intl (its first use costs milliseconds on a cold page, and
 * its output follows the machine's locale); English, UTC.
 */

/** What an unknown or non-finite value prints as. */
export const NO_VALUE = '—';

/** 100000 → `100,000` (rounded to a whole number). */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return NO_VALUE;
  const rounded = Math.round(count);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** `1 trace`, `2,000 traces` (English plurals with an s, or the given plural). */
export function formatQuantity(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** Bytes → `300 B`, `1.5 KiB`, `64 MiB`, `2 GiB` (binary units, one decimal at most). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return NO_VALUE;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (Math.abs(bytes) < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trim(value, 1)} ${units[unit]}`;
}

/**
 * Seconds → `400 µs`, `4.2 ms`, `131 ms`, `2.5 s`, `12.3 s`, `2 min 30 s`, `3 h 2 min`, `2 d 3 h`:
 * about three significant figures below a minute, two units above.
 */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return NO_VALUE;
  const sign = seconds < 0 ? '-' : '';
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 ms';
  if (abs < 0.001) return `${sign}${trim(abs * 1e6, 0)} µs`;
  if (abs < 0.01) return `${sign}${trim(abs * 1000, 1)} ms`;
  if (abs < 1) return `${sign}${trim(abs * 1000, 0)} ms`;
  if (abs < 10) return `${sign}${trim(abs, 2)} s`;
  if (abs < 60) return `${sign}${trim(abs, 1)} s`;
  const whole = Math.round(abs);
  if (whole < 3600) return `${sign}${Math.floor(whole / 60)} min ${whole % 60} s`;
  if (whole < 86400) return `${sign}${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
  return `${sign}${formatCount(Math.floor(whole / 86400))} d ${Math.floor((whole % 86400) / 3600)} h`;
}

/** A time-axis label: an offset from the axis' start, in the unit that suits the visible span. */
export function formatOffset(seconds: number, visibleSpan: number): string {
  if (visibleSpan < 0.002) return `${trim(seconds * 1e6, 0)} µs`;
  if (visibleSpan < 2) return `${trim(seconds * 1000, visibleSpan < 0.02 ? 2 : visibleSpan < 0.2 ? 1 : 0)} ms`;
  return `${trim(seconds, visibleSpan < 20 ? 2 : 1)} s`;
}

/** A rate (0.0213) → `2.1%`; tiny non-zero rates are `<0.1%`. */
export function formatPercent(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return NO_VALUE;
  if (rate === 0) return '0%';
  if (rate > 0 && rate < 0.001) return '<0.1%';
  const percent = rate * 100;
  return `${trim(percent, Math.abs(percent) < 10 ? 1 : 0)}%`;
}

/** A change with its sign, in the unit of its kind: `+12 ms`, `-3.1%`; `0 ms` unsigned; `—` for none (Compare's deltas). */
export function formatChange(delta: number | null | undefined, format: (value: number) => string): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return NO_VALUE;
  return delta > 0 ? `+${format(delta)}` : format(delta);
}

/** An ISO time or epoch milliseconds → `2024-05-01 14:03:12 UTC` (to the second, for reading). */
export function formatTime(time: string | number): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A range of epoch seconds → `2024-05-01 14:03:12 UTC → 2024-05-01 14:13:12 UTC` (the views' chosen ranges). */
export function formatTimeRange(startSeconds: number, endSeconds: number): string {
  return `${formatTime(startSeconds * 1000)} → ${formatTime(endSeconds * 1000)}`;
}

/** Epoch seconds → ISO-8601 UTC with milliseconds (exact, as X-Ray recorded it). */
export function formatTimestamp(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return NO_VALUE;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

function trim(value: number, digits: number): string {
  // Epoch seconds carry ~1e-7 s of float noise: round before showing.
  return Number(value.toFixed(digits)).toString();
}
