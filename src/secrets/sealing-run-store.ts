/**
 * A RunStore decorator that keeps secrets out of run records while the engine works unchanged.
 *
 * On commit:
 * - The secrets of the run's `definition` and `factorySnapshot` (SecureString values and
 *   defaults, well-known secret properties: `secret-fields.ts`) and its SecureString parameters
 *   are registered with the redactor, then sealed in place; parameters are bound to their run and
 *   name. A parameter of another type that carries a known secret (a parent's SecureString passed
 *   to a child's String parameter) is sealed too, and declared SecureString in the stored
 *   definition so that the views mask it (both types bind alike: the engine sees no difference).
 * - What users see (activity input, output and error; run output and message) has every known
 *   secret redacted to `**********`. That is lossy on purpose: a downstream activity that reads
 *   an echoed secret from the store (after a resume) sees the mask (use `secureOutput`).
 * - `secureInput` / `secureOutput` activities (ADF's "not logged to monitoring") get their whole
 *   input / output sealed, bound to the activity run, so that a resumed run still reads the
 *   output; the views (`run-views.ts`) show the mask.
 * - What only the engine reads (run variables, activity state) keeps strings holding a known
 *   secret sealed in place (`{ "$sealed": "msv1:…" }`), so a resumed run gets them back.
 *
 * On read the decorator opens what it sealed and registers the run's secrets with the redactor
 * (a process that resumes a run learns them there). Reads the engine executes from
 * (`getPipelineRun`, `listActivityRuns`) fail with SECRET_UNREADABLE when a value cannot be
 * opened; listings (`queryPipelineRuns`, `listChildRuns`) leave such values sealed.
 *
 * Every other method of the wrapped store (ML workspace, identity, factory resources …) is
 * delegated unchanged by {@link withSecretSealing}.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { MASKED } from '../engine/run-views.js';
import {
  TERMINAL_ACTIVITY_STATUSES,
  type ActivityError,
  type ActivityRunPatch,
  type ActivityRunRecord,
  type PipelineRunPage,
  type PipelineRunPatch,
  type PipelineRunQuery,
  type PipelineRunRecord,
  type RunStore,
  type Transition,
} from '../store/store.js';
import { SecretBox } from './secret-box.js';
import { openResourceSecrets, sealResourceSecrets, secretValuesOf } from './secret-fields.js';
import type { SecretRedactor } from './secret-redactor.js';

/** The key of a value sealed where no secret place says so: `{ "$sealed": "msv1:…" }`. */
export const SEALED_VALUE_KEY = '$sealed';

export interface SecretSealingOptions {
  readonly box: SecretBox;
  /** Learns every secret the store sees, and redacts what users see. */
  readonly redactor: SecretRedactor;
}

interface SecureFlags {
  readonly secureInput: boolean;
  readonly secureOutput: boolean;
}

type OpenMode = 'strict' | 'lenient';

/** The RunStore methods the decorator changes; everything else goes straight to the inner store. */
const SEALED_METHODS = new Set<PropertyKey>([
  'commit',
  'getPipelineRun',
  'listActivityRuns',
  'queryPipelineRuns',
  'listChildRuns',
]);

export class SecretSealingRunStore implements RunStore {
  private readonly box: SecretBox;
  private readonly redactor: SecretRedactor;
  /**
   * secureInput / secureOutput of activity runs not finished yet, so that an update (which does
   * not carry the activity's state) is sealed too. Learnt on create and on read.
   */
  private readonly secureActivityRuns = new Map<string, SecureFlags>();

  constructor(
    private readonly inner: RunStore,
    options: SecretSealingOptions,
  ) {
    this.box = options.box;
    this.redactor = options.redactor;
  }

  // ---- writes ---------------------------------------------------------------------------------

  commit(transition: Transition): Promise<void> {
    return this.inner.commit(this.sealTransition(transition));
  }

  /** The transition as it is stored (exposed for tests and for stores that batch commits). */
  sealTransition(transition: Transition): Transition {
    // Runs first: their secrets must be known before anything else in the step is redacted.
    const createRuns = transition.createRuns?.map((run) => this.sealRun(run));
    return {
      ...transition,
      ...(createRuns ? { createRuns } : {}),
      ...(transition.updateRuns
        ? {
            updateRuns: transition.updateRuns.map(({ runId, patch }) => ({
              runId,
              patch: this.sealRunPatch(runId, patch),
            })),
          }
        : {}),
      ...(transition.createActivityRuns
        ? {
            createActivityRuns: transition.createActivityRuns.map((record) =>
              this.sealActivityRun(record),
            ),
          }
        : {}),
      ...(transition.updateActivityRuns
        ? {
            updateActivityRuns: transition.updateActivityRuns.map(({ activityRunId, patch }) => ({
              activityRunId,
              patch: this.sealActivityPatch(activityRunId, patch),
            })),
          }
        : {}),
    };
  }

