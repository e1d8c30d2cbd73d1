import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEnvironmentsRoot } from './node-environments.js';

describe('nodeEnvironmentsRoot', () => {
  it.each([
    [{}, join('/home/me/.millrace', 'ml', 'environments', 'node')],
    [{ MILLRACE_NODE_ENVIRONMENTS: '' }, join('/home/me/.millrace', 'ml', 'environments', 'node')],
    [{ MILLRACE_NODE_ENVIRONMENTS: '/cache/node' }, '/cache/node'],
    [{ MILLRACE_NODE_ENVIRONMENTS: 'cache/node' }, resolve('cache/node')],
  ])('%j → %s', (environment, expected) => {
    expect(nodeEnvironmentsRoot('/home/me/.millrace', environment)).toBe(expected);
  });
});
