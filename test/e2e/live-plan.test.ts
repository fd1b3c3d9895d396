/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { loginByUi, openContext, planIdOf, screenshot, startE2E, tabTo, type E2E, type UserPage } from './support/browser';

/**
 * The shared plan, live, in two real browsers against a real server and PostgreSQL:
 * (1) bent (social services) edits the status of Per's "Bostøtte"; anna (coordinator),
 *     with Per's plan open, sees the new status within 2 seconds without a reload, and
 *     the change is highlighted "Ændret af Socialforvaltningen · i dag kl. …".
 * (3) a save over a newer version shows the conflict view, never overwrites silently.
 * Scenario (2), "mikkel logs a task, anna sees it live", is in live-mentor.test.ts.
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

const bostoette = (page: Page) => page.locator('[data-testid=intervention]', { has: page.getByRole('heading', { name: 'Bostøtte', exact: true }) });

async function openPer(user: UserPage): Promise<void> {
  await user.page.goto(`${e2e.server.url}/plan/${perPlanId}`);
  await bostoette(user.page).waitFor();
  // The live badge turns to "Opdateres live" once the WebSocket is acknowledged.
  await user.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
}

/** Bent's intervention via the API (as another browser tab of bent's would). */
async function bostoetteViaApi(token: string): Promise<{ id: string; version: number; status: string }> {
  const res = await e2e.server.gql<{ plan: { interventions: Array<{ id: string; title: string; version: number; status: string }> } }>(
    `query($id: ID!) { plan(id: $id) { interventions { id title version status } } }`,
    { id: perPlanId },
    token,
  );
  const iv = res.data?.plan.interventions.find((i) => i.title === 'Bostøtte');
  if (!iv) throw new Error(`Bostøtte not found: ${JSON.stringify(res.errors)}`);
  return iv;
}

