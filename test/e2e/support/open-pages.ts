import type { Browser, Page } from 'playwright-core';

/** The browsers of this test file, so a failed test can say what each page showed (see report-pages.ts). */
export const openBrowsers = new Set<Browser>();
/** Per page, the last answers from the server and socket closes, for that report. */
export const pageTraffic = new WeakMap<Page, string[]>();

/** Keeps the last 15 GraphQL answers (status, operation, error codes) and socket closes of a page. */
export function traceTraffic(page: Page): void {
  const seen: string[] = [];
  pageTraffic.set(page, seen);
  const note = (line: string) => {
    seen.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (seen.length > 15) seen.shift();
  };
  page.on('response', (res) => {
    if (!res.url().endsWith('/graphql')) return;
    const operation = (res.request().postDataJSON() as { operationName?: string } | null)?.operationName ?? '?';
    res
      .json()
      .then((body: { errors?: Array<{ extensions?: { code?: string } }> }) => note(`${res.status()} ${operation}${body.errors ? ` errors: ${body.errors.map((e) => e.extensions?.code ?? '?').join(', ')}` : ''}`))
      .catch(() => note(`${res.status()} ${operation} (no body)`));
  });
  page.on('requestfailed', (req) => note(`failed ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('websocket', (ws) => ws.on('close', () => note(`socket closed ${ws.url()}`)));
}
