/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { PHONE, planIdOf, signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Min plan by keyboard: Per Hansen saves his own words, sends a request for a samtale and
 * marks the plan seen with the keyboard alone, on a phone's width. After each, saved or
 * refused (no connection), his focus is where he pressed, so the next Tab goes on from
 * there, not from the top of the page; and the text he wrote is still in the field after a
 * failed save. Printed (the browser's print, A4), Min plan carries all he wrote in his own
 * words, as text, and what the plan says, without a button or a field to fill in.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let per: UserPage;

beforeAll(async () => {
  e2e = await startE2E();
  per = await signedInPage(e2e, 'per', PHONE);
  await per.page.goto(e2e.server.url);
  await per.page.getByTestId('citizen-own-words').waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await per?.context.close().catch(() => undefined);
  await e2e?.stop();
});

/** The focused element's tag and accessible text, as a keyboard user knows where they are. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 60)}` : 'none';
});

describe('Min plan by keyboard: the focus stays where Per pressed', () => {
  it('"Gem" keeps the focus after a save, and after a save refused for want of a connection, with his text kept', async () => {
    const page = per.page;
    const wishes = page.getByTestId('own-section-CITIZEN_WISHES');
    const field = wishes.getByLabel('Mine ønsker og mål');
    await field.fill('Jeg vil gerne arbejde i en butik tæt på, hvor jeg bor.');
    await field.press('Tab');
    await expect(focused(page)).resolves.toBe('button Gem');

    // No connection: the save is refused, and his text and place are kept.
    await page.route('**/graphql', (route) => route.abort());
    await page.keyboard.press('Enter');
    await wishes.getByText('Det blev ikke gemt').waitFor();
    await page.unroute('**/graphql');
    await expect(field.inputValue()).resolves.toBe('Jeg vil gerne arbejde i en butik tæt på, hvor jeg bor.');
    await expect(focused(page)).resolves.toBe('button Gem');

    // Again, with the connection back: saved, and the focus is still on "Gem".
    await page.keyboard.press('Enter');
    await wishes.getByRole('status').filter({ hasText: '»Mine ønsker og mål« er gemt.' }).waitFor();
    await expect(focused(page)).resolves.toBe('button Gem');
    // The next Tab goes on to the next section's field, not to the top of the page.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id && document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent)).resolves.toBe('Det vil jeg gerne have hjælp til');
  });

  it('"Send ønsket" keeps the focus after the request is sent', async () => {
    const page = per.page;
    const request = page.getByTestId('own-request');
    await request.getByLabel('Hvad vil du gerne tale om?').fill('Jeg vil gerne tale om praktikken.');
    await request.getByRole('button', { name: 'Send ønsket' }).focus();
    await page.keyboard.press('Enter');
    await request.getByText('Dit ønske om en samtale er sendt til din koordinerende sagsbehandler.').waitFor();
    await expect(focused(page)).resolves.toBe('button Send ønsket');
  });

  it('"Jeg har set planen" keeps the focus after the mark is saved', async () => {
    const page = per.page;
    await page.getByRole('button', { name: 'Jeg har set planen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('own-seen').getByText(/Du markerede, at du har set planen/).waitFor();
    await expect(focused(page)).resolves.toBe('button Jeg har set planen');
    expect(per.problems.filter((p) => !p.includes('net::ERR_FAILED'))).toEqual([]);
  });
});

