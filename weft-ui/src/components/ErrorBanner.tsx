import type { ApiError } from "../api/client";

/** Shows an error in the API's own words, with its stable code. */
export function ErrorBanner({ error, onDismiss }: { error: ApiError | null | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <p>
        <strong>{error.message}</strong> <code className="error-code">{error.code}</code>
      </p>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

export function Notice({ text, onDismiss }: { text: string | null; onDismiss?: () => void }) {
  if (!text) return null;
  return (
    <div className="banner banner-ok" role="status">
      <p>{text}</p>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
