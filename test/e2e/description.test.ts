/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { loginByUi, openContext, planIdOf, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * The plan's Samlet beskrivelse in two real browsers against a real server and PostgreSQL:
 * anna (Per's coordinator) writes "Borgerens ønsker og mål" in Per's own words; bent (social
 * services, on Per's team), with the plan open, sees the text and the marker without a reload.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let perPlanId: string;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
});

afterAll(async () => {
  await e2e?.stop();
});

const card = (page: Page) => page.getByRole('region', { name: 'Samlet beskrivelse', exact: true });
const wishes = (page: Page) => card(page).getByRole('listitem', { name: 'Borgerens ønsker og mål', exact: true });

/** A browser of its own, signed in, with Per's plan open and live. */
async function perPlanAs(name: string): Promise<UserPage> {
  const user = await openContext(e2e);
  users.push(user);
  await loginByUi(user.page, e2e.server.url, name);
  await user.page.goto(`${e2e.server.url}/plan/${perPlanId}`);
  await wishes(user.page).waitFor();
  await user.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
  return user;
}

const users: UserPage[] = [];
afterEach(async () => {
  for (const user of users.splice(0)) await user.context.close();
});

describe('Samlet beskrivelse in two browsers', () => {
  it("anna writes Per's wishes in his own words; bent sees them live", async () => {
    const anna = await perPlanAs('Anna Holm');
    const bent = await perPlanAs('Bent Sørensen');
    await bent.page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    const words = 'Jeg vil gerne arbejde i en butik, hvor jeg kender kollegerne.';
    await expect(wishes(bent.page).getByText('Borgerens egne ord').count()).resolves.toBe(0);

    await wishes(anna.page).getByRole('button', { name: 'Redigér Borgerens ønsker og mål' }).click();
    const form = wishes(anna.page).getByRole('form', { name: 'Redigér »Borgerens ønsker og mål«' });
    await form.getByLabel('Borgerens ønsker og mål').fill(words);
    await form.getByLabel('Skrevet med borgerens egne ord').check();
    // A checkbox the size of a checkbox, its words beside it: not a field-wide box with the words below.
    const box = (await form.getByLabel('Skrevet med borgerens egne ord').boundingBox())!;
    const label = (await form.getByText('Skrevet med borgerens egne ord', { exact: true }).boundingBox())!;
    expect(box.width).toBeLessThan(32);
    expect(label.x).toBeGreaterThan(box.x + box.width);
    expect(Math.abs(label.y + label.height / 2 - (box.y + box.height / 2))).toBeLessThan(12);
    await form.getByRole('button', { name: 'Gem' }).click();
    await wishes(anna.page).getByRole('status').filter({ hasText: '»Borgerens ønsker og mål« er gemt.' }).waitFor();

    // Bent's page follows without a reload: the words, the marker and who wrote them.
    await wishes(bent.page).getByText(words).waitFor({ timeout: 10_000 });
    await wishes(bent.page).getByText('Borgerens egne ord').waitFor();
    await expect(wishes(bent.page).textContent()).resolves.toContain('Ændret af Anna Holm');

    await expect(bent.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
    expect(anna.problems).toEqual([]);
    expect(bent.problems).toEqual([]);
  });
});
