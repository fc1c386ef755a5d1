import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the committed fixtures (copies of ../shared/data with their SOURCE notes). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function fixturePath(relativePath: string): string {
  return join(FIXTURES, relativePath);
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
