/**
 * The error codes the built-in executors report. Numeric codes are Data Factory's own (its
 * troubleshooting guide lists them per activity family); the named ones are Millrace's, for cases
 * where Data Factory has no code of its own.
 */
export const ActivityErrorCodes = {
  '2001':
    'The execution output is over the limit (Web: response over 4 MB; Custom: outputs.json over 2 MB).',
  '2103': 'A required type property has no value.',
  '2104': 'A type property has the wrong type.',
  '2108':
    'The HTTP call failed: the endpoint answered with status 400 or more, or could not be reached.',
  '2128': 'The endpoint sent no response within httpRequestTimeout.',
  '2500': 'The Custom command could not be started, or exited with a non-zero code.',
  '2507': 'The Custom folderPath does not exist or is not a folder.',
  '4101':
    'AzureMLExecutePipeline: an activity property is missing, of the wrong type or not allowed.',
  '4110': 'AzureMLExecutePipeline: the activity has no linked service.',
  '4111': 'AzureMLExecutePipeline: the linked service is not of type AzureMLService.',
  '4112':
    'AzureMLExecutePipeline: the linked service cannot be used (no millraceEndpoint and no embedded workspace, a bad URL).',
  '4121': "AzureMLExecutePipeline: the linked service's credential has expired.",
  '4122':
    "AzureMLExecutePipeline: the linked service's credential is invalid or lacks permission to submit.",
  '4123': "AzureMLExecutePipeline: the parameters do not match the published pipeline's interface.",
  '4124': 'AzureMLExecutePipeline: the published pipeline or endpoint is not found, or disabled.',
  '4125': 'AzureMLExecutePipeline: the ML server failed or could not be reached; a retry may help.',
  '4126':
    "AzureMLExecutePipeline: the ML run ended Failed or Canceled; details list the failed steps' errors and log tails.",
  ACTIVITY_INVALID_PROPERTY: 'A type property has the right type but a value that cannot be used.',
  ACTIVITY_CANCELLED:
    'The activity was stopped (pipeline cancelled or activity timed out) before it finished.',
  ACTIVITY_EXECUTOR_FAILED: 'The executor failed unexpectedly (a bug); the message has the cause.',
  CUSTOM_INVALID_OUTPUTS: 'The Custom command wrote an outputs.json that is not valid JSON.',
  WEB_AUTHENTICATION_NOT_AVAILABLE:
    'The WebActivity authentication type needs Azure (managed identity, service principal, client certificate).',
  NOOP_FAILED: 'A NoOp activity failed as its typeProperties asked (fail, failAttempts).',
} as const;

export type ActivityErrorCode = keyof typeof ActivityErrorCodes;
