/** Another run or experiment starts with fresh page state (filters, confirmations, paging). */
import { useParams } from 'react-router';
import { ExperimentPage } from './ExperimentPage.js';
import { MlRunPage } from './MlRunPage.js';

export function KeyedRunPage() {
  const { runId = '' } = useParams();
  return <MlRunPage key={runId} />;
}

export function KeyedExperimentPage() {
  const { name = '' } = useParams();
  return <ExperimentPage key={name} />;
}
