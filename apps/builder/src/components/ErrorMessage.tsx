import { ApiError } from '../api/client';

/** An error as a person reads it: the server's message, and its details (which field, which line). */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="error-message" role="alert">
      <p>{message}</p>
      {details.length > 0 && (
        <ul>
          {details.map((detail, index) => (
            <li key={index}>{detail.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
