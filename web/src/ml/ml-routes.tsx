/**
 * The ML side of the UI, under `/ml/`: published pipelines, endpoints, experiments and runs. A
 * run's page is also what the factory's AzureMLExecutePipeline output links to as `runUrl`
 * (`<server>/ml/runs/<id>`), so it must open from a bare URL (RequireSession signs in first).
 */
import { Navigate, useParams, type RouteObject } from 'react-router';
import { EndpointPage } from './EndpointPage.js';
import { EndpointsPage } from './EndpointsPage.js';
import { ExperimentPage } from './ExperimentPage.js';
import { ExperimentsPage } from './ExperimentsPage.js';
import { MlRunPage } from './MlRunPage.js';
import { MlRunsPage } from './MlRunsPage.js';
import { PublishedPipelinePage } from './PublishedPipelinePage.js';
import { PublishedPipelinesPage } from './PublishedPipelinesPage.js';

/** Another run or experiment starts with fresh page state (filters, confirmations, paging). */
function KeyedRunPage() {
  const { runId = '' } = useParams();
  return <MlRunPage key={runId} />;
}

function KeyedExperimentPage() {
  const { name = '' } = useParams();
  return <ExperimentPage key={name} />;
}

export const mlRoutes: RouteObject[] = [
  { index: true, element: <Navigate to="pipelines" replace /> },
  { path: 'pipelines', element: <PublishedPipelinesPage /> },
  { path: 'pipelines/:id', element: <PublishedPipelinePage /> },
  { path: 'endpoints', element: <EndpointsPage /> },
  { path: 'endpoints/:id', element: <EndpointPage /> },
  { path: 'experiments', element: <ExperimentsPage /> },
  { path: 'experiments/:name', element: <KeyedExperimentPage /> },
  { path: 'runs', element: <MlRunsPage /> },
  { path: 'runs/:runId', element: <KeyedRunPage /> },
];
