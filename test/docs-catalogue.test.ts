import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngineErrorCodes } from '../src/engine/engine-error-codes.js';
import { renderErrorsDoc } from '../scripts/render-errors-doc.js';

describe('docs/errors.md', () => {
  it('is up to date with the code catalogues (run `npm run docs` to regenerate)', () => {
    expect(readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')).toBe(
      renderErrorsDoc(),
    );
  });

  it('lists every error code the engine and the CLI write', () => {
    const sources = ['../src/engine', '../src/cli'].flatMap((folder) => {
      const path = fileURLToPath(new URL(folder, import.meta.url));
      return readdirSync(path)
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .map((name) => readFileSync(join(path, name), 'utf8'));
    });
    const used = new Set<string>();
    for (const source of sources) {
      for (const match of source.matchAll(
        /errorCode: '([A-Za-z_]+)'|'(RUN_[A-Z_]+)'|`(RUN_[A-Z_]+|FACTORY_INVALID):/g,
      )) {
        used.add((match[1] ?? match[2] ?? match[3]) as string);
      }
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !(code in EngineErrorCodes))).toEqual([]);
  });
});
