import { ConnectionTest } from './ConnectionTest.js';
import { linkedServiceRow, typeLabel } from './resource-rows.js';
import { ResourceDetailPage } from './ResourceDetailPage.js';

/** `/factories/:factory/linkedservices/:name`: one linked service, read-only, with Test connection. */
export function LinkedServiceDetailPage() {
  return (
    <ResourceDetailPage
      collection="linkedservices"
      listLabel="Linked services"
      singular="linked service"
      referenceType="LinkedServiceReference"
      jsonNote="Read-only. Secrets are masked by the server."
      toRow={linkedServiceRow}
      facts={(row) => (
        <>
          <dt>Type</dt>
          <dd>
            {typeLabel(row.type)} <span className="muted small mono">{row.type}</span>
          </dd>
          <dt>Connect via</dt>
          <dd>{row.connectVia === '' ? 'Default runtime' : row.connectVia}</dd>
        </>
      )}
      afterFacts={(row, { factory, name, declaredParameters }) =>
        row.type.toLowerCase() === 'azuremlservice' ? (
          <ConnectionTest factory={factory} name={name} declaredParameters={declaredParameters} />
        ) : null
      }
    />
  );
}
