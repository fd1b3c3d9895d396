/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { DESKTOP, loginByUi, openContext, planIdOf, screenshot, signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * What testers print in Chromium on A4: Nøgletal with every month and the whole period on
 * paper, no scroll hints, the folded sections unfolded; and Per's Min plan with only the
 * samtaler he commented on.
 */

jest.setTimeout(240_000);

let e2e: E2E;
const opened: UserPage[] = [];

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  for (const user of opened) await user.context.close().catch(() => undefined);
  await e2e?.stop();
});

/** Whether the element shows in full on the printed page: laid out, and not cut off at either side of the page's width. */
async function printedInFull(locator: Locator): Promise<boolean> {
  if (!(await locator.isVisible())) return false;
  const box = await locator.boundingBox();
  // Clipped by a scroll box, a cell is still laid out but shows only where the box does.
  const clipped = await locator.evaluate((el) => {
    const own = el.getBoundingClientRect();
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).overflowX === 'visible') continue;
      const r = p.getBoundingClientRect();
      if (own.left < r.left - 0.5 || own.right > r.right + 0.5) return true;
    }
    return false;
  });
  const width = await locator.page().evaluate(() => document.documentElement.clientWidth);
  return !!box && !clipped && box.x >= 0 && box.x + box.width <= width + 0.5;
}

/** The page as Chromium prints it on A4 (the page's own @page size): its width in CSS pixels, the page box less its margins. */
async function asPrinted(page: Page, widthMm: number): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.floor((widthMm / 25.4) * 96), height: 800 });
}

describe('Nøgletal on paper', () => {
  it('every month and the whole period show, with no scroll hint, and the folded sections print unfolded', async () => {
    const lene = await signedInPage(e2e, 'lene', DESKTOP);
    opened.push(lene);
    const { page } = lene;
    await page.goto(`${e2e.server.url}/noegletal`);
    const monthly = page.getByRole('region', { name: /, måned for måned$/ }).first();
    await monthly.getByRole('table').waitFor();
    // On screen, a year's months are wider than the card: the hint says so.
    await page.getByText('Rul vandret for at se flere måneder.').first().waitFor();
    const headers = monthly.getByRole('columnheader');
    const count = await headers.count();
    const lastMonth = headers.nth(count - 2);
    const wholePeriod = headers.nth(count - 1);
    await expect(wholePeriod.textContent()).resolves.toMatch(/^Hele perioden/);

    // A4 landscape less 12 mm margins each side (figures.css).
    await asPrinted(page, 297 - 2 * 12);
    await screenshot(page, 'noegletal-print-media');
    await expect(printedInFull(lastMonth)).resolves.toBe(true);
    await expect(printedInFull(wholePeriod)).resolves.toBe(true);
    await expect(page.getByText('Rul vandret for at se flere måneder.').first().isVisible()).resolves.toBe(false);
    await expect(page.getByText(/Rul vandret/).evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).length)).resolves.toBe(0);
    // The definitions, folded on screen, are on paper.
    const definitions = page.getByTestId('figure-definitions');
    await expect(definitions.evaluate((el) => (el as HTMLDetailsElement).open)).resolves.toBe(false);
    await expect(definitions.locator('dt').first().isVisible()).resolves.toBe(true);
    // So is a unit's month by month, with its table.
    await expect(page.getByRole('heading', { name: 'Jobcenter, måned for måned' }).isVisible()).resolves.toBe(true);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    // Landscape: the page box is wider than high.
    const size = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(size && Number(size[1]) > Number(size[2])).toBe(true);
    expect(lene.problems).toEqual([]);
  });
});

describe("Min plan on paper: Per's comments on samtaler", () => {
  it('only the samtaler Per commented on print, and the section not at all while he has commented on none', async () => {
    const planId = await planIdOf(e2e, 'Per Hansen');
    const anna = await e2e.server.login('anna');
    for (const hoursAgo of [3, 2]) {
      const next = new Date(Date.now() + (20 - hoursAgo) * 86_400_000);
      const held = await e2e.server.gql(`mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { id } }`, { input: {
        planId, heldAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), mode: 'PHONE', participants: ['Per', 'Anna Holm'],
        summary: 'Kort opfølgning', nextMeetingAt: next.toISOString(), sharedWithMentor: false,
      } }, anna);
      expect(held.errors).toBeUndefined();
    }
    const per = await openContext(e2e, DESKTOP);
    opened.push(per);
    const { page } = per;
    await loginByUi(page, e2e.server.url, 'Per Hansen');
    await page.getByRole('heading', { level: 1, name: 'Min plan' }).waitFor();
    const section = page.getByRole('region', { name: 'Mine kommentarer til samtaler' });
    const meetings = section.getByTestId('own-meeting');
    await meetings.first().waitFor();
    expect(await meetings.count()).toBeGreaterThanOrEqual(2);

    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('heading', { name: 'Mine kommentarer til samtaler' }).isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // Per comments on the newest samtale.
    const commented = meetings.first();
    const when = (await commented.getByRole('heading').textContent())!;
    await commented.getByRole('button', { name: /^Skriv en kommentar/ }).click();
    await commented.getByLabel('Din kommentar').fill('Det var en god snak.');
    await commented.getByRole('button', { name: 'Gem kommentar' }).click();
    await commented.getByText('Det var en god snak.').waitFor();

    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'min-plan-comments-print-media');
    await expect(page.getByRole('heading', { name: 'Mine kommentarer til samtaler' }).isVisible()).resolves.toBe(true);
    const printed = await meetings.evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.querySelector('h3')?.textContent));
    expect(printed).toEqual([when]);
    await expect(page.getByText('Det var en god snak.').isVisible()).resolves.toBe(true);
    expect(per.problems).toEqual([]);
  });
});
