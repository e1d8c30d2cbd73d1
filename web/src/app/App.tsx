/**
 * The UI's routes: sign-in, then the factory side under `/factories/:factory/…` (author, browse,
 * monitor) and the ML side under `/ml/…`. Each area declares its own routes; this file only
 * composes them.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApiError } from '../api/http.js';
import { authorRoutes } from '../author/author-routes.js';
import { SignInPage } from '../auth/SignInPage.js';
import { mlRoutes } from '../ml/ml-routes.js';
import { monitorRoutes } from '../monitor/monitor-routes.js';
import { resourceRoutes } from '../resources/resource-routes.js';
import { AppLayout } from './AppLayout.js';
import { FactoryHome } from './FactoryHome.js';
import { NotFoundPage } from './NotFoundPage.js';
import { RequireSession } from './RequireSession.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer (forbidden, not found, bad request) will not change by asking again.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <FactoryHome /> },
      { path: 'factories', element: <FactoryHome /> },
      {
        path: 'factories/:factory',
        children: [
          { index: true, element: <Navigate to="pipelines" replace /> },
          ...authorRoutes,
          ...resourceRoutes,
          ...monitorRoutes,
        ],
      },
      { path: 'ml', children: mlRoutes },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
