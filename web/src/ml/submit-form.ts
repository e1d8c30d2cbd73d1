/**
 * The "Submit run" form of a published pipeline, as data: fields from the pipeline's interface,
 * and the submission they make. A parameter left empty takes its default on the server; a data
 * path left at its default is not sent. Pure.
 */
import type { DataPath, PublishedPipeline, SubmitRunRequest } from './ml-workspace-api.js';

export interface SubmitFormValues {
  readonly experimentName: string;
  readonly description: string;
  /** Parameter name → text typed ('' = the default). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly dataPaths: Readonly<
    Record<string, { readonly datastore: string; readonly path: string }>
  >;
}

export interface SubmitFormProblem {
  /** `experimentName`, `parameters.<name>` or `dataPaths.<name>`. */
  readonly field: string;
  readonly message: string;
}

export function initialSubmitValues(pipeline: PublishedPipeline): SubmitFormValues {
  return {
    experimentName: pipeline.Name,
    description: '',
    parameters: Object.fromEntries(pipeline.Interface.Parameters.map((p) => [p.Name, ''])),
    dataPaths: Object.fromEntries(
      pipeline.Interface.DataPathParameters.map((parameter) => [
        parameter.Name,
        {
          datastore: parameter.DefaultValue?.DataStoreName ?? '',
          path: parameter.DefaultValue?.RelativePath ?? '',
        },
      ]),
    ),
  };
}

/** The submission, or the problems that keep it from being one (all of them). */
export function submitRequestOf(
  pipeline: PublishedPipeline,
  values: SubmitFormValues,
): { readonly request?: SubmitRunRequest; readonly problems: readonly SubmitFormProblem[] } {
  const problems: SubmitFormProblem[] = [];
  const experimentName = values.experimentName.trim();
  if (experimentName === '') {
    problems.push({ field: 'experimentName', message: 'Name the experiment to run in.' });
  }
  const parameters: Record<string, string> = {};
  for (const parameter of pipeline.Interface.Parameters) {
    const text = values.parameters[parameter.Name] ?? '';
    if (text !== '') parameters[parameter.Name] = text;
    else if (parameter.DefaultValue === null && !parameter.IsOptional) {
      problems.push({
        field: `parameters.${parameter.Name}`,
        message: `${parameter.Name} has no default: give a value.`,
      });
    }
  }
  const dataPaths: Record<string, DataPath> = {};
  for (const parameter of pipeline.Interface.DataPathParameters) {
    const value = values.dataPaths[parameter.Name] ?? { datastore: '', path: '' };
    const datastore = value.datastore.trim();
    const path = value.path.trim();
    const fallback = parameter.DefaultValue;
    const unchanged =
      fallback !== null && datastore === fallback.DataStoreName && path === fallback.RelativePath;
    if (unchanged) continue;
    if (datastore === '' || path === '') {
      if (datastore === '' && path === '' && (fallback !== null || parameter.IsOptional)) continue;
      problems.push({
        field: `dataPaths.${parameter.Name}`,
        message: `${parameter.Name} needs both a datastore and a path.`,
      });
      continue;
    }
    dataPaths[parameter.Name] = { DataStoreName: datastore, RelativePath: path };
  }
  if (problems.length > 0) return { problems };
  const description = values.description.trim();
  return {
    problems,
    request: {
      ExperimentName: experimentName,
      RunSource: 'UI',
      ...(description === '' ? {} : { Description: description }),
      ...(Object.keys(parameters).length === 0 ? {} : { ParameterAssignments: parameters }),
      ...(Object.keys(dataPaths).length === 0 ? {} : { DataPathAssignments: dataPaths }),
    },
  };
}