describe('live plan in two browsers', () => {
  let anna: UserPage;
  let bent: UserPage;

  beforeAll(async () => {
    anna = await openContext(e2e);
    bent = await openContext(e2e);
    await loginByUi(anna.page, e2e.server.url, 'Anna Holm');
    await loginByUi(bent.page, e2e.server.url, 'Bent Sørensen');
  });

  afterAll(async () => {
    await anna?.context.close();
    await bent?.context.close();
  });

  it("anna sees bent's status change on Per's Bostøtte within 2 seconds, highlighted, without reload", async () => {
    await openPer(anna);
    await openPer(bent);
    await expectStatus(anna.page, 'Planlagt');

    // Anna's page must not reload: mark the window and check the mark afterwards.
    await anna.page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    const card = bostoette(bent.page);
    await card.getByRole('button', { name: 'Redigér Bostøtte' }).click();
    await card.getByLabel('Status').selectOption({ label: 'Aktiv' });
    const saved = bent.page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('UpdateSocialIntervention'));
    await card.getByRole('button', { name: 'Gem' }).click();
    await saved;
    const savedAt = Date.now();

    await anna.page.waitForFunction(
      () => {
        const card = Array.from(document.querySelectorAll('[data-testid=intervention]')).find((el) => el.querySelector('h4')?.textContent === 'Bostøtte');
        return card?.querySelector('[data-testid=intervention-status]')?.textContent === 'Aktiv';
      },
      undefined,
      { timeout: 2_000, polling: 50 },
    );
    const seenAfterMs = Date.now() - savedAt;
    expect(seenAfterMs).toBeLessThan(2_000);

    const annaCard = bostoette(anna.page);
    await expect(annaCard.getByTestId('changed-flag').textContent()).resolves.toMatch(/^Ny Ændret af Bent Sørensen \(Socialforvaltningen\) · (i dag|i går) kl\. \d{2}\.\d{2}$/);
    await expect(annaCard.getAttribute('class')).resolves.toContain('is-changed');
    // Who changed it last, and the feed entry.
    await annaCard.locator('.updated-by').getByText(/af Bent Sørensen/).waitFor({ timeout: 3_000 });
    await anna.page.locator('.feed-item', { hasText: 'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Status Planlagt → Aktiv' }).waitFor({ timeout: 3_000 });
    await expect(anna.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);

    // Bent's own save is not highlighted for bent.
    await expect(bostoette(bent.page).getByTestId('changed-flag').count()).resolves.toBe(0);
    await screenshot(anna.page, 'live-anna-sees-bostoette-aktiv');

    // The caseload, too: anna's "Mine sager" shows the change as Per's latest.
    await anna.page.getByRole('link', { name: 'Mine sager' }).click();
    // Per's running programme (his first ressourceforløb, ended, is listed too).
    const perRow = anna.page.locator('[data-testid=case]', { has: anna.page.locator(`a[href="/plan/${perPlanId}"]`) });
    await perRow.getByTestId('latest-change').waitFor();
    await expect(perRow.getByTestId('latest-change').textContent()).resolves.toMatch(/Bostøtte/);

    expect(anna.problems).toEqual([]);
    expect(bent.problems).toEqual([]);
  });

  it('after being offline, the page says so, reconnects by itself and catches up on what it missed (afterSeq)', async () => {
    // Chromium's offline mode blocks new connections but leaves open WebSockets alone, so the
    // test also drops the page's socket (as a network change would).
    await anna.context.addInitScript(() => {
      const sockets: WebSocket[] = [];
      (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          sockets.push(this);
        }
      } as typeof WebSocket;
    });
    await openPer(anna);
    const token = await e2e.server.login('bent');
    const change = async (fields: Record<string, unknown>) => {
      const iv = await bostoetteViaApi(token);
      const res = await e2e.server.gql(`mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }`, { input: { id: iv.id, expectedVersion: iv.version, ...fields } }, token);
      expect(res.errors).toBeUndefined();
    };
    // A change seen live first: the page now knows the last seq.
    await change({ shortTermGoal: 'Per handler selv ind' });
    await anna.page.locator('.feed-item', { hasText: /ændrede Bostøtte: Kortsigtet mål .* → Per handler selv ind/ }).waitFor({ timeout: 3_000 });

    await anna.context.setOffline(true);
    await anna.page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.forEach((s) => s.close(3000, 'network lost')));
    await anna.page.getByTestId('connection-status').getByText(/^Du er offline\./).waitFor();
    await anna.page.locator('[data-live-state=reconnecting]').first().waitFor({ timeout: 10_000 });

    // While anna is offline, bent changes the plan twice.
    await change({ status: 'PAUSED' });
    await change({ status: 'ACTIVE', shortTermGoal: 'Per betaler selv sine regninger' });

    await anna.context.setOffline(false);
    await anna.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 15_000 });
    // Both missed events arrive through the resumed subscription (afterSeq), in order, once each.
    await anna.page.locator('.feed-item', { hasText: 'Status Sat på pause → Aktiv' }).waitFor({ timeout: 5_000 });
    // Newest first, after what the page read from the history when it opened.
    const summaries = await anna.page.locator('.feed-item .feed-summary').allTextContents();
    expect(summaries).toHaveLength(new Set(summaries).size);
    expect(summaries[0]).toMatch(/^Ny Bent Sørensen \(Socialforvaltningen\) ændrede Bostøtte: .*Status Sat på pause → Aktiv/);
    expect(summaries[0]).toContain('Kortsigtet mål Per handler selv ind → Per betaler selv sine regninger');
    expect(summaries[1]).toMatch(/^Ny Bent Sørensen \(Socialforvaltningen\) ændrede Bostøtte: Status \S+ → Sat på pause$/);
    expect(summaries[2]).toMatch(/^Ny Bent Sørensen \(Socialforvaltningen\) ændrede Bostøtte: Kortsigtet mål .* → Per handler selv ind$/);
    await expectStatus(anna.page, 'Aktiv');
    await bostoette(anna.page).getByText('Per betaler selv sine regninger').waitFor();
    // The pause it came back from is told on the card, with the replayed event's record.
    await expect(bostoette(anna.page).getByTestId('intervention-earlier-pauses').textContent()).resolves.toMatch(/^Tidligere pauser: (\d{1,2}\. \S+ \d{4} \(samme dag\)|\d{1,2}\. \S+( \d{4})? – \d{1,2}\. \S+ \d{4})$/);
    await expect(anna.page.getByTestId('connection-status').textContent()).resolves.toBe('');
    expect(anna.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(p))).toEqual([]);
  });

  it('a stale save shows the conflict view; keeping my field saves over the newest version', async () => {
    await openPer(bent);
    const card = bostoette(bent.page);
    await card.getByRole('button', { name: 'Redigér Bostøtte' }).click();
    await card.getByLabel('Status').selectOption({ label: 'Sat på pause' });

    // Meanwhile, the same intervention is changed elsewhere (bent in another window).
    const token = await e2e.server.login('bent');
    const before = await bostoetteViaApi(token);
    const other = await e2e.server.gql(
      `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id version } }`,
      { input: { id: before.id, expectedVersion: before.version, shortTermGoal: 'Per handler selv ind to gange om ugen', provider: 'Bostøtteteamet Midt' } },
      token,
    );
    expect(other.errors).toBeUndefined();
    // The open form says so as soon as the live event arrives: his own save, in another window.
    await card.getByText('Bostøtte er gemt af dig i et andet vindue, mens du redigerer her.', { exact: false }).waitFor({ timeout: 3_000 });

    await card.getByRole('button', { name: 'Gem' }).click();
    const conflict = card.getByTestId('conflict-view');
    await conflict.waitFor({ timeout: 3_000 });
    await conflict.getByRole('heading', { name: /er gemt af dig i et andet vindue, mens du redigerede/ }).waitFor();
    // Both versions, field by field: their status and mine, their goal and provider.
    await expect(conflict.getByRole('group', { name: 'Status' }).textContent()).resolves.toMatch(/Aktiv.*Sat på pause.*\(din ændring\)/);
    await expect(conflict.getByRole('group', { name: 'Kortsigtet mål' }).textContent()).resolves.toContain('Per handler selv ind to gange om ugen');
    await expect(conflict.getByRole('group', { name: 'Leverandør' }).textContent()).resolves.toContain('Bostøtteteamet Midt');
    // Focus moves to the conflict's heading so keyboard and screen-reader users land there.
    await expect(bent.page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H4');
    await screenshot(bent.page, 'conflict-view-desktop');

    // "Behold min" is chosen for my field; their fields stay as they saved them.
    await conflict.getByRole('button', { name: 'Gem valgene' }).click();
    await card.getByText('Ændringen er gemt.').waitFor({ timeout: 3_000 });
    await expect(card.getByTestId('intervention-status').textContent()).resolves.toBe('Sat på pause');
    const after = await bostoetteViaApi(token);
    expect(after.status).toBe('PAUSED');
    expect(after.version).toBe(before.version + 2);
    // Their change survived: only my field was sent.
    const goal = await e2e.server.gql<{ intervention: { shortTermGoal: string } }>(`query($id: ID!) { intervention(id: $id) { shortTermGoal } }`, { id: before.id }, token);
    expect(goal.data?.intervention.shortTermGoal).toBe('Per handler selv ind to gange om ugen');
  });

  it('"Tag den nyeste udgave" drops my change and shows the saved version', async () => {
    await openPer(bent);
    const card = bostoette(bent.page);
    await card.getByRole('button', { name: 'Redigér Bostøtte' }).click();
    await card.getByLabel('Titel').fill('Bostøtte (mit forslag)');

    const token = await e2e.server.login('bent');
    const before = await bostoetteViaApi(token);
    await e2e.server.gql(
      `mutation($input: UpdateInterventionInput!) { updateIntervention(input: $input) { id } }`,
      { input: { id: before.id, expectedVersion: before.version, status: 'ACTIVE' } },
      token,
    );

    await card.getByRole('button', { name: 'Gem' }).click();
    const conflict = card.getByTestId('conflict-view');
    await conflict.waitFor({ timeout: 3_000 });
    await conflict.getByRole('button', { name: 'Tag den nyeste udgave' }).click();
    await card.getByText('Du ser nu den nyeste udgave. Dine ændringer er ikke gemt.').waitFor();
    // The title I typed stays on screen until I close the form.
    await card.getByRole('region', { name: 'Din tekst' }).getByText('Bostøtte (mit forslag)').waitFor();
    await card.getByRole('button', { name: 'Luk' }).click();
    await card.getByRole('heading', { name: 'Bostøtte', exact: true }).waitFor();
    await expect(card.getByTestId('intervention-status').textContent()).resolves.toBe('Aktiv');
    const after = await bostoetteViaApi(token);
    expect(after.version).toBe(before.version + 1);
    expect(bent.problems).toEqual([]);
  });
});

