/** The authoring pages: the factory's pipelines, and the pipeline editor. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../app/lazy-page.js';

export const authorRoutes: RouteObject[] = [
  {
    path: 'pipelines',
    lazy: lazyPage(
      () => import('./PipelineListPage.js'),
      (module) => module.PipelineListPage,
    ),
  },
  {
    path: 'pipelines/:name',
    lazy: lazyPage(
      () => import('./PipelineEditorPage.js'),
      (module) => module.PipelineEditorPage,
    ),
  },
];
