/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { spawnServer, type SpawnedServer } from '../support/spawn-server';
import { CLIENT_DIST, ensureClientBuilt, launchChromium, openContext, requireChromium, screenshot, type UserPage } from './support/browser';
import { ownPostgres, type OwnPostgres } from '../support/own-postgres';
import { waitFor } from '../support/wait-for';

/**
 * Signing in while the database is down, in a real browser against the server as it runs
 * (its own process, demo login) on a PostgreSQL of this test's own, stopped and started
 * again on the same port — never the shared one.
 */

jest.setTimeout(120_000);

const UNAVAILABLE = 'Samplan er midlertidigt utilgængelig. Prøv igen om lidt.';

let pg: OwnPostgres;
let server: SpawnedServer;
let browser: Browser;
let user: UserPage | undefined;

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt();
  pg = await ownPostgres();
  server = await spawnServer({ DATABASE_URL: pg.url, DEMO: '1', AUTH_SECRET: 'sign-in-outage-test-secret-0123456789-0123', CLIENT_DIST, LOG_LEVEL: 'warn' });
  browser = await launchChromium(async () => {
    await server.stop();
    await pg.remove();
  });
});

afterAll(async () => {
  await user?.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await pg?.remove();
});

/** The database is back and the server answers from it again (/readyz). */
async function startDatabase(): Promise<void> {
  await pg.start();
  await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 15_000, 'the server to see the database again');
}

it('the login page opened while the database is down says so in Danish, and "Prøv igen" offers the demo users once it is back', async () => {
  user = await openContext({ browser });
  await pg.stop();
  await user.page.goto(server.url);
  await user.page.getByRole('heading', { name: 'Log ind', level: 1 }).waitFor();
  const refused = user.page.getByRole('alert');
  await refused.getByText(UNAVAILABLE).waitFor({ timeout: 10_000 });
  await screenshot(user.page, 'sign-in-outage-refused');

  await startDatabase();
  await refused.getByRole('button', { name: 'Prøv igen' }).click({ timeout: 10_000 });
  await user.page.getByRole('button', { name: /^Anna Holm/ }).click({ timeout: 10_000 });
  await user.page.getByRole('navigation', { name: 'Hovedmenu' }).waitFor({ timeout: 10_000 });
  await user.page.getByRole('heading', { name: 'Mine sager', level: 1 }).waitFor({ timeout: 10_000 });
});
