import type { RouteObject } from 'react-router';
import { lazyPage } from '../app/lazy-page.js';

/** Browsing the factory's linked services and datasets (read-only). */
export const resourceRoutes: RouteObject[] = [
  {
    path: 'linkedservices',
    lazy: lazyPage(
      () => import('./LinkedServiceListPage.js'),
      (module) => module.LinkedServiceListPage,
    ),
  },
  {
    path: 'linkedservices/:name',
    lazy: lazyPage(
      () => import('./LinkedServiceDetailPage.js'),
      (module) => module.LinkedServiceDetailPage,
    ),
  },
  {
    path: 'datasets',
    lazy: lazyPage(
      () => import('./DatasetListPage.js'),
      (module) => module.DatasetListPage,
    ),
  },
  {
    path: 'datasets/:name',
    lazy: lazyPage(
      () => import('./DatasetDetailPage.js'),
      (module) => module.DatasetDetailPage,
    ),
  },
];
