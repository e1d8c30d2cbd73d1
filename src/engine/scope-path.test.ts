import { describe, expect, it } from 'vitest';
import { branchScope, iterationIndexOf, iterationScope } from './scope-path.js';

describe('scope paths', () => {
  it('builds nested paths', () => {
    expect(branchScope(iterationScope('', 'Each', 3), 'Check', 'true')).toBe('Each[3]/Check:true');
  });
  it.each<[string, string, string, number | undefined]>([
    ['Each[3]', '', 'Each', 3],
    ['Each[3]/Inner', '', 'Each', 3],
    ['Outer[1]/Each[12]', 'Outer[1]', 'Each', 12],
    ['Each[3]x', '', 'Each', undefined],
    ['Eachy[3]', '', 'Each', undefined],
    ['If1:true', '', 'If1', undefined],
  ])('%s under %j for %s → %s', (scope, parent, name, index) => {
    expect(iterationIndexOf(scope, parent, name)).toBe(index);
  });
});
