/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { PRESENCE_CHANNEL } from '../../server/src/modules/presence/presence-hub';
import { waitFor } from '../live/live-kit';
import { planIdOf, screenshot, type UserPage } from './support/browser';
import { openPlanLive, twoPeopleOnTwoInstances, type TwoInstances } from './support/two-instances';

/**
 * Who is on the plan now, across two server instances on one database: anna (jobcenter,
 * instance A) and bent (social services, instance B) open Per's plan and see each other;
 * bent's open edit form shows on anna's card as "Bent Sørensen redigerer" and goes when he
 * closes it; when bent closes his tab, he is gone from anna's page within 10 seconds
 * (docs/live-collaboration.md, "Presence").
 */

jest.setTimeout(180_000);

/** The contract: a closed tab or a lost connection is gone within 10 seconds. */
const GONE_WITHIN_MS = 10_000;

let two: TwoInstances;
let perPlanId: string;
let anna: UserPage;
let bent: UserPage;

beforeAll(async () => {
  two = await twoPeopleOnTwoInstances('Anna Holm', 'Bent Sørensen');
  ({ onA: anna, onB: bent } = two);
  perPlanId = await planIdOf(two.e2e, 'Per Hansen');
});

afterAll(async () => {
  await two?.stop();
});

const bostoette = (page: Page) => page.locator('[data-testid=intervention]', { has: page.getByRole('heading', { name: 'Bostøtte', exact: true }) });
const presentOthers = (page: Page) => page.getByRole('region', { name: 'Ser planen nu:' }).getByTestId('present-others');

const openPer = (page: Page, baseUrl: string) => openPlanLive(page, baseUrl, perPlanId, bostoette(page));

/** Waits until the page shows, or no longer shows, a person among those who have the plan open. */
async function waitUntilShown(page: Page, name: string, shown: boolean, timeout: number): Promise<void> {
  await page.waitForFunction(
    ([who, expected]) => {
      const text = document.querySelector('[data-testid=present-others]')?.textContent;
      return text != null && text.includes(who) === expected;
    },
    [name, shown] as const,
    { timeout, polling: 50 },
  );
}

/** What the server has Bent editing on Per's plan: the intervention's title, or null. */
async function bentEditing(): Promise<string | null> {
  const rows: Array<{ title: string }> = await two.e2e.server.db.dataSource.query(
    `SELECT i.title FROM plan_presence p JOIN app_user u ON u.id = p.user_id JOIN intervention i ON i.id = p.editing_record_id
      WHERE p.plan_id = $1 AND u.username = 'bent'`,
    [perPlanId],
  );
  return rows[0]?.title ?? null;
}

describe('presence on Per’s plan, anna on instance A and bent on instance B', () => {
  it('each sees the other within seconds, by name and unit, and not themselves', async () => {
    await openPer(anna.page, two.e2e.server.url);
    await openPer(bent.page, two.b.url);

    await waitUntilShown(anna.page, 'Bent Sørensen', true, 5_000);
    await waitUntilShown(bent.page, 'Anna Holm', true, 5_000);
    await expect(presentOthers(anna.page).textContent()).resolves.toBe('Bent Sørensen (Socialforvaltningen)');
    await expect(presentOthers(bent.page).textContent()).resolves.toMatch(/^Anna Holm \(Jobcenter[^)]*\)$/);
    await expect(anna.page.getByRole('region', { name: 'Ser planen nu:' }).textContent()).resolves.toMatch(/^Ser planen nu: Bent Sørensen \(Socialforvaltningen\)/);
    await screenshot(anna.page, 'presence-anna-sees-bent');
  });

  it('bent’s open edit form shows on anna’s card, and goes when he closes it', async () => {
    const bentsCard = bostoette(bent.page);
    await bentsCard.getByRole('button', { name: 'Redigér Bostøtte' }).click();
    const badge = bostoette(anna.page).getByTestId('editing-badge');
    await badge.waitFor({ timeout: 5_000 });
    await expect(badge.textContent()).resolves.toBe('Bent Sørensen redigerer');
    // Bent is not told that he edits.
    await expect(bentsCard.getByTestId('editing-badge').count()).resolves.toBe(0);
    await screenshot(anna.page, 'presence-bent-edits-bostoette');

    // The server loses Bent's edit (his row swept after a stall and written again, or taken
    // over when his socket reconnected): his tab sees itself listed editing nothing and says
    // it again, so the badge is back on Anna's card.
    const lost: unknown[] = await two.e2e.server.db.dataSource.query(
      `WITH up AS (
         UPDATE plan_presence SET editing_record_id = NULL, editing_since = NULL
          WHERE plan_id = $1 AND user_id = (SELECT id FROM app_user WHERE username = 'bent') RETURNING plan_id)
       SELECT pg_notify($2, plan_id::text) FROM up`,
      [perPlanId, PRESENCE_CHANNEL],
    );
    expect(lost).toHaveLength(1);
    await waitFor('Bent’s tab to say again that he edits Bostøtte', async () => (await bentEditing()) === 'Bostøtte', 5_000);
    await expect(badge.textContent()).resolves.toBe('Bent Sørensen redigerer');

    await bentsCard.getByRole('button', { name: 'Annullér' }).click();
    await badge.waitFor({ state: 'detached', timeout: 5_000 });
    await expect(presentOthers(anna.page).textContent()).resolves.toBe('Bent Sørensen (Socialforvaltningen)');
  });

  it('when bent closes his tab with a form open, he is gone from anna’s page within 10 seconds', async () => {
    await bostoette(bent.page).getByRole('button', { name: 'Redigér Bostøtte' }).click();
    await bostoette(anna.page).getByTestId('editing-badge').waitFor({ timeout: 5_000 });

    const closedAt = Date.now();
    await bent.page.close();
    await waitUntilShown(anna.page, 'Bent Sørensen', false, GONE_WITHIN_MS);
    const goneAfterMs = Date.now() - closedAt;
    console.log(`presence: bent gone from anna's page ${goneAfterMs} ms after closing his tab`);
    expect(goneAfterMs).toBeLessThan(GONE_WITHIN_MS);

    await expect(bostoette(anna.page).getByTestId('editing-badge').count()).resolves.toBe(0);
    // Said once, politely, to a screen reader.
    await expect(anna.page.getByTestId('presence-announcement').textContent()).resolves.toBe('Bent Sørensen har lukket planen.');
    expect(anna.problems).toEqual([]);
    expect(bent.problems).toEqual([]);
  });
});
