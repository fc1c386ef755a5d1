import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module without types
import { checkFile } from '../../scripts/import-rules.mjs';

const ROOT = '/repo';
type Violation = { file: string; specifier: string; rule: string };
const check = (file: string, source: string): Violation[] => checkFile(ROOT, join(ROOT, file), source) as Violation[];

describe('the import-direction check', () => {
  it('refuses Node, DOM-framework and Electron imports in shared/', () => {
    expect(check('shared/a/x.ts', "import { readFile } from 'node:fs';")).toHaveLength(1);
    expect(check('shared/a/x.ts', "import path from 'path';")).toHaveLength(1);
    expect(check('shared/a/x.ts', "import { app } from 'electron';")).toHaveLength(1);
    expect(check('shared/a/x.ts', "import React from 'react';")).toHaveLength(1);
    expect(check('shared/a/x.ts', "export { x } from '../../renderer/app/x.ts';")).toHaveLength(1);
    expect(check('shared/a/x.ts', "import { z } from 'zod';\nimport { y } from '../b/y.ts';")).toEqual([]);
  });

  it('refuses electron/, node:* and @aws-sdk in renderer/, and features/ in components/', () => {
    expect(check('renderer/app/x.ts', "import { main } from '../../electron/cli/cli.ts';")).toHaveLength(1);
    expect(check('renderer/app/x.ts', "const fs = await import('node:fs');")).toHaveLength(1);
    expect(check('renderer/app/x.ts', "import { XRayClient } from '@aws-sdk/client-xray';")).toHaveLength(1);
    expect(check('renderer/components/x.tsx', "import { TraceView } from '../features/trace/index.ts';")).toHaveLength(1);
    expect(check('renderer/app/x.tsx', "import * as d3 from 'd3';\nimport { openInputs } from '../../shared/incident/open-inputs.ts';")).toEqual([]);
  });

  it('refuses renderer/ in electron/', () => {
    expect(check('electron/host/x.ts', "import { App } from '../../renderer/app/App.tsx';")).toHaveLength(1);
    expect(check('electron/host/x.ts', "import { readFile } from 'node:fs/promises';")).toEqual([]);
  });

  it('ignores imports in comments', () => {
    expect(check('shared/a/x.ts', "// import { readFile } from 'node:fs';\n/* import 'electron' */")).toEqual([]);
  });
});
