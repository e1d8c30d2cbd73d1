/**
 * Where the UI finds the server's APIs. The server accepts any subscription, resource group and
 * workspace name in these paths (it hosts one factory and one workspace); the UI uses fixed ones.
 */
const SUBSCRIPTION = 'millrace';
const RESOURCE_GROUP = 'millrace';
const WORKSPACE = 'millrace';

export const FACTORIES_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DataFactory/factories`;

export function factoryPath(factoryName: string): string {
  return `${FACTORIES_PATH}/${encodeURIComponent(factoryName)}`;
}

export const WORKSPACE_PATH = `/pipelines/v1.0/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/${WORKSPACE}`;

export function segment(value: string): string {
  return encodeURIComponent(value);
}
