import { ApiError } from '../api/http.js';

/** A failed call as the user needs it: what went wrong, the server's code, and where. */
export function ErrorMessage({
  error,
  title,
}: {
  readonly error: unknown;
  readonly title?: string;
}) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="error-box">
      {title === undefined ? null : <strong>{title}: </strong>}
      {message}
      {error instanceof ApiError ? (
        <span className="muted small">
          {' '}
          ({error.code}
          {error.target === undefined ? '' : `, at ${error.target}`})
        </span>
      ) : null}
      {error instanceof ApiError && error.details.length > 0 ? (
        <ul>
          {error.details.map((detail, index) => (
            <li key={index}>
              {detail.target === undefined ? null : <code>{detail.target}</code>} {detail.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
