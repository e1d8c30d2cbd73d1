/**
 * The ML side of the UI, under `/ml/`: published pipelines, endpoints, experiments and runs. A
 * run's page is also what the factory's AzureMLExecutePipeline output links to as `runUrl`
 * (`<server>/ml/runs/<id>`), so it must open from a bare URL (RequireSession signs in first).
 */
import { Navigate, type RouteObject } from 'react-router';
import { lazyPage } from '../app/lazy-page.js';

const keyed = () => import('./keyed-pages.js');

export const mlRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="pipelines" replace /> },
  {
    path: 'pipelines',
    lazy: lazyPage(
      () => import('./PublishedPipelinesPage.js'),
      (module) => module.PublishedPipelinesPage,
    ),
  },
  {
    path: 'pipelines/:id',
    lazy: lazyPage(
      () => import('./PublishedPipelinePage.js'),
      (module) => module.PublishedPipelinePage,
    ),
  },
  {
    path: 'endpoints',
    lazy: lazyPage(
      () => import('./EndpointsPage.js'),
      (module) => module.EndpointsPage,
    ),
  },
  {
    path: 'endpoints/:id',
    lazy: lazyPage(
      () => import('./EndpointPage.js'),
      (module) => module.EndpointPage,
    ),
  },
  {
    path: 'experiments',
    lazy: lazyPage(
      () => import('./ExperimentsPage.js'),
      (module) => module.ExperimentsPage,
    ),
  },
  { path: 'experiments/:name', lazy: lazyPage(keyed, (module) => module.KeyedExperimentPage) },
  {
    path: 'runs',
    lazy: lazyPage(
      () => import('./MlRunsPage.js'),
      (module) => module.MlRunsPage,
    ),
  },
  { path: 'runs/:runId', lazy: lazyPage(keyed, (module) => module.KeyedRunPage) },
];
