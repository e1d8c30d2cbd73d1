import { nextPage, pageNumber, previousPage, type PageTrail } from './run-filters.js';

/** "‹ Newer · Page n · Older ›" under a runs list paged by continuation tokens. */
export function RunsPager({
  pages,
  continuationToken,
  loadingNewPage,
  onChange,
}: {
  readonly pages: PageTrail;
  /** The shown page's token for the next one; none on the last page. */
  readonly continuationToken: string | undefined;
  /** While the shown rows are the previous page's placeholder, Older waits. */
  readonly loadingNewPage: boolean;
  onChange(pages: PageTrail): void;
}) {
  return (
    <nav className="toolbar ml-pager" aria-label="Pages">
      <button
        type="button"
        disabled={pageNumber(pages) === 1}
        onClick={() => onChange(previousPage(pages))}
      >
        ‹ Newer
      </button>
      <span className="small muted">Page {pageNumber(pages)}</span>
      <button
        type="button"
        disabled={continuationToken === undefined || loadingNewPage}
        onClick={() => {
          if (continuationToken !== undefined) onChange(nextPage(pages, continuationToken));
        }}
      >
        Older ›
      </button>
    </nav>
  );
}
