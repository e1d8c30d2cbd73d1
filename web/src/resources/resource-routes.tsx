import type { RouteObject } from 'react-router';
import { DatasetDetailPage } from './DatasetDetailPage.js';
import { DatasetListPage } from './DatasetListPage.js';
import { LinkedServiceDetailPage } from './LinkedServiceDetailPage.js';
import { LinkedServiceListPage } from './LinkedServiceListPage.js';

/** Browsing the factory's linked services and datasets (read-only). */
export const resourceRoutes: RouteObject[] = [
  { path: 'linkedservices', element: <LinkedServiceListPage /> },
  { path: 'linkedservices/:name', element: <LinkedServiceDetailPage /> },
  { path: 'datasets', element: <DatasetListPage /> },
  { path: 'datasets/:name', element: <DatasetDetailPage /> },
];
