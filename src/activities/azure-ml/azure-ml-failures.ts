/**
 * Failures of the ML workspace (its own errors and those of reaching a Millrace server) as
 * Data Factory's AzureMLExecutePipeline codes: 4121/4122 credentials, 4123 parameters, 4124 not
 * found or disabled, 4125 server errors. Anything else is left to the execution guard.
 */
import { MlWorkspaceClientError } from '../../ml/workspace/ml-workspace-client-errors.js';
import { MlWorkspaceError, MlWorkspaceErrorCodes } from '../../ml/workspace/ml-workspace-errors.js';
import { activityFailure, type ActivityExecutionResult } from '../activity-executor.js';

export function mlFailureResult(
  error: unknown,
  target: string,
): ActivityExecutionResult | undefined {
  if (error instanceof MlWorkspaceError) {
    const kind = MlWorkspaceErrorCodes[error.code];
    const adfCode =
      'adfCode' in kind ? kind.adfCode : kind.failureType === 'SystemError' ? '4125' : '4101';
    return activityFailure(
      adfCode,
      `Azure ML refused the request (${error.code}): ${error.message}`,
      target,
      kind.failureType,
      error.details,
    );
  }
  if (error instanceof MlWorkspaceClientError) {
    switch (error.code) {
      case 'ML_SERVER_UNAUTHORIZED':
        // The server says so in a field (error_codes, AUTH_TOKEN_EXPIRED), not only in prose.
        return error.credentialExpired
          ? activityFailure(
              '4121',
              `The linked service's credential has expired: ${error.message} Put the new secret in the linked service's servicePrincipalKey.`,
              target,
            )
          : activityFailure(
              '4122',
              `The linked service's credential is invalid: ${error.message} Check servicePrincipalId and servicePrincipalKey.`,
              target,
            );
      case 'ML_SERVER_FORBIDDEN':
        return activityFailure(
          '4122',
          `The linked service's service principal lacks permission: ${error.message}`,
          target,
        );
      case 'ML_SERVER_UNREACHABLE':
      case 'ML_SERVER_ERROR':
      case 'ML_SERVER_BAD_RESPONSE':
        return activityFailure(
          '4125',
          `Azure ML server error (${error.code}): ${error.message} Retrying may help.`,
          target,
          'SystemError',
        );
    }
  }
  return undefined;
}
