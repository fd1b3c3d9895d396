/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { loginByUi, openContext, planIdOf, screenshot, seriousViolations, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Min plan's register and its end, in a real browser on a small phone (375 px): Per Hansen
 * reads what he shares, with whom and since when, in his own words and without the staff's
 * note on an entry; once anna (his coordinator) ends his forløb through the API, his page
 * says it has ended, on which day, and whom to ask, and that it no longer updates by itself;
 * what he was writing in his own words at that moment stays on the page, to copy. Both views
 * pass axe and fit the screen.
 */

jest.setTimeout(180_000);

const SMALL_PHONE = { width: 375, height: 812 } as const;
const STAFF_NOTE = 'Intern: lægen vil hellere ringes op end have brev';
const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "2026-11-02" as a Dane writes it: "2. november 2026". */
function danish(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d}. ${MONTHS[m - 1]} ${y}`;
}

/** Today's date in Denmark, offset by some days ("YYYY-MM-DD"). */
function danishDay(offset = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date(Date.now() + offset * 86_400_000));
}

/** Nothing on the page is wider than the screen: no sideways scrolling. */
async function expectFitsWidth(page: Page): Promise<void> {
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(SMALL_PHONE.width);
  const wide = await page.evaluate((width) => Array.from(document.querySelectorAll('main *'))
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/\s+/g, '.')}` : ''}: ${(el.textContent ?? '').slice(0, 40)}`), SMALL_PHONE.width);
  expect(wide).toEqual([]);
}

let e2e: E2E;
let per: UserPage;
let perPlanId: string;
let anna: string;
const gpGiven = danishDay(-3);

async function gql<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await e2e.server.gql<T>(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  anna = await e2e.server.login('anna');
  // Anna registers Per's consent to share his health details with his own doctor, with a note for the staff.
  await gql(anna, `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input: {
    planId: perPlanId, scope: 'HEALTH_DETAILS', recipientKind: 'GP', basis: 'CONSENT', givenOn: gpGiven, note: STAFF_NOTE,
  } });
  per = await openContext(e2e, SMALL_PHONE);
  await loginByUi(per.page, e2e.server.url, 'Per Hansen');
});

afterAll(async () => {
  await per?.context.close().catch(() => undefined);
  await e2e?.stop();
});

