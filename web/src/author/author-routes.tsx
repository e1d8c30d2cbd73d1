/** The authoring pages: the factory's pipelines, and the pipeline editor. */
import type { RouteObject } from 'react-router';
import { PipelineEditorPage } from './PipelineEditorPage.js';
import { PipelineListPage } from './PipelineListPage.js';

export const authorRoutes: RouteObject[] = [
  { path: 'pipelines', element: <PipelineListPage /> },
  { path: 'pipelines/:name', element: <PipelineEditorPage /> },
];
