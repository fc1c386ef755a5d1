import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the committed fixtures (copies of ../shared/data with their SOURCE notes). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function fixturePath(relativePath: string): string {
  return join(FIXTURES, relativePath);
}

/** Every committed fixture file, relative to FIXTURES, sorted (SOURCE notes and READMEs are not inputs). */
export function fixtureInputFiles(): string[] {
  const files: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (!/^(SOURCE|README)/.test(name)) files.push(relative(FIXTURES, path));
    }
  };
  visit(FIXTURES);
  return files;
}

export function fixtureBytes(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(relativePath)));
}

export function fixtureText(relativePath: string): string {
  return readFileSync(fixturePath(relativePath), 'utf8');
}

/** The bundled demo incident snapshot (resources/demo-incident.json.gz, made by `npm run demo`). */
export function demoSnapshotBytes(): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, '..', '..', 'resources', 'demo-incident.json.gz')));
}