  private sealRun(run: PipelineRunRecord): PipelineRunRecord {
    this.learn(run);
    // A parameter that carries a known secret without being declared SecureString (a parent's
    // SecureString passed to a child's String parameter) is stored as one: sealed, and declared
    // SecureString in the stored definition so that the views mask it. Both types bind alike, so
    // the engine sees no difference.
    const declared = secureParameterNames(run.definition);
    const carrying = Object.entries(run.parameters)
      .filter(
        ([name, value]) =>
          !declared.has(name) && value !== null && this.redactor.contains(JSON.stringify(value)),
      )
      .map(([name]) => name);
    const definition =
      carrying.length > 0 ? declareSecureParameters(run.definition, carrying) : run.definition;
    const secure = new Set([...declared, ...carrying]);
    const parameters: JsonObject = {};
    for (const [name, value] of Object.entries(run.parameters)) {
      const context = parameterContext(run.runId, name);
      setOwn(
        parameters,
        name,
        !secure.has(name) || value === null || value === ''
          ? value
          : typeof value === 'string'
            ? this.box.seal(value, context)
            : this.sealWhole(value, context),
      );
    }
    return {
      ...run,
      parameters,
      definition: sealResourceSecrets(definition, this.box),
      factorySnapshot: sealResourceSecrets(run.factorySnapshot, this.box),
      message: this.redactor.redact(run.message),
      output: this.redactor.redactJson(run.output),
      variables: this.sealKnownSecrets(run.variables, variablesContext(run.runId)),
    };
  }

  private sealRunPatch(runId: string, patch: PipelineRunPatch): PipelineRunPatch {
    return {
      ...patch,
      ...(patch.message !== undefined ? { message: this.redactor.redact(patch.message) } : {}),
      ...(patch.output !== undefined ? { output: this.redactor.redactJson(patch.output) } : {}),
      ...(patch.variables !== undefined
        ? { variables: this.sealKnownSecrets(patch.variables, variablesContext(runId)) }
        : {}),
    };
  }

  private sealActivityRun(record: ActivityRunRecord): ActivityRunRecord {
    const flags = secureFlagsOf(record.state);
    if ((flags.secureInput || flags.secureOutput) && !isTerminal(record.status))
      this.secureActivityRuns.set(record.activityRunId, flags);
    return {
      ...record,
      input: this.sealInput(record.activityRunId, record.input, flags),
      output: this.sealOutput(record.activityRunId, record.output, flags),
      error: this.redactError(record.error),
      state: this.sealKnownSecrets(record.state, stateContext(record.activityRunId)),
    };
  }

  private sealActivityPatch(activityRunId: string, patch: ActivityRunPatch): ActivityRunPatch {
    const known = this.secureActivityRuns.get(activityRunId);
    const flags =
      patch.state !== undefined
        ? {
            secureInput: known?.secureInput === true || secureFlagsOf(patch.state).secureInput,
            secureOutput: known?.secureOutput === true || secureFlagsOf(patch.state).secureOutput,
          }
        : (known ?? { secureInput: false, secureOutput: false });
    if (patch.status !== undefined && isTerminal(patch.status))
      this.secureActivityRuns.delete(activityRunId);
    else if (flags.secureInput || flags.secureOutput)
      this.secureActivityRuns.set(activityRunId, flags);
    return {
      ...patch,
      ...(patch.input !== undefined
        ? { input: this.sealInput(activityRunId, patch.input, flags) }
        : {}),
      ...(patch.output !== undefined
        ? { output: this.sealOutput(activityRunId, patch.output, flags) }
        : {}),
      ...(patch.error !== undefined ? { error: this.redactError(patch.error) } : {}),
      ...(patch.state !== undefined
        ? { state: this.sealKnownSecrets(patch.state, stateContext(activityRunId)) }
        : {}),
    };
  }

  private sealInput(activityRunId: string, input: JsonValue, flags: SecureFlags): JsonValue {
    // The engine already stores an executed secureInput activity's input as the mask.
    if (flags.secureInput && input !== MASKED && input !== null)
      return this.sealWhole(input, inputContext(activityRunId));
    return this.redactor.redactJson(input);
  }

