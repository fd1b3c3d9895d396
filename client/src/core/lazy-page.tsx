import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Loading } from './ui';

/**
 * A page's own code could not be fetched: the network is gone, or Samplan was deployed
 * anew since this tab loaded, and the old build's files are no longer served.
 */
export class PageLoadError extends Error {
  constructor(cause: unknown) {
    super('Siden kunne ikke hentes.', { cause });
    this.name = 'PageLoadError';
  }
}

/**
 * A page whose code is fetched on its first visit (a chunk of its own), so the first load
 * carries only the start pages. Show it inside `PageLoader`.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(() =>
    load().then(
      (page) => ({ default: page }),
      (err: unknown) => {
        throw new PageLoadError(err);
      },
    ),
  );
}

/**
 * While a lazy page's code comes: "Henter…"; if it cannot come, a way back (`PageLoadFailed`).
 * Give each page its own (a `key` per page): a page still coming then shows nothing of the
 * page before it, and going to another page after a failure shows that one. (A page that
 * failed stays failed until the reload: the browser keeps the failed import.)
 */
export function PageLoader({ children }: { children: ReactNode }) {
  return (
    <PageLoadBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </PageLoadBoundary>
  );
}

/** Catches a page that could not be fetched; any other error is thrown on, as if this were not here. */
class PageLoadBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof PageLoadError) return <PageLoadFailed />;
    throw error;
  }
}

/** Reloading fetches the current build (index.html is never cached), and the page with it. */
export function PageLoadFailed({ reload = () => window.location.reload() }: { reload?: () => void }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="page-load-failed">
      <p className="notice-title">Siden kunne ikke hentes</p>
      <p>Samplan kan være blevet opdateret, siden du åbnede fanen, eller forbindelsen er afbrudt. Genindlæs siden for at fortsætte.</p>
      <p>
        <button type="button" className="button" onClick={reload}>
          Genindlæs siden
        </button>
      </p>
    </div>
  );
}
