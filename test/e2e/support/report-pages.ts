import { openBrowsers, pageTraffic } from './open-pages';

declare global {
  // Set by failure-environment.ts for the test that just ran.
  var __samplanTestFailed: boolean | undefined;
}

/**
 * After a failed test, every open page's address, visible text and last server answers go to
 * the log: a locator that timed out says what it waited for, not what the user saw instead.
 */
afterEach(async () => {
  if (!globalThis.__samplanTestFailed) return;
  const lines: string[] = [];
  for (const browser of openBrowsers) {
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        const text = await page
          .evaluate(() => document.body?.innerText ?? '')
          .then((t) => t.replace(/\n{2,}/g, '\n').slice(0, 1500))
          .catch((e: unknown) => `(could not be read: ${e instanceof Error ? e.message : String(e)})`);
        lines.push(`--- ${page.url()}`, text, ...(pageTraffic.get(page) ?? []).map((l) => `  ${l}`));
      }
    }
  }
  if (lines.length > 0) console.log(`What the open pages showed when the test failed:\n${lines.join('\n')}`);
});