  private sealOutput(activityRunId: string, output: JsonValue, flags: SecureFlags): JsonValue {
    if (flags.secureOutput && output !== null)
      return this.sealWhole(output, outputContext(activityRunId));
    return this.redactor.redactJson(output);
  }

  private redactError(error: ActivityError | null): ActivityError | null {
    return error === null
      ? null
      : (this.redactor.redactJson(error as unknown as JsonObject) as unknown as ActivityError);
  }

  private sealWhole(value: JsonValue, context: string): JsonObject {
    return { [SEALED_VALUE_KEY]: this.box.sealJson(value, context) };
  }

  /** Strings that hold a known secret become sealed values; the rest stays readable. */
  private sealKnownSecrets<T extends JsonValue>(json: T, context: string): T {
    return rebuildJson(json, (node) =>
      typeof node === 'string' && this.redactor.contains(node)
        ? this.sealWhole(node, context)
        : undefined,
    ) as T;
  }

  /** Registers the run's plaintext secrets with the redactor. */
  private learn(run: PipelineRunRecord): void {
    const secure = secureParameterNames(run.definition);
    for (const [name, value] of Object.entries(run.parameters)) {
      if (secure.has(name) && typeof value === 'string') this.redactor.add(value);
    }
    this.redactor.addAll(secretValuesOf(run.definition, this.box));
    this.redactor.addAll(secretValuesOf(run.factorySnapshot, this.box));
  }

  // ---- reads ----------------------------------------------------------------------------------

  async getPipelineRun(runId: string): Promise<PipelineRunRecord | undefined> {
    const run = await this.inner.getPipelineRun(runId);
    return run && this.openRun(run, 'strict');
  }

