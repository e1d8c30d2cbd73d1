/**
 * The columns of the linked service and dataset lists, read from ADF's resource JSON, and the
 * search over them. Values that are expressions show as their text.
 */
import type { FactoryResource, Json, JsonObject } from '../api/factory-api.js';

export interface LinkedServiceRow {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  /** The integration runtime (`connectVia.referenceName`), or '' for the default one. */
  readonly connectVia: string;
  readonly parameterCount: number;
}

export interface DatasetRow {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly linkedService: string;
  readonly folder: string;
}

function objectAt(value: Json | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

export function linkedServiceRow(resource: FactoryResource): LinkedServiceRow {
  const { properties } = resource;
  return {
    name: resource.name,
    type: text(properties['type']),
    description: text(properties['description']),
    connectVia: text(objectAt(properties['connectVia'])?.['referenceName']),
    parameterCount: Object.keys(objectAt(properties['parameters']) ?? {}).length,
  };
}

export function datasetRow(resource: FactoryResource): DatasetRow {
  const { properties } = resource;
  return {
    name: resource.name,
    type: text(properties['type']),
    description: text(properties['description']),
    linkedService: text(objectAt(properties['linkedServiceName'])?.['referenceName']),
    folder: text(objectAt(properties['folder'])?.['name']),
  };
}

/** Rows holding every word of the search in one of their columns, ignoring case. */
export function filterRows<T extends object>(rows: readonly T[], search: string): readonly T[] {
  const words = search
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const haystack = Object.values(row)
      .filter((value) => typeof value === 'string')
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The linked service type as people read it: `AzureMLService` → `Azure ML service`. */
export const TYPE_LABELS: Readonly<Record<string, string>> = {
  AzureMLService: 'Azure Machine Learning',
  AzureBlobStorage: 'Azure Blob Storage',
  AzureBlobFS: 'Azure Data Lake Storage Gen2',
  AzureKeyVault: 'Azure Key Vault',
  AzureSqlDatabase: 'Azure SQL Database',
  RestService: 'REST',
  HttpServer: 'HTTP',
  AzureBatch: 'Azure Batch',
  FileServer: 'File system',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}
