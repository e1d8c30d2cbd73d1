/**
 * The Key Vault hook of execution: an executor decorator that resolves `AzureKeyVaultSecret`
 * references in the activity's input and in its linked service's properties just before the real
 * executor runs. The engine stores the activity input before it calls the executor, so the
 * resolved values never reach the store; they are registered with the redactor first, so an
 * output or error that quotes one is redacted when it is committed.
 *
 * Wrapping the registry keeps the engine unchanged and free of I/O: composition roots write
 * `executors: withKeyVaultResolution(createBuiltinExecutors(), { provider, redactor })`.
 */
import {
  activityFailure,
  ActivityExecutorRegistry,
  type ActivityExecutionRequest,
  type ActivityExecutionResult,
  type ActivityExecutor,
} from '../activities/activity-executor.js';
import { hasKeyVaultReferences, resolveKeyVaultReferences } from './key-vault-resolver.js';
import { SecretError } from './secret-error.js';
import type { SecretProvider } from './secret-provider.js';
import type { SecretRedactor } from './secret-redactor.js';

export interface KeyVaultResolutionOptions {
  readonly provider: SecretProvider;
  /** Learns every resolved value before the executor runs (Default: none). */
  readonly redactor?: SecretRedactor;
}

export class KeyVaultResolvingExecutor implements ActivityExecutor {
  readonly type: string;

  constructor(
    private readonly inner: ActivityExecutor,
    private readonly options: KeyVaultResolutionOptions,
  ) {
    this.type = inner.type;
  }

  async execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    const linkedService = request.linkedService;
    const inInput = hasKeyVaultReferences(request.input);
    const inLinkedService = hasKeyVaultReferences(linkedService?.typeProperties);
    if (!inInput && !inLinkedService) return this.inner.execute(request);
    const onResolved = (value: string): void => void this.options.redactor?.add(value);
    let where = `activity '${request.activity.name}'`;
    let resolved: ActivityExecutionRequest;
    try {
      const input = inInput
        ? await resolveKeyVaultReferences(request.input, this.options.provider, {
            as: 'SecureString',
            onResolved,
          })
        : request.input;
      where = `linked service '${linkedService?.name ?? ''}'`;
      const typeProperties =
        linkedService && inLinkedService
          ? await resolveKeyVaultReferences(linkedService.typeProperties, this.options.provider, {
              as: 'text',
              onResolved,
            })
          : undefined;
      resolved = {
        ...request,
        input,
        ...(linkedService && typeProperties
          ? { linkedService: { ...linkedService, typeProperties } }
          : {}),
      };
    } catch (error) {
      return resolutionFailure(request, where, error);
    }
    return this.inner.execute(resolved);
  }
}

function resolutionFailure(
  request: ActivityExecutionRequest,
  where: string,
  error: unknown,
): ActivityExecutionResult {
  if (error instanceof SecretError)
    return activityFailure(
      error.code,
      `A Key Vault secret of ${where} cannot be resolved: ${error.message}`,
      request.activity.name,
      error.failureType,
      error.lookedIn === undefined ? undefined : { lookedIn: [...error.lookedIn] },
    );
  // A provider of the installation's own broke its contract; say so without guessing at the value.
  return activityFailure(
    'SECRET_PROVIDER_FAILED',
    `The secret provider failed while resolving a Key Vault secret of ${where}: ${error instanceof Error ? error.message : String(error)}`,
    request.activity.name,
    'SystemError',
  );
}

/** A registry whose every executor resolves Key Vault references first. */
export function withKeyVaultResolution(
  registry: ActivityExecutorRegistry,
  options: KeyVaultResolutionOptions,
): ActivityExecutorRegistry {
  return new ActivityExecutorRegistry(
    registry.types().map((type) => new KeyVaultResolvingExecutor(registry.get(type)!, options)),
  );
}
