/**
 * Data Factory's Test connection of a linked service (Millrace runs it for AzureMLService). The
 * answer is a result whether the connection works or not; only a refusal to test (403, 404) is
 * an `ApiError`.
 */
import { apiRequest } from '../api/http.js';
import type { JsonObject } from '../api/factory-api.js';
import { factoryPath, segment } from '../api/paths.js';

export type ConnectionTestResult =
  | {
      readonly succeeded: true;
      readonly message: string;
      readonly workspace?: string;
      readonly permissions?: readonly string[];
    }
  | { readonly succeeded: false; readonly message: string; readonly errorCode?: string };

export function testLinkedServiceConnection(
  factory: string,
  name: string,
  parameters: JsonObject = {},
): Promise<ConnectionTestResult> {
  return apiRequest(`${factoryPath(factory)}/linkedservices/${segment(name)}/testConnection`, {
    method: 'POST',
    body: Object.keys(parameters).length === 0 ? {} : { parameters },
  });
}