describe('Min plan: consents and the end of the forløb', () => {
  it('Per reads his consents in Danish: what is shared, with whom and since when, and no staff note', async () => {
    const page = per.page;
    const section = page.getByRole('region', { name: 'Samtykke og deling af dine oplysninger' });
    await section.waitFor();
    const [{ given }] = await e2e.server.db.dataSource.query(
      `SELECT given_on::text AS given FROM consent_entry c JOIN citizen z ON z.id = c.citizen_id
        WHERE z.name = 'Per Hansen' AND c.recipient_kind = 'NETWORK_PERSON'`);
    const items = section.getByTestId('citizen-consent');
    const entries = await items.evaluateAll((lis) => lis.map((li) => ({ what: li.querySelector('h3')?.textContent ?? '', basis: li.querySelector('p')?.textContent ?? '' })));
    expect(entries).toHaveLength(4);
    expect(entries).toEqual(expect.arrayContaining([
      { what: 'Oplysninger om dit helbred deles med alle forvaltninger på din plan.', basis: `Dit samtykke, givet ${danish(given)}.` },
      { what: 'Oplysninger om dine sociale forhold deles med alle forvaltninger på din plan.', basis: `Dit samtykke, givet ${danish(given)}.` },
      { what: 'Oplysninger om dine sociale forhold deles med Hanne og Jens Hansen (forældre).', basis: `Dit samtykke, givet ${danish(given)}.` },
      { what: 'Oplysninger om dit helbred deles med din egen læge.', basis: `Dit samtykke, givet ${danish(gpGiven)}.` },
    ]));
    // Only his own words: no code of the register, no staff label, no note.
    const text = (await section.textContent()) ?? '';
    for (const internal of [STAFF_NOTE, 'HEALTH_DETAILS', 'SOCIAL_DETAILS', 'WHOLE_TEAM', 'GP', 'Hele teamet', 'Egen læge']) expect(text).not.toContain(internal);
    await expect(page.textContent('body')).resolves.not.toContain(STAFF_NOTE);
    await expect(section.textContent()).resolves.toContain('Du kan altid trække et samtykke tilbage. Skriv eller ring til din koordinerende sagsbehandler.');

    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'citizen-consents-phone-375');
    await expectFitsWidth(page);
    expect(await seriousViolations(page)).toEqual([]);
    expect(per.problems).toEqual([]);
  });

  it('after anna ends his forløb, Per reads that it has ended, on which day, and his coordinator to contact', async () => {
    const page = per.page;
    // Per is writing his wishes when the forløb ends; he has not pressed "Gem".
    const written = 'Jeg vil gerne arbejde med dyr.\nHelst på en gård tæt på Ringe.';
    const wishes = page.getByTestId('own-section-CITIZEN_WISHES').getByLabel('Mine ønsker og mål');
    await wishes.fill(written);
    const [programme] = await e2e.server.db.dataSource.query(
      `SELECT pr.id, pr.version FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE p.id = $1`, [perPlanId]);
    const PROGRAMME = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { version status endDate } }`;
    // The guidance on the samtale with the sundhedskoordinator is recorded; then Per moves away, and the forløb ends (no decision on what follows is needed).
    const guided = await gql<{ updateProgramme: { version: number } }>(anna, PROGRAMME, { input: { id: programme.id, expectedVersion: programme.version, healthTalkGuidedOn: danishDay(-1) } });
    const ended = await gql<{ updateProgramme: { status: string; endDate: string } }>(anna, PROGRAMME,
      { input: { id: programme.id, expectedVersion: guided.updateProgramme.version, endReason: 'MOVED' } });
    expect(ended.updateProgramme).toMatchObject({ status: 'ENDED', endDate: danishDay() });

    // His open page follows the end, as it follows any change to his plan.
    const card = page.getByRole('region', { name: 'Dit forløb er afsluttet' });
    await card.waitFor({ timeout: 10_000 });
    await expect(card.getByTestId('citizen-ended').textContent()).resolves.toBe(`Dit forløb sluttede ${danish(danishDay())}.`);
    const [coordinator] = await e2e.server.db.dataSource.query(
      `SELECT u.name, un.name AS unit, u.email, u.phone FROM app_user u JOIN unit un ON un.id = u.unit_id WHERE u.username = 'anna'`);
    expect(coordinator.name).toBe('Anna Holm');
    await card.getByText('Har du spørgsmål, så kontakt din koordinerende sagsbehandler:').waitFor();
    const contact = card.locator('address');
    await expect(contact.textContent()).resolves.toContain(coordinator.name);
    await expect(contact.textContent()).resolves.toContain(coordinator.unit);
    await expect(contact.getByRole('link', { name: coordinator.email }).getAttribute('href')).resolves.toBe(`mailto:${coordinator.email}`);
    await expect(contact.getByRole('link', { name: coordinator.phone }).getAttribute('href')).resolves.toBe(`tel:${coordinator.phone.replace(/\s+/g, '')}`);
    // The ended plan is not shown, nor why it ended.
    await expect(page.getByRole('region', { name: 'Samtykke og deling af dine oplysninger' }).count()).resolves.toBe(0);
    await expect(page.textContent('body')).resolves.not.toMatch(/fraflyttet|MOVED/i);
    // What he wrote stays, to copy, with why it cannot be saved; his place is its heading.
    const kept = page.getByRole('region', { name: 'Det, du skrev, er ikke gemt' });
    await expect(kept.getByLabel('Mine ønsker og mål').inputValue()).resolves.toBe(written);
    await expect(kept.getByLabel('Mine ønsker og mål').isEditable()).resolves.toBe(false);
    await expect(kept.getByRole('alert').textContent()).resolves.toBe('Dit forløb er afsluttet, så det, du har skrevet, kan ikke længere gemmes i din plan. Teksten står stadig her, så du kan kopiere den.');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Det, du skrev, er ikke gemt');
    // Not live any longer, and it says so.
    await expect(page.locator('[data-live-state]').count()).resolves.toBe(0);
    await expect(card.getByTestId('citizen-not-live').textContent()).resolves.toContain('Siden opdateres ikke længere af sig selv, fordi dit forløb er afsluttet.');
    // On paper, his text in full as text; no field, no button.
    await page.emulateMedia({ media: 'print' });
    await expect(kept.isVisible()).resolves.toBe(true);
    await expect(kept.innerText()).resolves.toContain(written);
    await expect(kept.getByLabel('Mine ønsker og mål').isVisible()).resolves.toBe(false);
    await expect(card.getByRole('button', { name: 'Hent siden igen' }).isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'citizen-ended-kept-words-phone-375');
    await expectFitsWidth(page);
    expect(await seriousViolations(page)).toEqual([]);

    // The same after signing in again.
    await page.reload();
    await card.waitFor();
    await expect(card.getByTestId('citizen-ended').textContent()).resolves.toBe(`Dit forløb sluttede ${danish(danishDay())}.`);
    await expect(contact.textContent()).resolves.toContain(coordinator.name);

    await screenshot(page, 'citizen-ended-phone-375');
    await expectFitsWidth(page);
    expect(await seriousViolations(page)).toEqual([]);
    expect(per.problems).toEqual([]);
  });
});
