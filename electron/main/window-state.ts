import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../files/recent-files.ts';

/** A rectangle of the screen, in the OS's device-independent pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

const MIN_WIDTH = 640;
const MIN_HEIGHT = 400;
/** A new window's place without a remembered one. */
export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
/** Each further window opens this far right and down of the last, so none hides another. */
export const CASCADE = 28;

const stateSchema = z.strictObject({
  version: z.literal(1),
  bounds: z.strictObject({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(MIN_WIDTH).max(20000), height: z.number().int().min(MIN_HEIGHT).max(20000) }),
  maximized: z.boolean(),
});

/**
 * The last window's size and place, kept in the app home (window-state.json, written atomically
 * like the recent list) so the next window opens where the last one was. A missing, unreadable or
 * malformed file is no state (the default size, centred by the OS); a place on no display any
 * more (a monitor unplugged) keeps its size and lets the OS place it.
 */
export class WindowStateStore {
  private readonly file: string;

  constructor(home: string) {
    this.file = join(home, 'window-state.json');
  }

  async load(): Promise<WindowState | undefined> {
    try {
      const parsed = stateSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? { bounds: parsed.data.bounds, maximized: parsed.data.maximized } : undefined;
    } catch {
      return undefined;
    }
  }

  async save(state: WindowState): Promise<void> {
    const bounds = { x: Math.round(state.bounds.x), y: Math.round(state.bounds.y), width: Math.max(MIN_WIDTH, Math.round(state.bounds.width)), height: Math.max(MIN_HEIGHT, Math.round(state.bounds.height)) };
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomically(this.file, `${JSON.stringify({ version: 1, bounds, maximized: state.maximized })}\n`);
  }
}

/** Whether at least a 100 × 50 corner of `bounds` (its title bar, to grab) lies on one of the displays' work areas. */
export function isReachable(bounds: Rect, displays: readonly Rect[]): boolean {
  return displays.some((area) => {
    const width = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const height = Math.min(bounds.y + 50, area.y + area.height) - Math.max(bounds.y, area.y);
    return width >= 100 && height >= 50;
  });
}

/**
 * Where the `index`th window of this run opens (0 for the first): the remembered place, moved
 * CASCADE further per window already open, when it is reachable; else only the remembered size.
 */
export function placeFor(state: WindowState | undefined, index: number, displays: readonly Rect[]): Partial<Rect> & { readonly width: number; readonly height: number } {
  if (state === undefined) return { ...DEFAULT_SIZE };
  const shifted = { ...state.bounds, x: state.bounds.x + index * CASCADE, y: state.bounds.y + index * CASCADE };
  return isReachable(shifted, displays) ? shifted : { width: state.bounds.width, height: state.bounds.height };
}
