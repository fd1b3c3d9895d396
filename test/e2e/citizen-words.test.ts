/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { loginByUi, openContext, PHONE, planIdOf, screenshot, seriousViolations } from './support/browser';
import { openPlanLive, twoPeopleOnTwoInstances, type TwoInstances } from './support/two-instances';

/**
 * The citizen's own words in two real browsers on two Samplan instances (one database): Per
 * Hansen, signed in as himself on instance A, writes in "Mine ønsker og mål" and marks that he
 * has seen the plan; anna, his coordinator, with his plan open on instance B, sees both
 * without a reload, the wish marked as new.
 */

jest.setTimeout(240_000);

let two: TwoInstances;
let perPlanId: string;

beforeAll(async () => {
  two = await twoPeopleOnTwoInstances('Per Hansen', 'Anna Holm');
  perPlanId = await planIdOf(two.e2e, 'Per Hansen');
});

afterAll(async () => {
  await two?.stop();
});

const ownWords = (page: Page) => page.getByTestId('citizen-own-words');
const citizenCard = (page: Page) => page.getByRole('region', { name: 'Borgerens egne ord', exact: true });

describe("the citizen's own words, live to the coordinator", () => {
  it('Per writes a wish and marks the plan seen on A; anna sees both on B without reloading, the wish as new', async () => {
    const per = two.onA.page;
    const anna = two.onB.page;
    await openPlanLive(anna, two.b.url, perPlanId, citizenCard(anna));
    await anna.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    // Per's own plan ("Min plan") after signing in through the login page.
    await per.goto(two.e2e.server.url);
    await ownWords(per).waitFor({ timeout: 15_000 });

    // An empty text is refused in the error summary, which names the field.
    const help = per.getByTestId('own-section-HELP_WANTED');
    await help.getByRole('button', { name: 'Gem' }).click();
    const summary = help.getByTestId('error-summary');
    await summary.getByRole('link', { name: 'Skriv en tekst.' }).waitFor();

    const wish = 'Jeg vil gerne arbejde med dyr, måske i en dyrehandel.';
    const wishes = per.getByTestId('own-section-CITIZEN_WISHES');
    await wishes.getByLabel('Mine ønsker og mål').fill(wish);
    await wishes.getByRole('button', { name: 'Gem' }).click();
    await wishes.getByRole('status').filter({ hasText: '»Mine ønsker og mål« er gemt.' }).waitFor();

    // anna's page on the other instance follows: the wish in the citizen's own words, marked new.
    const annasWish = citizenCard(anna).locator('[data-testid=citizen-section][data-kind=CITIZEN_WISHES]');
    await annasWish.getByText(wish).waitFor({ timeout: 15_000 });
    await annasWish.getByTestId('new-marker').waitFor();
    await expect(annasWish.textContent()).resolves.toContain('Skrevet af borgeren');
    await anna.getByText('Per Hansen skrev i Mine ønsker og mål').first().waitFor();

    // A comment on the latest held samtale, and a request for a samtale: anna sees both; she marks the request handled.
    const comment = 'Godt at tale om praktikken. Jeg var nervøs, men det gik fint.';
    const latest = per.getByTestId('own-meeting').first();
    await latest.getByRole('button', { name: /^Skriv en kommentar/ }).click();
    await latest.getByLabel('Din kommentar').fill(comment);
    await latest.getByRole('button', { name: 'Gem kommentar' }).click();
    await latest.getByRole('status').filter({ hasText: 'Din kommentar er gemt.' }).waitFor();
    await latest.getByText(comment).waitFor();
    await citizenCard(anna).getByTestId('citizen-comment').getByText(comment).waitFor({ timeout: 15_000 });

    const ask = 'Jeg vil gerne tale om, hvor mange timer jeg kan klare.';
    const request = per.getByTestId('own-request');
    await request.getByLabel('Hvad vil du gerne tale om?').fill(ask);
    await request.getByLabel('Hvornår passer det dig?').fill('En formiddag i næste uge');
    await request.getByLabel('Hvordan vil du helst tale sammen?').selectOption({ label: 'Telefon' });
    await request.getByRole('button', { name: 'Send ønsket' }).click();
    await request.getByRole('status').filter({ hasText: 'Dit ønske om en samtale er sendt' }).waitFor();
    const annasRequest = citizenCard(anna).getByTestId('citizen-request').filter({ hasText: ask });
    await annasRequest.waitFor({ timeout: 15_000 });
    await expect(annasRequest.textContent()).resolves.toContain('Ønsker: Telefon, En formiddag i næste uge');
    await annasRequest.getByRole('button', { name: 'Markér som behandlet' }).click();
    await citizenCard(anna).getByRole('status').filter({ hasText: 'Ønsket om en samtale er markeret som behandlet.' }).waitFor();
    await annasRequest.waitFor({ state: 'detached' });
    // Per's page hears of it live: his request now says when it was handled.
    await per.getByTestId('own-request-item').filter({ hasText: ask }).getByText(/\. Behandlet /).waitFor({ timeout: 15_000 });

    // "Jeg har set planen": Per sees the time he marked it; anna sees the same time.
    await per.getByRole('button', { name: 'Jeg har set planen' }).click();
    const perSeen = per.getByTestId('own-seen');
    await perSeen.getByText(/Du markerede, at du har set planen/).waitFor();
    const when = (await perSeen.locator('time').textContent())!;
    expect(when).toMatch(/^\d{1,2}\. \S+ \d{4} kl\. \d{2}[.:]\d{2}$/);
    await citizenCard(anna).getByTestId('citizen-seen').getByText(`Borgeren har set planen ${when}`).waitFor({ timeout: 15_000 });

    await citizenCard(anna).screenshot({ path: await screenshot(anna, 'citizen-words-coordinator').then((f) => f.replace(/\.png$/, '-card.png')) });
    await expect(anna.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
    expect(two.onA.problems).toEqual([]);
    expect(two.onB.problems).toEqual([]);
  });

  it("Per's forms pass axe (no serious or critical violations) and fit a 390 px screen", async () => {
    const per = two.onA.page;
    await per.goto(two.e2e.server.url);
    await ownWords(per).waitFor({ timeout: 15_000 });
    expect(await seriousViolations(per)).toEqual([]);

    // On his phone: a page opened at 390 px, as every other phone test here does. (Shrinking
    // the desktop page in place was the only resize of a live page in the browser tests, and
    // once the click after it waited 30 s for a button Chromium never reported as settled.)
    const phone = await openContext(two.e2e, PHONE);
    try {
      await loginByUi(phone.page, two.e2e.server.url, 'Per Hansen');
      const words = ownWords(phone.page);
      await words.waitFor({ timeout: 15_000 });
      await words.getByRole('button', { name: 'Send ønsket' }).click();
      await words.getByTestId('error-summary').first().waitFor();
      expect(await seriousViolations(phone.page)).toEqual([]);
      await words.screenshot({ path: (await screenshot(phone.page, 'citizen-words-390')).replace(/\.png$/, '-forms.png') });
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
