import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContextFileError } from '../src/cli/context-file.js';
import { ExpressionErrorCodes } from '../src/expressions/index.js';

const catalogue = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  const codes = [...Object.keys(ExpressionErrorCodes), new ContextFileError('').code];
  it.each(codes)('lists %s', (code) => {
    expect(catalogue).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|`));
  });
});