  async listActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]> {
    const records = await this.inner.listActivityRuns(runId);
    return records.map((record) => this.openActivityRun(record, 'strict'));
  }

  async queryPipelineRuns(query: PipelineRunQuery): Promise<PipelineRunPage> {
    const page = await this.inner.queryPipelineRuns(query);
    return { ...page, value: page.value.map((run) => this.openRun(run, 'lenient')) };
  }

  async listChildRuns(runId: string): Promise<readonly PipelineRunRecord[]> {
    const runs = await this.inner.listChildRuns(runId);
    return runs.map((run) => this.openRun(run, 'lenient'));
  }

  private openRun(run: PipelineRunRecord, mode: OpenMode): PipelineRunRecord {
    const secure = secureParameterNames(run.definition);
    const parameters: JsonObject = {};
    for (const [name, value] of Object.entries(run.parameters)) {
      const context = parameterContext(run.runId, name);
      setOwn(
        parameters,
        name,
        !secure.has(name)
          ? value
          : typeof value === 'string'
            ? SecretBox.isSealed(value)
              ? this.openText(value, context, mode)
              : value
            : this.openWhole(value, context, mode),
      );
    }
    const onUnreadable = mode === 'strict' ? 'throw' : 'keep';
    const opened: PipelineRunRecord = {
      ...run,
      parameters,
      definition: openResourceSecrets(run.definition, this.box, { onUnreadable }),
      factorySnapshot: openResourceSecrets(run.factorySnapshot, this.box, { onUnreadable }),
      variables: this.openSealedValues(run.variables, variablesContext(run.runId)),
    };
    this.learn(opened);
    return opened;
  }

  private openActivityRun(record: ActivityRunRecord, mode: OpenMode): ActivityRunRecord {
    const flags = secureFlagsOf(record.state);
    if ((flags.secureInput || flags.secureOutput) && !isTerminal(record.status))
      this.secureActivityRuns.set(record.activityRunId, flags);
    return {
      ...record,
      // Only values sealed whole by this store, where the flags say so, are opened: an output
      // that merely looks sealed (an endpoint's answer) is never decrypted for anyone.
      input: flags.secureInput
        ? this.openWhole(record.input, inputContext(record.activityRunId), mode)
        : record.input,
      output: flags.secureOutput
        ? this.openWhole(record.output, outputContext(record.activityRunId), mode)
        : record.output,
      state: this.openSealedValues(record.state, stateContext(record.activityRunId)),
    };
  }

  private openText(sealed: string, context: string, mode: OpenMode): string {
    if (mode === 'lenient' && !this.box.opens(sealed, context)) return sealed;
    return this.box.open(sealed, context);
  }

  private openWhole(value: JsonValue, context: string, mode: OpenMode): JsonValue {
    const sealed = sealedText(value);
    if (sealed === undefined) return value;
    if (mode === 'lenient' && !this.box.opens(sealed, context)) return value;
    return this.box.openJson(sealed, context) as JsonValue;
  }

  /**
   * Opens `{ "$sealed": … }` values at any depth. One that does not open in this context (planted
   * by a pipeline, or sealed elsewhere) is left as it is.
   */
  private openSealedValues<T extends JsonValue>(json: T, context: string): T {
    return rebuildJson(json, (node) => {
      const sealed = sealedText(node);
      if (sealed === undefined) return undefined;
      return this.box.opens(sealed, context)
        ? (this.box.openJson(sealed, context) as JsonValue)
        : node;
    }) as T;
  }

  // ---- delegated ------------------------------------------------------------------------------

  acquireLease(runId: string, owner: string, now: string, expiresAt: string): Promise<boolean> {
    return this.inner.acquireLease(runId, owner, now, expiresAt);
  }

  renewLeases(owner: string, expiresAt: string): Promise<void> {
    return this.inner.renewLeases(owner, expiresAt);
  }

  releaseLease(runId: string, owner: string): Promise<void> {
    return this.inner.releaseLease(runId, owner);
  }

  findOrphanedRuns(now: string): Promise<readonly string[]> {
    return this.inner.findOrphanedRuns(now);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * The store with run records sealed and every other method of `inner` (ML workspace, identity,
 * whatever the Store gains) delegated untouched, so it can stand wherever `inner` did.
 */
export function withSecretSealing<S extends RunStore>(inner: S, options: SecretSealingOptions): S {
  const sealing = new SecretSealingRunStore(inner, options);
  return new Proxy(inner, {
    get(target, property) {
      if (SEALED_METHODS.has(property)) {
        const method = Reflect.get(sealing, property) as (...args: unknown[]) => unknown;
        return method.bind(sealing);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

// ---- helpers ----------------------------------------------------------------------------------

/** The parameters a pipeline resource JSON declares SecureString (type names ignore case). */
function secureParameterNames(definition: JsonObject): ReadonlySet<string> {
  const properties = definition.properties;
  const declared =
    typeof properties === 'object' && properties !== null && !Array.isArray(properties)
      ? properties.parameters
      : undefined;
  const names = new Set<string>();
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) return names;
  for (const [name, spec] of Object.entries(declared)) {
    const type =
      typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? spec.type : undefined;
    if (typeof type === 'string' && type.toLowerCase() === 'securestring') names.add(name);
  }
  return names;
}

/** The definition with these parameters declared SecureString. */
function declareSecureParameters(definition: JsonObject, names: readonly string[]): JsonObject {
  const properties = isObject(definition.properties) ? definition.properties : {};
  const declared = isObject(properties.parameters) ? properties.parameters : {};
  const parameters: JsonObject = { ...declared };
  for (const name of names) {
    const spec = declared[name];
    setOwn(parameters, name, { ...(isObject(spec) ? spec : {}), type: 'SecureString' });
  }
  return { ...definition, properties: { ...properties, parameters } };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function secureFlagsOf(state: JsonObject): SecureFlags {
  return { secureInput: state.secureInput === true, secureOutput: state.secureOutput === true };
}

function isTerminal(status: ActivityRunRecord['status']): boolean {
  return TERMINAL_ACTIVITY_STATUSES.includes(status);
}

/** The sealed text of a `{ "$sealed": "msv1:…" }` value, else undefined. */
function sealedText(value: JsonValue): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const text = value[SEALED_VALUE_KEY];
  return keys.length === 1 && typeof text === 'string' && SecretBox.isSealed(text)
    ? text
    : undefined;
}

function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const parameterContext = (runId: string, name: string): string =>
  `pipelineRun/${runId}/parameters/${name}`;
const variablesContext = (runId: string): string => `pipelineRun/${runId}/variables`;
const inputContext = (activityRunId: string): string => `activityRun/${activityRunId}/input`;
const outputContext = (activityRunId: string): string => `activityRun/${activityRunId}/output`;
const stateContext = (activityRunId: string): string => `activityRun/${activityRunId}/state`;

/**
 * A copy of `node` in which every node `replace` answers for is replaced (its children are not
 * visited); `undefined` means keep the node and look inside.
 */
function rebuildJson(
  node: JsonValue,
  replace: (node: JsonValue) => JsonValue | undefined,
): JsonValue {
  const replaced = replace(node);
  if (replaced !== undefined) return replaced;
  if (Array.isArray(node)) return node.map((item) => rebuildJson(item, replace));
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) setOwn(out, key, rebuildJson(value, replace));
  return out;
}
