import { Link } from 'react-router';
import { datasetRow } from './resource-rows.js';
import { ResourceDetailPage } from './ResourceDetailPage.js';

/** `/factories/:factory/datasets/:name`: one dataset, read-only. */
export function DatasetDetailPage() {
  return (
    <ResourceDetailPage
      collection="datasets"
      listLabel="Datasets"
      singular="dataset"
      referenceType="DatasetReference"
      jsonNote="Read-only."
      toRow={datasetRow}
      facts={(row, factory) => (
        <>
          <dt>Type</dt>
          <dd className="mono">{row.type}</dd>
          <dt>Linked service</dt>
          <dd>
            {row.linkedService === '' ? (
              <span className="muted">—</span>
            ) : (
              <Link
                to={`/factories/${encodeURIComponent(factory)}/linkedservices/${encodeURIComponent(row.linkedService)}`}
              >
                {row.linkedService}
              </Link>
            )}
          </dd>
          {row.folder === '' ? null : (
            <>
              <dt>Folder</dt>
              <dd>{row.folder}</dd>
            </>
          )}
        </>
      )}
    />
  );
}
