/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { planIdOf, screenshot, signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * A save made while offline, in a real browser against a real server: it waits in the
 * browser ("Venter på forbindelse — gemmes automatisk"), the typed text stays, and it is
 * sent as made when the connection is back — with the version the user edited from, so a
 * save by someone else in the meantime opens the conflict view rather than being overwritten.
 */

jest.setTimeout(120_000);

let e2e: E2E;
let perPlanId: string;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
});

afterAll(async () => {
  await e2e?.stop();
});

const OFFLINE = 'Du er offline. Ændringer, du gemmer nu, sendes, når forbindelsen er tilbage.';
const WAITING = 'Venter på forbindelse — gemmes automatisk';

const bostoette = (page: Page) => page.locator('[data-testid=intervention]', { has: page.getByRole('heading', { name: 'Bostøtte', exact: true }) });

/** Bostøtte as the server holds it, read as bent (social services) through the API. */
async function bostoetteViaApi(token: string): Promise<{ id: string; version: number; shortTermGoal: string | null }> {
  const res = await e2e.server.gql<{ plan: { interventions: Array<{ id: string; title: string; version: number; shortTermGoal: string | null }> } }>(
    `query($id: ID!) { plan(id: $id) { interventions { id title version shortTermGoal } } }`,
    { id: perPlanId },
    token,
  );
  const iv = res.data?.plan.interventions.find((i) => i.title === 'Bostøtte');
  if (!iv) throw new Error(`Bostøtte not found: ${JSON.stringify(res.errors)}`);
  return iv;
}

/** Bent opens Per's plan and the edit form of Bostøtte, and types a new short-term goal. */
async function editOffline(bent: UserPage, goal: string): Promise<Locator> {
  await bent.page.goto(`${e2e.server.url}/plan/${perPlanId}`);
  const card = bostoette(bent.page);
  await card.waitFor();
  await card.getByRole('button', { name: 'Redigér Bostøtte' }).click();
  await card.getByLabel('Kortsigtet mål').fill(goal);
  await bent.context.setOffline(true);
  await card.getByRole('button', { name: /^(Gem|Gemmer…)$/ }).click();
  await bent.page.getByTestId('connection-status').getByText(OFFLINE, { exact: true }).waitFor();
  await card.getByRole('status').getByText(WAITING, { exact: true }).waitFor();
  // Nothing lost, and no error instead of the waiting.
  await expect(card.getByLabel('Kortsigtet mål').inputValue()).resolves.toBe(goal);
  await expect(card.getByRole('alert').count()).resolves.toBe(0);
  return card;
}

describe('a save made offline', () => {
  let bent: UserPage;

  beforeEach(async () => {
    bent = await signedInPage(e2e, 'bent');
  });

  afterEach(async () => {
    await bent?.context.close();
  });

  it('waits, keeps the typed text, and is sent and stored when the connection is back', async () => {
    const token = await e2e.server.login('bent');
    const before = await bostoetteViaApi(token);
    const goal = 'Per handler selv ind om fredagen';
    const card = await editOffline(bent, goal);
    // Still only in the browser.
    await expect(bostoetteViaApi(token)).resolves.toMatchObject({ version: before.version, shortTermGoal: before.shortTermGoal });
    await screenshot(bent.page, 'offline-save-waiting');

    await bent.context.setOffline(false);
    await bent.page.getByTestId('connection-status').getByText('Forbindelsen er tilbage. 1 ændring er sendt.', { exact: true }).waitFor({ timeout: 15_000 });
    await card.getByLabel('Kortsigtet mål').waitFor({ state: 'detached' });
    await card.getByText(goal).waitFor();
    await expect(bostoetteViaApi(token)).resolves.toMatchObject({ version: before.version + 1, shortTermGoal: goal });
    expect(bent.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(p))).toEqual([]);
  });

  it('opens the conflict view when someone else saved meanwhile, and overwrites nothing', async () => {
    const token = await e2e.server.login('bent');
    const mine = 'Per handler selv ind med støtte';
    const card = await editOffline(bent, mine);

    // Meanwhile, the same intervention is saved elsewhere.
    const current = await bostoetteViaApi(token);
    const theirs = 'Per handler selv ind hver uge';
    const res = await e2e.server.gql(
      `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id } }`,
      { input: { id: current.id, expectedVersion: current.version, shortTermGoal: theirs } },
      token,
    );
    expect(res.errors).toBeUndefined();

    await bent.context.setOffline(false);
    const view = card.getByTestId('conflict-view');
    await view.waitFor({ timeout: 15_000 });
    await view.getByText(mine, { exact: false }).first().waitFor();
    await screenshot(bent.page, 'offline-save-conflict');
    // The held save went with the version bent edited from: the server refused it.
    await expect(bostoetteViaApi(token)).resolves.toMatchObject({ version: current.version + 1, shortTermGoal: theirs });
  });
});
