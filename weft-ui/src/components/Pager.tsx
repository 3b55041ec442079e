import type { Paging } from "./paging";

/**
 * The "Back" and "Next" buttons of a cursor-paged list, with the page's number between them: each disabled at
 * its end, and both while a page is loading.
 */
export function Pager({
  paging,
  nextCursor,
  loading = false,
  label = "Pages",
  nextLabel = "Next",
  numbered = true,
}: {
  paging: Paging;
  /** The cursor of the page after the one shown, as the API gave it; none on the last page. */
  nextCursor: string | null | undefined;
  loading?: boolean;
  /** The navigation's accessible name. */
  label?: string;
  nextLabel?: string;
  /** Whether "Page N" is shown between the buttons. */
  numbered?: boolean;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button" disabled={paging.number <= 1 || loading} onClick={paging.back}>
        Back
      </button>
      {numbered && <span className="muted">Page {paging.number}</span>}
      <button type="button" className="button" disabled={!nextCursor || loading} onClick={() => paging.next(nextCursor)}>
        {nextLabel}
      </button>
    </nav>
  );
}
