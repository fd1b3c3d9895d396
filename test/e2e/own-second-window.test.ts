/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { planIdOf, signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * One caseworker with Per's plan open in two windows, in a real browser against a real server:
 * a save in one window meets the form still open in the other. Nothing is lost (the conflict
 * view shows both texts), and the words say what happened: the user saved it themselves, in
 * another window, not "en anden".
 */

jest.setTimeout(180_000);

let e2e: E2E;
let perPlanId: string;
let anna: UserPage;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  anna = await signedInPage(e2e, 'anna');
});

afterAll(async () => {
  await anna?.context.close();
  await e2e?.stop();
});

const challenges = (page: Page) =>
  page.getByRole('region', { name: 'Samlet beskrivelse', exact: true }).getByRole('listitem', { name: 'Udfordringer', exact: true });

async function openPer(page: Page): Promise<void> {
  await page.goto(`${e2e.server.url}/plan/${perPlanId}`);
  await challenges(page).waitFor();
  await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
}

describe('the same caseworker in two windows', () => {
  it('a section saved in one window is told in the other as their own save there, and both texts are kept', async () => {
    const first = anna.page;
    const second = await anna.context.newPage();
    await openPer(first);
    await openPer(second);
    for (const page of [first, second]) await challenges(page).getByRole('button', { name: 'Redigér Udfordringer' }).click();
    await challenges(first).getByRole('form').getByLabel('Udfordringer').fill('Per bliver hurtigt træt om eftermiddagen.');
    await challenges(second).getByRole('form').getByLabel('Udfordringer').fill('Per har svært ved at tage bussen alene.');

    await challenges(first).getByRole('form').getByRole('button', { name: 'Gem' }).click();
    await challenges(first).getByRole('status').filter({ hasText: '»Udfordringer« er gemt.' }).waitFor();

    // The other window hears of it live, as the user's own save elsewhere.
    const form = challenges(second).getByRole('form');
    await form.getByRole('status').filter({ hasText: 'Afsnittet er gemt af dig i et andet vindue, mens du redigerer her.' }).waitFor({ timeout: 10_000 });
    await expect(form.textContent()).resolves.not.toContain('En anden');

    await form.getByRole('button', { name: 'Gem' }).click();
    const conflict = challenges(second).getByTestId('conflict-view');
    await conflict.waitFor();
    await expect(conflict.getByRole('heading').first().textContent()).resolves.toBe('Afsnittet er gemt af dig i et andet vindue, mens du redigerede');
    const text = (await conflict.textContent()) ?? '';
    expect(text).toContain('Du gemte en nyere udgave i et andet vindue');
    expect(text).not.toContain('en anden');
    expect(text).not.toContain('Anna Holms udgave');
    // Both texts are there to choose from.
    await conflict.getByText('Din gemte udgave').waitFor();
    await conflict.getByText('Per bliver hurtigt træt om eftermiddagen.', { exact: false }).first().waitFor();
    await conflict.getByText('Per har svært ved at tage bussen alene.', { exact: false }).first().waitFor();
    expect(anna.problems).toEqual([]);
  });
});
