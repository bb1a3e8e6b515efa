import type { ErrorText } from './apiErrorText.ts';

export function ErrorBox({ error, testId }: { error: ErrorText | null; testId: string }) {
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert" data-testid={testId}>
      <p>{error.message}</p>
      {error.details.length > 0 ? (
        <ul>{error.details.map((detail) => <li key={detail}>{detail}</li>)}</ul>
      ) : null}
    </div>
  );
}
