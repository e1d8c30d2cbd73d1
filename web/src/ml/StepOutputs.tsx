import { CopyButton } from './CopyButton.js';
import type { DataPath, MlRun, StepRun } from './ml-workspace-api.js';
import type { ModelStep, StepInputSource } from './pipeline-model.js';
import { dataPathText } from './step-graph.js';

interface InputRow {
  readonly name: string;
  readonly from: string;
  readonly value?: string;
}

/** Where an input came from, and what it was in this run, as far as the run tells. */
function inputRow(name: string, source: StepInputSource, run: MlRun): InputRow {
  switch (source.kind) {
    case 'literal':
      return { name, from: 'literal', value: String(source.value) };
    case 'data-path':
      return { name, from: 'data path', value: `${source.datastore}/${source.path}` };
    case 'pipeline-input': {
      const dataPath = run.DataPathAssignments[source.inputName];
      const parameter = run.ParameterAssignments[source.inputName];
      const value =
        dataPath !== undefined
          ? dataPathText(dataPath)
          : parameter !== undefined
            ? parameter
            : undefined;
      return {
        name,
        from: `pipeline input ${source.inputName}`,
        ...(value === undefined ? {} : { value }),
      };
    }
    case 'step-output': {
      const written = run.StepRuns?.find((candidate) => candidate.Name === source.stepName)
        ?.Outputs[source.outputName];
      return {
        name,
        from: `${source.stepName}.${source.outputName}`,
        ...(written === undefined ? {} : { value: dataPathText(written) }),
      };
    }
  }
}

function PathCell({ path, what }: { readonly path: DataPath; readonly what: string }) {
  const text = dataPathText(path);
  return (
    <span className="ml-path">
      <code>{path.RelativePath}</code>
      <CopyButton value={text} what={what} />
    </span>
  );
}

/** A step's outputs (name → datastore path) and, when the definition is known, its inputs. */
export function StepOutputs({
  run,
  step,
  modelStep,
}: {
  readonly run: MlRun;
  readonly step: StepRun;
  readonly modelStep: ModelStep | undefined;
}) {
  const outputs = Object.entries(step.Outputs);
  const inputs = modelStep?.inputs.map((input) => inputRow(input.name, input.source, run)) ?? [];
  return (
    <div className="ml-outputs">
      <h3>Outputs</h3>
      {outputs.length === 0 ? (
        <p className="muted">
          {step.Status === 'Completed' ? 'This step wrote no outputs.' : 'No outputs yet.'}
        </p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Output</th>
              <th scope="col">Datastore</th>
              <th scope="col">Path</th>
            </tr>
          </thead>
          <tbody>
            {outputs.map(([name, path]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{path.DataStoreName}</td>
                <td>
                  <PathCell path={path} what={`the location of ${name}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {step.Reused && outputs.length > 0 ? (
        <p className="small muted">Reused: these are the outputs the earlier run wrote.</p>
      ) : null}
      {inputs.length === 0 ? null : (
        <>
          <h3>Inputs</h3>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">From</th>
                <th scope="col">Value in this run</th>
              </tr>
            </thead>
            <tbody>
              {inputs.map((input) => (
                <tr key={input.name}>
                  <th scope="row">{input.name}</th>
                  <td>{input.from}</td>
                  <td>
                    {input.value === undefined ? (
                      '—'
                    ) : (
                      <code>{input.value === '' ? '""' : input.value}</code>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
