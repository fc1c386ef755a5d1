import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../host/serve-build.ts';
import { MAIN_BUNDLE, PRELOAD_BUNDLE } from './build.ts';

/** electron-builder.yml against electron-builder's own JSON schema, and the settings the checklist asks for. */

const config = load(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's schema (app-builder-lib/scheme.json)", () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does catch a wrong setting.
    expect(validate({ ...config, electronFuses: { runAsNode: 'no' } })).toBe(false);
  });

  it('sets the fuses of the security checklist', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config['asar']).toBe(true);
  });

  it('associates snapshots with their own extension and MIME type, not every gzip file', () => {
    const associations = config['fileAssociations'] as { ext: string; mimeType: string }[];
    expect(associations).toEqual([expect.objectContaining({ ext: 'tesnap', mimeType: 'application/vnd.trace-explorer.snapshot+gzip' })]);
  });

  it('packs what the app runs: the bundles package.json points at, the renderer, the demo, the icon', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(join(REPO_ROOT, pkg.main)).toBe(MAIN_BUNDLE);
    expect(PRELOAD_BUNDLE.startsWith(join(REPO_ROOT, 'dist', 'electron'))).toBe(true);
    expect(config['files']).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**', 'dist/renderer/**', 'resources/demo-incident.json.gz']));
    const icon = readFileSync(join(REPO_ROOT, String(config['icon'])));
    // A PNG of 1024 × 1024 (electron-builder wants at least 512 for macOS).
    expect([...icon.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBe(1024);
    expect(icon.readUInt32BE(20)).toBe(1024);
  });
});
