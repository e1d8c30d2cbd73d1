import { describe, expect, it } from 'vitest';
import { NPM_ERROR_IN_MESSAGE_CHARS, npmFailureType, quoteNpmErrors } from './npm-install.js';

describe('quoteNpmErrors', () => {
  it('quotes the npm error lines without the debug log path', () => {
    const stderr = [
      'npm warn deprecated x@1.0.0',
      'npm error code E404',
      'npm error 404 Not Found - GET https://registry.example/nope - Not found',
      'npm error 404',
      'npm error A complete log of this run can be found in: /root/.npm/_logs/1-debug-0.log',
      '',
    ].join('\n');
    expect(quoteNpmErrors(stderr)).toBe(
      'npm error code E404\nnpm error 404 Not Found - GET https://registry.example/nope - Not found',
    );
  });

  it('keeps the first error lines when they are long (a usage text comes last)', () => {
    const usage = Array.from(
      { length: 60 },
      (_, index) => `npm error   --option-${index}  Sets option ${index}.`,
    );
    const quoted = quoteNpmErrors(['npm error code EUSAGE', ...usage].join('\n'));
    expect(quoted.startsWith('npm error code EUSAGE\n')).toBe(true);
    expect(quoted).toHaveLength(NPM_ERROR_IN_MESSAGE_CHARS);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('quotes the end of stderr when npm wrote no error line', () => {
    expect(quoteNpmErrors('Killed\n')).toBe('Killed');
    expect(quoteNpmErrors(`${'x'.repeat(600)}\nend`)).toMatch(/^…x+\nend$/);
    expect(quoteNpmErrors(`${'x'.repeat(600)}\nend`)).toHaveLength(NPM_ERROR_IN_MESSAGE_CHARS);
    expect(quoteNpmErrors('')).toBe('(nothing on stderr).');
  });
});

describe('npmFailureType', () => {
  it.each([
    ['npm error code E404\nnpm error 404 Not Found', 'UserError'],
    ['npm error code ETARGET\nnpm error notarget No matching version found for x@99.', 'UserError'],
    ['npm error code EUSAGE\nnpm error `npm ci` can only install packages when …', 'UserError'],
    ['npm error code ENOENT\nnpm error path /nowhere/package.json', 'UserError'],
    ['npm ERR! code E404', 'UserError'],
    ['npm error code ENOTFOUND\nnpm error network request failed', 'SystemError'],
    ['npm error code EAI_AGAIN', 'SystemError'],
    ['npm error code ENOSPC', 'SystemError'],
    ['Killed', 'SystemError'],
  ])('%j → %s', (stderr, expected) => {
    expect(npmFailureType(stderr)).toBe(expected);
  });
});