describe('Min plan on paper', () => {
  it('prints the whole of what Per wrote in his own words, not only the lines scrolled into the text box', async () => {
    const page = per.page;
    await page.goto(e2e.server.url);
    const wishes = page.locator('[data-testid=own-section][data-kind=CITIZEN_WISHES]');
    const lines = Array.from({ length: 12 }, (_, i) => `Linje ${i + 1}: jeg vil gerne arbejde i en butik.`);
    await wishes.getByLabel('Mine ønsker og mål').fill(lines.join('\n'));
    await wishes.getByRole('button', { name: 'Gem' }).click();
    await wishes.getByRole('status').filter({ hasText: '»Mine ønsker og mål« er gemt.' }).waitFor();

    await page.emulateMedia({ media: 'print' });
    // On paper: the text, every line of it, and no text box or button to press.
    await expect(wishes.locator('textarea').isVisible()).resolves.toBe(false);
    await expect(wishes.getByRole('button', { name: 'Gem' }).isVisible()).resolves.toBe(false);
    const printed = await wishes.innerText();
    for (const line of lines) expect(printed).toContain(line);
    expect(printed).toContain('Mine ønsker og mål');
    // The section he has not written in says so.
    await expect(page.locator('[data-testid=own-section][data-kind=HELP_WANTED]').innerText()).resolves.toContain('Ikke udfyldt endnu.');

    // On screen, the text box as before.
    await page.emulateMedia({ media: 'screen' });
    await expect(wishes.locator('textarea').isVisible()).resolves.toBe(true);
    await expect(wishes.getByLabel('Mine ønsker og mål').inputValue()).resolves.toBe(lines.join('\n'));
    // Only the save refused above, for want of a connection.
    expect(per.problems.filter((p) => !p.includes('net::ERR_FAILED'))).toEqual([]);
  });

  it('leaves out every button and form control, and keeps what the plan says', async () => {
    const page = per.page;
    // A samtale booked by Anna: on screen it has its "Føj til din kalender".
    const anna = await e2e.server.login('anna');
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const booked = await e2e.server.gql(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, { input: {
      planId: await planIdOf(e2e, 'Per Hansen'), startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'IN_PERSON',
      place: 'Jobcentret, Østergade 5, 5750 Ringe', agenda: 'Status på praktikken', staffIds: [], guests: [],
    } }, anna);
    expect(booked.errors).toBeUndefined();
    await page.goto(e2e.server.url);
    await page.getByTestId('citizen-own-words').waitFor();
    await page.getByTestId('citizen-meeting').first().waitFor();
    await page.locator('.citizen-page [data-live-state=connected]').waitFor();

    // The buttons and fields shown: each by its tag and its name or label.
    const shownControls = () => page.locator('.citizen-page').locator('button, input, select, textarea').evaluateAll((els) =>
      els.filter((el) => el.getClientRects().length > 0).map((el) => `${el.tagName.toLowerCase()} ${(el.textContent || el.getAttribute('aria-label') || el.id).trim()}`));
    const onScreen = await shownControls();
    const heldShown = () => page.getByTestId('own-meeting').evaluateAll((els) => els.filter((el) => el.getClientRects().length > 0).length);
    const held = await page.getByTestId('own-meeting').count();
    expect(held).toBeGreaterThan(3);
    await expect(heldShown()).resolves.toBe(3);
    for (const name of ['button Send ønsket', 'button Jeg har set planen', 'button Føj til din kalender']) {
      expect(onScreen.some((c) => c.startsWith(name))).toBe(true);
    }

    await page.emulateMedia({ media: 'print' });
    await expect(shownControls()).resolves.toEqual([]);
    // Every held samtale he wrote to, not only the newest three that "Vis alle" would add to on
    // screen; one he did not write to is a heading over nothing on paper, and is left out.
    const commented = await page.getByTestId('own-meeting').filter({ has: page.locator('blockquote') }).count();
    expect(commented).toBeLessThan(held);
    await expect(heldShown()).resolves.toBe(commented);
    const printed = await page.locator('.citizen-page').innerText();
    for (const gone of ['Bed om en samtale', 'Send ønsket', 'Jeg har set planen', 'Føj til din kalender', 'Opdateres live', 'Gem']) expect(printed).not.toContain(gone);
    // What the plan says is all there: the goal, the samtale, his request sent above, that he marked the plan seen, his own words.
    for (const kept of ['Dit mål', 'Kommende aftaler', 'Status på praktikken', 'Jobcentret, Østergade 5, 5750 Ringe', 'Dine ønsker om en samtale',
      'Jeg vil gerne tale om praktikken.', 'Du markerede, at du har set planen', 'Linje 12: jeg vil gerne arbejde i en butik.']) {
      expect(printed).toContain(kept);
    }

    await page.emulateMedia({ media: 'screen' });
    await expect(shownControls()).resolves.toEqual(onScreen);
    expect(per.problems.filter((p) => !p.includes('net::ERR_FAILED'))).toEqual([]);
  });
});
