import type { RouteObject } from 'react-router';
import { Placeholder } from '../ui/Placeholder.js';

export const resourceRoutes: RouteObject[] = [
  { path: 'linkedservices', element: <Placeholder title="linkedservices" /> },
  { path: 'linkedservices/:name', element: <Placeholder title="linkedservices/:name" /> },
  { path: 'datasets', element: <Placeholder title="datasets" /> },
  { path: 'datasets/:name', element: <Placeholder title="datasets/:name" /> },
];
