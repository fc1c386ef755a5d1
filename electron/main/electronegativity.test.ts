import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../host/serve-build.ts';
import { ACCEPTED_FINDINGS } from './scan-accepted.ts';

/**
 * Doyensec's Electronegativity over the app (scripts/electronegativity.cjs: offline, TypeScript 6
 * for its parser): every medium or high finding must be one of ACCEPTED_FINDINGS, with its reason.
 */

interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly file: string;
  readonly line: number;
}
interface Scan {
  readonly checks: number;
  readonly issues: readonly Finding[];
  readonly errors: readonly { readonly file: string; readonly message: string; readonly tolerable: boolean }[];
}

async function scan(...folders: string[]): Promise<Scan> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'scripts', 'electronegativity.cjs'), ...folders], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as Scan;
}

const serious = (finding: Finding): boolean => finding.severity === 'HIGH' || finding.severity === 'MEDIUM';

describe('the Electronegativity scan', () => {
  it('finds nothing of medium or high severity in electron/ and renderer/ but what is accepted, with its reason', { timeout: 120_000 }, async () => {
    const result = await scan('electron', 'renderer');
    expect(result.checks).toBeGreaterThan(40);
    expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);
    const unexplained = result.issues.filter(serious).filter((finding) => !ACCEPTED_FINDINGS.some((a) => a.id === finding.id && a.file === finding.file));
    expect(unexplained).toEqual([]);
    for (const accepted of ACCEPTED_FINDINGS) {
      expect(accepted.reason.length).toBeGreaterThan(40);
      // An entry the scan no longer reports is stale: remove it.
      expect(result.issues.some((finding) => finding.id === accepted.id && finding.file === accepted.file)).toBe(true);
    }
  });

  it('reports a window without isolation or sandbox, navigation limits or a permission handler (the scan works here)', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eneg-bad-'));
    try {
      await mkdir(join(dir, 'bad'));
      await writeFile(join(dir, 'bad', 'main.ts'), "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n");
      const result = await scan(join(dir, 'bad'));
      const ids = result.issues.filter(serious).map((finding) => finding.id);
      expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
