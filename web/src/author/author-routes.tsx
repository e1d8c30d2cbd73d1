import type { RouteObject } from 'react-router';
import { Placeholder } from '../ui/Placeholder.js';

export const authorRoutes: RouteObject[] = [
  { path: 'pipelines', element: <Placeholder title="pipelines" /> },
  { path: 'pipelines/:name', element: <Placeholder title="pipelines/:name" /> },
];
