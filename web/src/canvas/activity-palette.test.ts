import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_PALETTE,
  activityTypeIcon,
  activityTypeLabel,
  categoryKeyOf,
  newActivity,
  PALETTE_CATEGORIES,
} from './activity-palette.js';
import { listsOf } from './activity-tree.js';

describe('activity palette', () => {
  it('offers the common types once each, in known categories', () => {
    const types = ACTIVITY_PALETTE.map((entry) => entry.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of [
      'Wait',
      'SetVariable',
      'AppendVariable',
      'Filter',
      'ForEach',
      'IfCondition',
      'Switch',
      'Until',
      'ExecutePipeline',
      'WebActivity',
      'Fail',
      'Lookup',
      'Copy',
      'AzureMLExecutePipeline',
    ]) {
      expect(types).toContain(type);
    }
    expect(ACTIVITY_PALETTE.every((entry) => PALETTE_CATEGORIES.includes(entry.category))).toBe(
      true,
    );
  });

  it('labels types as Studio does, ignoring case, and falls back to the type', () => {
    expect(activityTypeLabel('AzureMLExecutePipeline')).toBe('Machine Learning Execute Pipeline');
    expect(activityTypeLabel('ifcondition')).toBe('If Condition');
    expect(activityTypeLabel('DatabricksNotebook')).toBe('DatabricksNotebook');
    expect(activityTypeIcon('DatabricksNotebook')).toBe('Da');
    expect(categoryKeyOf('ForEach')).toBe('control');
    expect(categoryKeyOf('Nope')).toBe('other');
  });

  it('starts new activities from independent copies of the template', () => {
    const first = newActivity('ForEach', 'ForEach1');
    const second = newActivity('ForEach', 'ForEach2');
    expect(first['typeProperties']).not.toBe(second['typeProperties']);
    expect(listsOf(first).map((list) => list.key)).toEqual(['activities']);
    expect(newActivity('Wait', 'W')).not.toHaveProperty('policy');
    expect(newActivity('webactivity', 'Web1')).toMatchObject({
      type: 'WebActivity',
      policy: { retry: 0 },
    });
  });
});
