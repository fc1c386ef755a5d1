/**
 * The command line's progress on stderr: a bar redrawn in place on a terminal (at most 10 times
 * a second), or a plain line per phase and every few seconds when stderr is a file or a pipe.
 */
import { formatDuration } from '../../shared/base/format.ts';
import type { CaptureProgress } from './progress.ts';

export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const PHASE_NAMES: Readonly<Record<CaptureProgress['phase'], string>> = {
  plan: 'planning',
  summaries: 'trace summaries',
  traces: 'traces',
  serviceGraph: 'service graph',
  cloudtrail: 'CloudTrail',
  metrics: 'metrics',
  write: 'writing',
  done: 'done',
};

export function formatProgressLine(p: CaptureProgress, width = 24): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const eta = p.etaSeconds === undefined ? '' : ` · ETA ${formatDuration(Math.round(p.etaSeconds))}`;
  const throttles = p.throttles > 0 ? ` · ${p.throttles} throttled` : '';
  return `${bar} ${String(Math.round(fraction * 100)).padStart(3)}% ${PHASE_NAMES[p.phase]} · ${p.done}/${p.total} pages · ${p.calls} calls${throttles}${eta}`;
}

export class ProgressBar {
  private lastDraw = 0;
  private lastPhase: CaptureProgress['phase'] | undefined;
  private lastEta: number | undefined;
  private drawn = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(p: CaptureProgress): void {
    if (p.etaSeconds !== undefined) this.lastEta = p.etaSeconds;
    const shown = { ...p, etaSeconds: p.etaSeconds ?? this.lastEta };
    const now = this.now();
    const phaseChanged = p.phase !== this.lastPhase;
    if (this.out.isTTY) {
      if (!phaseChanged && now - this.lastDraw < 100) return;
      this.out.write(`\r\x1b[2K${formatProgressLine(shown)}`);
      this.drawn = true;
    } else {
      if (!phaseChanged && now - this.lastDraw < 5000) return;
      this.out.write(`${formatProgressLine(shown)}\n`);
    }
    this.lastDraw = now;
    this.lastPhase = p.phase;
  }

  /** Ends the bar's line so the next message starts on its own. */
  finish(): void {
    if (this.out.isTTY && this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
