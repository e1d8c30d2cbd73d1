import type { RouteObject } from 'react-router';
import { Placeholder } from '../ui/Placeholder.js';

export const monitorRoutes: RouteObject[] = [
  { path: 'runs', element: <Placeholder title="runs" /> },
  { path: 'runs/:runId', element: <Placeholder title="runs/:runId" /> },
];
