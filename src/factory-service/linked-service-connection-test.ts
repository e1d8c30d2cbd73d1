/**
 * Test connection of a linked service, from its `properties` with secrets in plain text: the
 * parameters bound (`@linkedService().x`) and expressions evaluated as the engine does for an
 * activity (`resolveLinkedServiceProperties`), Key Vault references resolved through the
 * installation's provider, then the type's test. Shared by the factory REST API
 * (`FactoryService.testLinkedServiceConnection`) and `millrace linked-services test`. Only
 * `AzureMLService` has a test (`testAzureMlConnection`); other types are refused.
 */
import {
  testAzureMlConnection,
  type AzureMlConnectionTestResult,
} from '../activities/azure-ml/azure-ml-connection-test.js';
import { AZURE_ML_LINKED_SERVICE_TYPE } from '../activities/azure-ml/azure-ml-execute-pipeline-executor.js';
import type { MlWorkspaceConnect } from '../activities/azure-ml/ml-workspace-connector.js';
import {
  resolveLinkedServiceProperties,
  type ResolvedLinkedService,
} from '../engine/linked-service-resolution.js';
import { ResolutionFailure } from '../engine/resolve-values.js';
import { isJsonObject } from '../factory/json-values.js';
import type { JsonObject } from '../factory/resources.js';
import { hasKeyVaultReferences, resolveKeyVaultReferences } from '../secrets/key-vault-resolver.js';
import { SecretError } from '../secrets/secret-error.js';
import type { SecretProvider } from '../secrets/secret-provider.js';
import type { SecretRedactor } from '../secrets/secret-redactor.js';
import { FactoryServiceError } from './factory-service-errors.js';

/** The answer of a test: `{ succeeded: true, message, workspace, permissions }` or a coded failure. */
export type LinkedServiceConnectionTestResult = AzureMlConnectionTestResult;

/** The linked service types Test connection knows. */
export const TESTABLE_LINKED_SERVICE_TYPES: readonly string[] = [AZURE_ML_LINKED_SERVICE_TYPE];

export interface LinkedServiceConnectionTestPorts {
  /** The ML workspace an `AzureMLService` linked service points at (`MlWorkspaceConnector`). */
  readonly connect: MlWorkspaceConnect;
  /** Resolves `AzureKeyVaultSecret` references. (Default: none; a reference fails the test.) */
  readonly secretProvider?: SecretProvider;
  /** Learns each resolved secret, and redacts the result's message. (Default: none.) */
  readonly redactor?: SecretRedactor;
}

/**
 * Throws `FACTORY_CONNECTION_TEST_UNSUPPORTED` for a type without a test and
 * `FACTORY_INVALID_REQUEST` for a parameter the linked service does not declare; everything else
 * about the connection is a failed result.
 *
 * @param properties the linked service's `properties`, secrets in plain text.
 * @param parameters values of its parameters (Default: none; their defaults apply).
 */
export async function testLinkedServiceConnection(
  name: string,
  properties: JsonObject,
  parameters: JsonObject,
  ports: LinkedServiceConnectionTestPorts,
): Promise<LinkedServiceConnectionTestResult> {
  const type = typeof properties.type === 'string' ? properties.type : '';
  if (!TESTABLE_LINKED_SERVICE_TYPES.some((known) => known.toLowerCase() === type.toLowerCase()))
    throw new FactoryServiceError(
      'FACTORY_CONNECTION_TEST_UNSUPPORTED',
      `The linked service '${name}' is of type '${type || '(none)'}'; Test connection is available for ${TESTABLE_LINKED_SERVICE_TYPES.join(', ')} linked services only.`,
      { target: 'properties/type' },
    );
  const given = declaredParameters(name, properties, parameters);
  let linkedService: ResolvedLinkedService;
  try {
    linkedService = resolveLinkedServiceProperties(name, properties, given);
  } catch (error) {
    if (!(error instanceof ResolutionFailure)) throw error;
    return failed(
      error.errorCode,
      `The linked service '${name}' cannot be resolved: ${error.message}`,
      ports,
    );
  }
  if (hasKeyVaultReferences(linkedService.typeProperties) && ports.secretProvider !== undefined) {
    try {
      const typeProperties = await resolveKeyVaultReferences(
        linkedService.typeProperties,
        ports.secretProvider,
        { as: 'text', onResolved: (value) => void ports.redactor?.add(value) },
      );
      linkedService = { ...linkedService, typeProperties };
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      return failed(
        error.code,
        `A Key Vault secret of linked service '${name}' cannot be resolved: ${error.message}`,
        ports,
      );
    }
  }
  const result = await testAzureMlConnection(linkedService, ports.connect);
  return { ...result, message: redacted(result.message, ports) };
}

/** The given values under the names the linked service declares (matched ignoring case). */
function declaredParameters(
  name: string,
  properties: JsonObject,
  parameters: JsonObject,
): JsonObject {
  const declared = isJsonObject(properties.parameters) ? Object.keys(properties.parameters) : [];
  const bound: JsonObject = {};
  for (const [parameter, value] of Object.entries(parameters)) {
    const match = declared.find((each) => each.toLowerCase() === parameter.toLowerCase());
    if (match === undefined)
      throw new FactoryServiceError(
        'FACTORY_INVALID_REQUEST',
        `The linked service '${name}' has no parameter '${parameter}'; ${declared.length === 0 ? 'it declares none' : `it declares ${declared.map((each) => `'${each}'`).join(', ')}`}.`,
        { target: `parameters/${parameter}` },
      );
    bound[match] = value;
  }
  return bound;
}

function failed(
  errorCode: string,
  message: string,
  ports: LinkedServiceConnectionTestPorts,
): LinkedServiceConnectionTestResult {
  return { succeeded: false, errorCode, message: redacted(message, ports) };
}

function redacted(message: string, ports: LinkedServiceConnectionTestPorts): string {
  return ports.redactor === undefined ? message : ports.redactor.redact(message);
}
