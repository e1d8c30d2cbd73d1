import type { RouteObject } from 'react-router';
import { Placeholder } from '../ui/Placeholder.js';

export const mlRoutes: RouteObject[] = [
  { path: 'pipelines', element: <Placeholder title="pipelines" /> },
  { path: 'pipelines/:id', element: <Placeholder title="pipelines/:id" /> },
  { path: 'endpoints', element: <Placeholder title="endpoints" /> },
  { path: 'endpoints/:id', element: <Placeholder title="endpoints/:id" /> },
  { path: 'experiments', element: <Placeholder title="experiments" /> },
  { path: 'experiments/:name', element: <Placeholder title="experiments/:name" /> },
  { path: 'runs', element: <Placeholder title="runs" /> },
  { path: 'runs/:runId', element: <Placeholder title="runs/:runId" /> },
];
