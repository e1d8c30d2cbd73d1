/**
 * Data Factory's "Test connection" of an `AzureMLService` linked service ("validateWorkspace"):
 * the workspace it points at answers, its service principal's credentials are accepted, and they
 * grant what AzureMLExecutePipeline needs. Failures carry the codes the activity would fail with
 * (4112 unusable linked service, 4121 expired credential, 4122 invalid credential or missing
 * permission, 4125 server unreachable or failing) and say what to do. The result is plain data
 * and never holds a secret.
 */
import type { RoleName } from '../../identity/permissions.js';
import type { MlWorkspace, MlWorkspaceAccess } from '../../ml/workspace/ml-workspace.js';
import { ExpectedFailure } from '../execution-guard.js';
import { secretText } from '../type-properties.js';
import { AZURE_ML_LINKED_SERVICE_TYPE } from './azure-ml-execute-pipeline-executor.js';
import { mlFailureResult } from './azure-ml-failures.js';
import {
  millraceEndpointOf,
  type AzureMlLinkedService,
  type MlWorkspaceConnect,
} from './ml-workspace-connector.js';

export type AzureMlConnectionTestResult =
  | {
      readonly succeeded: true;
      readonly message: string;
      readonly workspace: string;
      /** The `ml/*` permissions the linked service's principal holds on the workspace. */
      readonly permissions: readonly string[];
    }
  | { readonly succeeded: false; readonly errorCode: string; readonly message: string };

/** What AzureMLExecutePipeline needs: submit a run, then follow it. */
export const REQUIRED_ML_PERMISSIONS = ['ml/pipelines/submit', 'ml/runs/read'] as const;

/** The narrowest built-in role that grants every required permission. */
export const CONNECTION_ROLE: RoleName = 'ML Pipeline Submitter';

/** Secrets shorter than this are not searched for in messages (they would match anywhere). */
const MIN_SCRUBBED_SECRET_LENGTH = 6;

export async function testAzureMlConnection(
  linkedService: AzureMlLinkedService,
  connect: MlWorkspaceConnect,
): Promise<AzureMlConnectionTestResult> {
  const result = await test(linkedService, connect);
  return result.succeeded
    ? result
    : { ...result, message: scrubbed(result.message, linkedService) };
}

async function test(
  linkedService: AzureMlLinkedService,
  connect: MlWorkspaceConnect,
): Promise<AzureMlConnectionTestResult> {
  if (linkedService.type.toLowerCase() !== AZURE_ML_LINKED_SERVICE_TYPE.toLowerCase())
    return failed(
      '4111',
      `The linked service '${linkedService.name}' is of type '${linkedService.type}'; only ${AZURE_ML_LINKED_SERVICE_TYPE} linked services can be tested here.`,
    );
  let access: MlWorkspaceAccess;
  try {
    const workspace: MlWorkspace = await connect(linkedService);
    access = await workspace.checkAccess();
  } catch (error) {
    return failureOf(linkedService, error);
  }
  const endpoint = millraceEndpointOf(linkedService);
  // The embedded workspace answers to any name, as the server echoes the one in its path.
  const workspace =
    endpoint === undefined
      ? (workspaceNameOf(linkedService) ?? access.workspace)
      : access.workspace;
  const missing = REQUIRED_ML_PERMISSIONS.filter(
    (permission) => !access.permissions.includes(permission),
  );
  if (missing.length > 0) {
    const clientId = textOf(linkedService, 'servicePrincipalId');
    const who =
      access.principal === undefined
        ? `The linked service's principal`
        : `The principal '${access.principal}'`;
    return failed(
      '4122',
      `${who} reaches ML workspace '${workspace}' but lacks ${missing.join(' and ')}, which AzureMLExecutePipeline needs to submit and follow runs (it holds: ${access.permissions.join(', ') || 'no ML permission'}). Grant it the role '${CONNECTION_ROLE}' on scope ml: \`millrace roles grant ${clientId ?? '<servicePrincipalId>'} "${CONNECTION_ROLE}" --scope ml\`.`,
    );
  }
  return {
    succeeded: true,
    message: `Connection to ML workspace '${workspace}'${endpoint === undefined ? ' (embedded)' : ` at ${endpoint}`} succeeded${access.principal === undefined ? '' : ` as '${access.principal}'`} (${access.permissions.join(', ')}).`,
    workspace,
    permissions: [...access.permissions],
  };
}

function failureOf(
  linkedService: AzureMlLinkedService,
  error: unknown,
): AzureMlConnectionTestResult {
  if (error instanceof ExpectedFailure) return failed(error.code, error.message);
  const mapped = mlFailureResult(error, linkedService.name);
  if (mapped !== undefined && mapped.status === 'Failed')
    return failed(mapped.error.errorCode, mapped.error.message);
  const cause = error instanceof Error ? error.message : String(error);
  // As the activity reports a workspace that cannot be opened.
  return failed(
    '4112',
    `Could not reach the ML workspace of the linked service '${linkedService.name}': ${cause}`,
  );
}

function failed(errorCode: string, message: string): AzureMlConnectionTestResult {
  return { succeeded: false, errorCode, message };
}

function textOf(linkedService: AzureMlLinkedService, name: string): string | undefined {
  const value = linkedService.typeProperties[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function workspaceNameOf(linkedService: AzureMlLinkedService): string | undefined {
  return textOf(linkedService, 'mlWorkspaceName');
}

/** A message never quotes the service principal key, whatever a server put in its answer. */
function scrubbed(message: string, linkedService: AzureMlLinkedService): string {
  let key: string | undefined;
  try {
    key = secretText(linkedService.typeProperties['servicePrincipalKey'], 'servicePrincipalKey');
  } catch {
    key = undefined;
  }
  if (key === undefined || key.length < MIN_SCRUBBED_SECRET_LENGTH) return message;
  return message.split(key).join('**********');
}
