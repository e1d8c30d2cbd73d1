/** The rows of the pipelines list: what the table shows and what the search box matches. Pure. */
import type { FactoryResource } from '../api/factory-api.js';
import { isJsonObject } from '../canvas/activity-tree.js';
import { activitiesOf, allActivities } from './activity-locations.js';

export interface PipelineRow {
  readonly name: string;
  /** `properties.folder.name`, '' when the pipeline is in no folder. */
  readonly folder: string;
  /** Activities at the top level. */
  readonly activityCount: number;
  /** Activities at every level, nested ones in containers included. */
  readonly totalActivityCount: number;
  readonly description: string;
}

export function pipelineRow(resource: Pick<FactoryResource, 'name' | 'properties'>): PipelineRow {
  const { properties } = resource;
  const folder = properties['folder'];
  const activities = activitiesOf(properties);
  return {
    name: resource.name,
    folder: isJsonObject(folder) && typeof folder['name'] === 'string' ? folder['name'] : '',
    activityCount: activities.length,
    totalActivityCount: allActivities(activities).length,
    description: typeof properties['description'] === 'string' ? properties['description'] : '',
  };
}

/**
 * The rows whose name, folder or description holds every word of `search` (any case), sorted
 * by folder then name, as Data Factory Studio's tree sorts them.
 */
export function filterPipelineRows(rows: readonly PipelineRow[], search: string): PipelineRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return rows
    .filter((row) => {
      const text = `${row.name} ${row.folder} ${row.description}`.toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .sort(
      (a, b) =>
        a.folder.localeCompare(b.folder, undefined, { sensitivity: 'base' }) ||
        a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
    );
}
