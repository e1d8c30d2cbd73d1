import { formatInstant } from '../ui/format.js';
import type { MlErrorEntity, StepRun } from './ml-workspace-api.js';

export function MlErrorDetails({ error }: { readonly error: MlErrorEntity }) {
  return (
    <div className="ml-error">
      <p className="error-box" role="note">
        <strong>{error.Code}</strong>: {error.Message}
      </p>
      <p className="small muted">Failure type: {error.FailureType}</p>
      {error.Details === undefined ? null : (
        <>
          <h4>Details</h4>
          <pre className="ml-json">{JSON.stringify(error.Details, null, 2)}</pre>
        </>
      )}
    </div>
  );
}

/** A step's error, and every attempt's when it was retried. */
export function StepError({ step }: { readonly step: StepRun }) {
  const failedAttempts = step.Attempts.filter((attempt) => attempt.Error !== null);
  if (step.Error === null && failedAttempts.length === 0) {
    return <p className="muted">This step has no error.</p>;
  }
  return (
    <div>
      {step.Error === null ? null : <MlErrorDetails error={step.Error} />}
      {step.Attempts.length > 1 ? (
        <>
          <h3>Attempts</h3>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Attempt</th>
                <th scope="col">Started</th>
                <th scope="col">Exit code</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {step.Attempts.map((attempt) => (
                <tr key={attempt.Attempt}>
                  <td>{attempt.Attempt}</td>
                  <td>{formatInstant(attempt.StartTime)}</td>
                  <td>{attempt.ExitCode ?? '—'}</td>
                  <td>
                    {attempt.Error === null
                      ? '—'
                      : `${attempt.Error.Code}: ${attempt.Error.Message}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
