/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CLIENT_DIST, ensureClientBuilt, launchChromium, loginByToken, openContext, requireChromium, screenshot, type UserPage } from './support/browser';
import { ownPostgres, type OwnPostgres } from '../support/own-postgres';
import { waitFor } from '../support/wait-for';

/**
 * What a caseworker sees when the database goes away and comes back, in a real browser
 * against a real server on a PostgreSQL of this test's own (stopped and started again on the
 * same port; never the shared one).
 */

jest.setTimeout(120_000);

const UNAVAILABLE = 'Samplan er midlertidigt utilgængelig. Prøv igen om lidt.';

let pg: OwnPostgres;
let server: TestServer;
let browser: Browser;
let perPlanId: string;
const e2e = () => ({ server, browser, stop: async () => undefined });

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt();
  pg = await ownPostgres();
  server = await startTestServer({ db: pg.db, env: { CLIENT_DIST } });
  browser = await launchChromium(async () => {
    await server.stop();
    await pg.remove();
  });
  const token = await server.login('anna');
  const res = await server.gql<{ myCaseload: Array<{ id: string; citizen: { name: string } }> }>(`{ myCaseload { id citizen { name } } }`, {}, token);
  perPlanId = res.data!.myCaseload.find((p) => p.citizen.name === 'Per Hansen')!.id;
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await pg?.remove();
});

let user: UserPage | undefined;
afterEach(async () => {
  await user?.context.close();
  user = undefined;
  // Each test leaves the database running for the next.
  if (!pg.isRunning()) await startDatabase();
});

/** The database is back and the server answers from it again (/readyz). */
async function startDatabase(): Promise<void> {
  await pg.start();
  await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200, 15_000, 'the server to see the database again');
}

const bostoette = (page: Page) => page.locator('[data-testid=intervention]', { has: page.getByRole('heading', { name: 'Bostøtte', exact: true }) });

async function bostoetteViaApi(): Promise<{ id: string; version: number; shortTermGoal: string | null }> {
  const token = await server.login('bent');
  const res = await server.gql<{ plan: { interventions: Array<{ id: string; title: string; version: number; shortTermGoal: string | null }> } }>(
    `query($id: ID!) { plan(id: $id) { interventions { id title version shortTermGoal } } }`,
    { id: perPlanId },
    token,
  );
  return res.data!.plan.interventions.find((i) => i.title === 'Bostøtte')!;
}

it('the plan page open through the outage shows, without a reload, what another instance saved once the database is back', async () => {
  user = await openContext(e2e());
  await loginByToken(e2e(), user, 'anna');
  await user.page.goto(`${server.url}/plan/${perPlanId}`);
  const card = bostoette(user.page);
  await card.waitFor();
  await user.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });

  await pg.stop();
  await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 503, 10_000, 'the server to see the database go');
  await startDatabase();
  // Bent saves through another instance on the same database, as soon as it is back.
  const other = await startTestServer({ db: pg.db, seed: false });
  try {
    const current = await bostoetteViaApi();
    const goal = 'Per tager selv bussen til værkstedet';
    const res = await other.gql(
      `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id } }`,
      { input: { id: current.id, expectedVersion: current.version, shortTermGoal: goal } },
      await other.login('bent'),
    );
    expect(res.errors).toBeUndefined();
    // A stream the server ended during the outage is asked for again after a wait that doubles
    // with each end in a row, up to 30 s (core/live.tsx): the longer the outage, the longer the
    // page may wait once the database is back.
    await card.getByText(goal).waitFor({ timeout: 45_000 });
  } finally {
    await other.stop();
  }
});

it('a save while the database is down keeps the typed text, says it was not saved, and the retry saves it once', async () => {
  user = await openContext(e2e());
  await loginByToken(e2e(), user, 'bent');
  const before = await bostoetteViaApi();
  await user.page.goto(`${server.url}/plan/${perPlanId}`);
  const card = bostoette(user.page);
  await card.waitFor();
  await card.getByRole('button', { name: 'Redigér Bostøtte' }).click();
  const goal = 'Per handler selv ind om tirsdagen';
  await card.getByLabel('Kortsigtet mål').fill(goal);

  await pg.stop();
  await card.getByRole('button', { name: 'Gem' }).click();
  const alert = card.getByRole('alert');
  await alert.getByText(UNAVAILABLE).waitFor({ timeout: 10_000 });
  await expect(alert.innerText()).resolves.toContain('Ændringen blev ikke gemt');
  await expect(card.getByLabel('Kortsigtet mål').inputValue()).resolves.toBe(goal);
  await screenshot(user.page, 'database-outage-save-refused');

  await startDatabase();
  await card.getByRole('button', { name: 'Gem' }).click();
  await card.getByLabel('Kortsigtet mål').waitFor({ state: 'detached', timeout: 10_000 });
  await card.getByText(goal).waitFor();
  await expect(bostoetteViaApi()).resolves.toMatchObject({ version: before.version + 1, shortTermGoal: goal });
});

it('Mine sager opened while the database is down says so in Danish, and "Prøv igen" shows it once the database is back', async () => {
  user = await openContext(e2e());
  await loginByToken(e2e(), user, 'anna');
  await pg.stop();
  await user.page.goto(server.url);
  const refused = user.page.getByRole('main').getByRole('alert');
  await refused.getByText('Siden kunne ikke vises').waitFor({ timeout: 10_000 });
  await refused.getByText(UNAVAILABLE).waitFor();
  await screenshot(user.page, 'database-outage-caseload-refused');

  await startDatabase();
  await refused.getByRole('button', { name: 'Prøv igen' }).click();
  await user.page.getByRole('heading', { name: 'Mine sager', level: 1 }).waitFor({ timeout: 10_000 });
  await user.page.getByRole('main').getByText('Per Hansen').first().waitFor();
  // The header names who is signed in again, not the outage.
  await user.page.locator('.current-user-name').getByText('Anna Holm').waitFor({ timeout: 10_000 });
  await expect(user.page.getByRole('alert').count()).resolves.toBe(0);
});
