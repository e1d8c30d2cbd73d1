import type { RouteObject } from 'react-router';
import { RunPage } from './RunPage.js';
import { RunsPage } from './RunsPage.js';

export const monitorRoutes: RouteObject[] = [
  { path: 'runs', element: <RunsPage /> },
  { path: 'runs/:runId', element: <RunPage /> },
];