async function expectStatus(page: Page, status: string): Promise<void> {
  await expect(bostoette(page).getByTestId('intervention-status').textContent()).resolves.toBe(status);
}

describe('keyboard only', () => {
  it('logs in, opens a plan from Mine sager and edits my unit’s intervention without a mouse', async () => {
    const bent = await openContext(e2e);
    try {
      const { page } = bent;
      await page.goto(e2e.server.url);
      await page.getByRole('heading', { name: 'Log ind' }).waitFor();
      await tabTo(page, (el) => el.tag === 'button' && el.name.startsWith('Bent Sørensen'));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
      await page.locator('[data-testid=case]').first().waitFor();
      // Per has an ended forløb and a running one: open the running one's plan.
      await tabTo(page, (el) => el.tag === 'a' && el.name === 'Per Hansen' && !!el.href?.includes(perPlanId));
      await page.keyboard.press('Enter');
      await bostoette(page).waitFor();
      // Focus moved to the page heading on navigation.
      await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H1');
      await tabTo(page, (el) => el.tag === 'button' && el.name === 'Redigér Bostøtte', 120);
      await page.keyboard.press('Enter');
      // The form opens with focus in its first field.
      await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).resolves.toBe('title');
      await tabTo(page, (el) => el.tag === 'select' && el.name === 'Status');
      // Begun (Aktiv), it is ended, not annulled: Annulleret is not offered, so Afsluttet is the last status.
      await page.keyboard.press('End');
      await tabTo(page, (el) => el.tag === 'button' && el.name === 'Gem');
      await page.keyboard.press('Enter');
      await bostoette(page).getByText('Ændringen er gemt.').waitFor({ timeout: 3_000 });
      await expect(bostoette(page).getByTestId('intervention-status').textContent()).resolves.toBe('Afsluttet');
      // Focus returns to the button that opened the form.
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Redigér Bostøtte');
      expect(bent.problems).toEqual([]);
    } finally {
      await bent.context.close();
    }
  });
});
