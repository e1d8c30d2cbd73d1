/** Public API of the ML workspace context (definitions only so far; see README.md). */
export * from './ml-pipeline-definition.js';
export { parseMlPipeline } from './ml-pipeline-parser.js';
export type { MlParseOptions, MlParseResult } from './ml-pipeline-parser.js';
export { loadMlPipeline } from './ml-pipeline-loader.js';
export type { MlLoadResult } from './ml-pipeline-loader.js';
export { MlProblemCodes, hasErrors } from './ml-problems.js';
export type { MlProblem, MlProblemCode, MlProblemSeverity } from './ml-problems.js';
