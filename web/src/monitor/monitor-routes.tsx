import type { RouteObject } from 'react-router';
import { lazyPage } from '../app/lazy-page.js';

export const monitorRoutes: RouteObject[] = [
  {
    path: 'runs',
    lazy: lazyPage(
      () => import('./RunsPage.js'),
      (module) => module.RunsPage,
    ),
  },
  {
    path: 'runs/:runId',
    lazy: lazyPage(
      () => import('./RunPage.js'),
      (module) => module.RunPage,
    ),
  },
];
