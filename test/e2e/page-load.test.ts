/// <reference lib="dom" />
import { loginByToken, openContext, signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Pages other than the start page are fetched on their first visit. A tab opened before a
 * deploy asks for the old build's file of a page, which is no longer served: the user is told
 * and can reload, the rest of the app stays, and the reload opens the page from the new build.
 */

jest.setTimeout(120_000);

let e2e: E2E;
let anna: UserPage;

beforeAll(async () => {
  e2e = await startE2E();
  anna = await signedInPage(e2e, 'anna');
});

afterAll(async () => {
  await e2e?.stop();
});

describe('the start page', () => {
  it('loads without a failed request or an error in the console; the tab has the icon', async () => {
    const fresh = await openContext(e2e);
    try {
      await loginByToken(e2e, fresh, 'anna');
      await fresh.page.goto(e2e.server.url);
      await fresh.page.getByRole('heading', { name: 'Mine sager' }).waitFor();
      await fresh.page.locator('[data-testid=case]').first().waitFor();
      // The browser asks for the icon by itself; a 404 for it shows in the console.
      await fresh.page.waitForLoadState('networkidle');
      expect(fresh.problems).toEqual([]);
      const icon = await fresh.page.evaluate(async () => {
        const href = document.querySelector<HTMLLinkElement>('link[rel=icon]')?.href;
        if (!href) return null;
        const res = await fetch(href);
        return { status: res.status, type: res.headers.get('content-type') };
      });
      expect(icon).toEqual({ status: 200, type: expect.stringMatching(/^image\/svg\+xml/) });
    } finally {
      await fresh.context.close();
    }
  });
});

describe('a page whose file cannot be fetched', () => {
  it('says so, keeps the menu, and "Genindlæs siden" opens the page', async () => {
    const { page } = anna;
    const fetched: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/assets/')) fetched.push(new URL(req.url()).pathname);
    });
    await page.goto(e2e.server.url);
    await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
    const perLink = page.locator('[data-testid=case]').getByRole('link', { name: 'Per Hansen' }).first();
    await perLink.waitFor();
    // The start page came without the plan page's code.
    expect(fetched.filter((p) => /\/PlanPage-[^/]+\.js$/.test(p))).toEqual([]);

    // A deploy since the tab opened: the old build's plan page is gone.
    const gone = '**/assets/PlanPage-*.js';
    await page.route(gone, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Findes ikke.' }));
    await perLink.click();

    const alert = page.getByTestId('page-load-failed');
    await alert.waitFor({ timeout: 10_000 });
    await expect(alert.locator('.notice-title').textContent()).resolves.toBe('Siden kunne ikke hentes');
    await expect(page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mine sager' }).isVisible()).resolves.toBe(true);

    // The menu still works.
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mine sager' }).click();
    await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
    await page.goBack();
    await alert.waitFor();

    // The new build is served again: the reload opens the plan.
    await page.unroute(gone);
    await page.getByRole('button', { name: 'Genindlæs siden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Per Hansen' }).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { level: 2, name: 'Delmål' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/plan\//);
    // Nothing else went wrong than the file that was not there (React logs the error its boundary caught).
    expect(anna.problems.filter((p) => !/404|Failed to fetch dynamically imported module|Failed to load resource|PageLoadError/.test(p))).toEqual([]);
  });
});
