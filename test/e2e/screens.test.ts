/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import {
  axeViolations,
  DESKTOP,
  loginByToken,
  openContext,
  PHONE,
  planIdOf,
  screenshot,
  startE2E,
  type E2E,
  type UserPage,
} from './support/browser';

/**
 * Every screen at 1280×800 and on a 390-pixel-wide phone: axe-core (WCAG 2.1 A/AA and
 * best practices) finds no moderate, serious or critical violation (moderate: a heading level
 * skipped, two landmarks of one name), nothing scrolls sideways, and a screenshot of each is
 * saved to test/artifacts/.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let perPlanId: string;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  await seedRefusals();
  await secondCitizenForMikkel();
});

/**
 * Mikkel, Eva's mentor, becomes Kim's too: the mentor's page with two citizens, whose forms and
 * parts ("Log opgave", "Min log", …) axe holds to a name each (landmark-unique).
 */
async function secondCitizenForMikkel(): Promise<void> {
  const anna = await e2e.server.login('anna');
  const me = await e2e.server.gql<{ me: { id: string } }>(`{ me { id } }`, {}, await e2e.server.login('mikkel'));
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const grant = await e2e.server.gql(
    `mutation($input: CreateMentorGrantInput!) { createMentorGrant(input: $input) { id } }`,
    { input: { planId: await planIdOf(e2e, 'Kim Larsen'), mentorId: me.data!.me.id, purpose: 'Struktur i hverdagen', goals: ['Møde til tiden'], focusAreas: ['Hverdagens struktur'], startDate: yesterday, endDate: monthsFromToday(3) } },
    anna,
  );
  expect(grant.errors).toBeUndefined();
}

/**
 * Refusals for the access log and the account review: Otto (another municipality) asks for
 * Per's plan three times, and Bent (on Per's team, not his coordinator) tries the
 * coordinator's work three times, which flags Bent's account for Lene, the leader.
 */
async function seedRefusals(): Promise<void> {
  const anna = await e2e.server.login('anna');
  const per = await e2e.server.gql<{ plan: { version: number; citizen: { id: string } } }>(`query($id: ID!) { plan(id: $id) { version citizen { id } } }`, { id: perPlanId }, anna);
  const otto = await e2e.server.login('otto');
  const bent = await e2e.server.login('bent');
  const codes: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await e2e.server.gql(`query($id: ID!) { plan(id: $id) { id } }`, { id: perPlanId }, otto);
    codes.push(res.errors?.[0]?.extensions?.code);
  }
  for (let i = 0; i < 2; i++) {
    const res = await e2e.server.gql(
      `mutation($input: UpdatePlanInput!) { updatePlan(input: $input) { id } }`,
      { input: { id: perPlanId, expectedVersion: per.data!.plan.version, employmentGoal: 'Et andet mål' } },
      bent,
    );
    codes.push(res.errors?.[0]?.extensions?.code);
  }
  const log = await e2e.server.gql(`query($id: ID!) { accessLog(citizenId: $id) { id } }`, { id: per.data!.plan.citizen.id }, bent);
  codes.push(log.errors?.[0]?.extensions?.code);
  expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND']);
}

afterAll(async () => {
  await e2e?.stop();
});

const sizes = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

/** The axe impacts a screen fails on. */
const HELD_TO = ['moderate', 'serious', 'critical'] as const;

async function check(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts?.ready);
  const violations = await axeViolations(page, HELD_TO);
  await screenshot(page, name);
  expect({ screen: name, violations }).toEqual({ screen: name, violations: [] });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect({ screen: name, overflowPx: overflow }).toEqual({ screen: name, overflowPx: 0 });
  // A checkbox or radio button is drawn at its own size, not stretched across the form like a text field.
  const stretched = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement>('input[type=checkbox], input[type=radio]'))
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().width > 32)
      .map((el) => el.labels?.[0]?.textContent?.trim() ?? el.name),
  );
  expect({ screen: name, stretched }).toEqual({ screen: name, stretched: [] });
}

async function as(username: string | null, viewport: { width: number; height: number }, run: (user: UserPage) => Promise<void>): Promise<void> {
  const user = await openContext(e2e, viewport);
  try {
    if (username) await loginByToken(e2e, user, username);
    await run(user);
    expect(user.problems).toEqual([]);
  } finally {
    await user.context.close();
  }
}

async function openPlan(page: Page, id: string): Promise<void> {
  await page.goto(`${e2e.server.url}/plan/${id}`);
  await page.getByRole('heading', { name: 'Indsatser' }).waitFor();
  await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
}

/** "Der er et problem" at the top of the form, with focus, listing the messages (or, `among`, at least these) as links, each message also by its field. */
async function expectErrorSummary(form: Locator, messages: string[], { among = false } = {}): Promise<void> {
  const summary = form.getByTestId('error-summary');
  await summary.waitFor();
  await summary.getByRole('heading', { name: 'Der er et problem' }).waitFor();
  await expect(summary.getByRole('link').allTextContents()).resolves.toEqual(among ? expect.arrayContaining(messages) : messages);
  await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  for (const message of messages) await form.locator('.field-error', { hasText: message }).waitFor();
}

/** A day some months from today (YYYY-MM-DD), for dates the server judges against today. */
function monthsFromToday(months: number): string {
  const d = new Date();
  d.setMonth(d.getMonth() + months);
  return d.toISOString().slice(0, 10);
}

describe.each(sizes)('every screen passes axe (%s)', (size, viewport) => {
  it('Log ind', () =>
    as(null, viewport, async ({ page }) => {
      await page.goto(e2e.server.url);
      await page.getByRole('heading', { name: 'Demobrugere' }).waitFor();
      await check(page, `01-login-${size}`);
    }));

  it('Mine sager, and filtered by unit', () =>
    as('anna', viewport, async ({ page }) => {
      await page.goto(e2e.server.url);
      await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
      await page.locator('[data-testid=case]').first().waitFor();
      await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
      // The running forløb, Lise's jobafklaringsforløb and Jonas's helhedsorienteret forløb among them; Per's first ressourceforløb has ended.
      await expect(page.getByTestId('result-count').textContent()).resolves.toBe('6 sager');
      await check(page, `02-caseload-${size}`);
      // On a phone the filters are folded behind "Filtre", so the first cases show on the first screen.
      if (size === 'phone') await page.getByRole('button', { name: 'Filtre', exact: true }).click();
      await page.getByLabel('Forvaltningsområde på teamet').selectOption({ label: 'Social' });
      await page.getByLabel('Søg efter borger').fill('per');
      await page.getByLabel('Status').selectOption({ label: 'Alle' });
      // Searched and filtered on the server: the count is of what matches (Per twice: the ended forløb and the new one).
      await page.getByTestId('result-count').filter({ hasText: /^2 sager$/ }).waitFor();
      await expect(page.getByTestId('case-ended').count()).resolves.toBe(1);
      await check(page, `03-caseload-filtered-${size}`);
    }));

  it('Plan as the coordinator, with the coordinator actions open', () =>
    as('anna', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      await check(page, `04-plan-coordinator-${size}`);
      await page.getByRole('button', { name: 'Skift koordinator' }).click();
      await page.getByRole('button', { name: 'Registrér opfølgningssamtale' }).click();
      await page.getByRole('button', { name: 'Fjern Socialforvaltningen' }).click();
      // Its »Bostøtte« is planned, so the unit cannot leave the team yet: the page says why, rather than asking.
      await page.getByText(/^Socialforvaltningen kan ikke fjernes fra teamet, fordi enheden har en indsats på planen, der ikke er afsluttet: »Bostøtte«/).waitFor();
      await page.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }).click();
      // Validation messages in Danish, tied to their fields.
      await page.getByRole('button', { name: 'Registrér samtale' }).click();
      await page.locator('.field-error', { hasText: 'Aftal næste samtale, før denne slutter (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' }).waitFor();
      await page.getByRole('button', { name: 'Skift koordinator', exact: true }).last().click();
      // The error summary at the top of the form, with focus, and each message by its field.
      const reassign = page.getByRole('form', { name: 'Skift koordinator' });
      await expectErrorSummary(reassign, ['Vælg den nye koordinator.', 'Skriv en begrundelse for skiftet.']);
      await check(page, `05-plan-coordinator-actions-${size}`);
    }));

  it('Plan as a unit caseworker, editing inline', () =>
    as('bent', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      await page.getByRole('button', { name: 'Redigér Bostøtte' }).click();
      await page.getByLabel('Titel').fill('');
      await page.getByRole('button', { name: 'Gem' }).click();
      await expectErrorSummary(page.getByRole('form', { name: 'Redigér Bostøtte' }), ['Skriv titel.']);
      await check(page, `06-plan-caseworker-editing-${size}`);
    }));

  it('Conflict view', () =>
    as('bent', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      await page.getByRole('button', { name: 'Redigér Bostøtte' }).click();
      await page.getByLabel('Timer om ugen').fill('4,5');
      const token = await e2e.server.login('bent');
      const res = await e2e.server.gql<{ plan: { interventions: Array<{ id: string; title: string; version: number }> } }>(
        `query($id: ID!) { plan(id: $id) { interventions { id title version } } }`,
        { id: perPlanId },
        token,
      );
      const iv = res.data!.plan.interventions.find((i) => i.title === 'Bostøtte')!;
      await e2e.server.gql(`mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id } }`, { input: { id: iv.id, expectedVersion: iv.version, hoursPerWeek: 2 } }, token);
      // The save comes live to the open form first (it says so), then the user saves: the same order every run.
      await page.getByRole('form', { name: 'Redigér Bostøtte' }).getByText(/mens du redigerer/).waitFor();
      await page.getByRole('button', { name: 'Gem' }).click();
      await page.getByTestId('conflict-view').waitFor();
      await check(page, `07-conflict-${size}`);
    }));

  it('Min plan (printable)', () =>
    as('anna', viewport, async ({ page }) => {
      await page.goto(`${e2e.server.url}/plan/${perPlanId}/min-plan`);
      await page.getByRole('heading', { name: 'Mit mål' }).waitFor();
      await check(page, `08-min-plan-${size}`);
    }));

  it('Mentor: Mine borgere with "Log opgave"', () =>
    as('mikkel', viewport, async ({ page }) => {
      await page.goto(e2e.server.url);
      await page.getByRole('heading', { name: 'Mine borgere' }).waitFor();
      await page.getByRole('article', { name: 'Kim Larsen' }).waitFor();
      const eva = page.getByRole('article', { name: 'Eva Jensen' });
      await eva.getByRole('button', { name: 'Log opgave' }).click();
      await expectErrorSummary(eva.getByRole('form', { name: 'Log opgave – Eva Jensen' }), ['Skriv, hvad du har gjort.']);
      await eva.getByText('Flere oplysninger (valgfrit)').click();
      await check(page, `09-mentor-${size}`);
    }));

  it('Plan with mentor support, and granting a new period', () =>
    as('anna', viewport, async ({ page }) => {
      const eva = await planIdOf(e2e, 'Eva Jensen');
      await openPlan(page, eva);
      await page.getByTestId('mentor-section').getByText('Mikkel Lund').first().waitFor();
      await page.getByRole('button', { name: 'Bevilg ny periode' }).click();
      await page.getByRole('button', { name: 'Bevilg mentorstøtte' }).click();
      // The new period starts from the running grant's purpose and goals: the mentor is still to be chosen.
      const form = page.getByTestId('mentor-section').locator('form');
      await expect(form.getByLabel('Formål').inputValue()).resolves.not.toBe('');
      await expectErrorSummary(form, ['Vælg mentoren.'], { among: true });
      await check(page, `15-plan-mentor-grant-${size}`);
    }));

  it('Adgangslog from the plan, and only the refusals', () =>
    as('anna', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      await page.getByRole('link', { name: 'Adgangslog' }).click();
      await page.getByRole('heading', { name: 'Adgangslog – Per Hansen' }).waitFor();
      await page.getByRole('cell', { name: 'Otto Berg' }).first().waitFor();
      await check(page, `16-access-log-${size}`);
      await page.getByLabel('Kun afviste').check();
      // The server is asked again ("Henter…" meanwhile): the count says the refusals once they are here.
      await page.getByTestId('access-log-count').filter({ hasText: /^Viser \d+ af \d+ hændelser$/ }).waitFor();
      await expect(page.getByRole('cell', { name: 'Tilladt' }).count()).resolves.toBe(0);
      await check(page, `17-access-log-denied-${size}`);
    }));

  it('Konti til gennemsyn for the leader, with closed ones and a missing note', () =>
    as('lene', viewport, async ({ page }) => {
      await page.goto(e2e.server.url);
      await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Konti til gennemsyn' }).click();
      await page.getByRole('heading', { name: 'Konti til gennemsyn', level: 1 }).waitFor();
      await page.getByRole('article', { name: 'Bent Sørensen' }).waitFor();
      await check(page, `18-account-flags-${size}`);
      await page.getByLabel('Vis også afsluttede').check();
      await page.getByRole('heading', { name: /^Afsluttede/ }).waitFor();
      await page.getByRole('button', { name: 'Afslut markering af Bent Sørensen' }).click();
      await page.getByText('Skriv en bemærkning til gennemsynet.').waitFor();
      await check(page, `19-account-flags-note-missing-${size}`);
    }));

  it('Administration: Enheder, Medarbejdere with the invite form and a confirmation, and the log', () =>
    as('ida', viewport, async ({ page }) => {
      await page.goto(e2e.server.url);
      // The administrator's home page; nothing is changed, as the other screens share the data.
      await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
      await page.getByRole('article', { name: 'Socialforvaltningen' }).waitFor();
      await page.getByRole('button', { name: 'Opret enhed' }).click();
      const create = page.getByRole('form', { name: 'Opret enhed' });
      await create.getByRole('button', { name: 'Opret enhed' }).click();
      await expectErrorSummary(create, ['Skriv enhedens navn.']);
      // Bent works there: the card says so instead of asking.
      await page.getByRole('button', { name: 'Luk enhed Socialforvaltningen' }).click();
      await page.getByRole('group', { name: 'Lukning af Socialforvaltningen' }).getByText(/^Socialforvaltningen kan ikke lukkes endnu\. Enheden har \d+ medarbejder/).waitFor();
      await check(page, `21-admin-units-${size}`);
      const tabs = page.getByRole('navigation', { name: 'Administration' });
      await tabs.getByRole('link', { name: 'Medarbejdere' }).click();
      await page.getByRole('article', { name: 'Anna Holm' }).waitFor();
      await page.getByRole('button', { name: 'Inviter medarbejder' }).click();
      const invite = page.getByRole('form', { name: 'Inviter medarbejder' });
      await invite.getByRole('button', { name: 'Inviter', exact: true }).click();
      await invite.locator('.field-error', { hasText: 'Vælg enhed.' }).waitFor();
      await page.getByRole('button', { name: 'Deaktiver Bent Sørensen' }).click();
      await page.getByText(/^Deaktiver Bent Sørensen\? .*logget ud med det samme/).waitFor();
      await check(page, `22-admin-staff-${size}`);
      await tabs.getByRole('link', { name: 'Administrationslog' }).click();
      await page.getByTestId('admin-log-entry').or(page.getByText('Ingen handlinger endnu.')).first().waitFor();
      await check(page, `23-admin-log-${size}`);
    }));

  it('Nøgletal for the leader: charts, tables and the period form', () =>
    as('lene', viewport, async ({ page }) => {
      // The leader's start page.
      await page.goto(e2e.server.url);
      await page.getByRole('heading', { name: /^Nøgletal – Faaborg-Midtfyn Kommune/, level: 1 }).waitFor();
      await page.getByRole('region', { name: /^Overblik, / }).waitFor();
      await page.getByTestId('own-programme-settings').getByRole('button', { name: 'Ret rammer' }).click();
      await page.getByRole('table').first().waitFor();
      // From which day the figures count, and what each counts: opened, so the check covers the definitions too.
      await page.getByTestId('data-from').getByText(/^Samplan har data fra \d{1,2}\. [a-zæøå]+ \d{4}\./).waitFor();
      await page.getByText('Hvad tæller med? Nøgletallenes definitioner').press('Enter');
      await page.getByTestId('figure-definitions').getByRole('term').filter({ hasText: 'Startede forløb' }).waitFor();
      await check(page, `20-key-figures-${size}`);
    }));

  it('Plan as the coordinator: goal and plan period, refused by the 6-month rule', () =>
    as('anna', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      const goal = page.getByTestId('goal-section');
      await goal.getByRole('button', { name: 'Redigér mål og planperiode' }).click();
      await goal.getByLabel('Planperiodens slut').fill(monthsFromToday(1));
      await goal.getByRole('button', { name: 'Gem', exact: true }).click();
      await goal.locator('.field-error', { hasText: 'Planen skal fastsættes for mindst 6 måneder ad gangen' }).waitFor();
      await check(page, `30-plan-goal-edit-${size}`);
    }));

  it('Plan as the coordinator: editing a sub-goal', () =>
    as('anna', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      const goals = page.getByTestId('subgoals-section');
      await goals.getByRole('button', { name: /^Redigér delmålet/ }).first().click();
      await goals.getByLabel('Delmål', { exact: true }).fill('');
      await goals.getByRole('button', { name: 'Gem', exact: true }).click();
      await goals.locator('.field-error', { hasText: 'Skriv delmålet.' }).waitFor();
      await check(page, `31-sub-goal-edit-${size}`);
    }));

  it('Plan as the coordinator: booking a samtale with a guest, in a readable width', () =>
    as('anna', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      const samtaler = page.getByTestId('meetings-section');
      await samtaler.getByRole('button', { name: /^Book (den aftalte )?samtale$/ }).click();
      const form = samtaler.getByRole('form', { name: 'Book samtale' });
      // Focus on the form's first field when it opens.
      await expect(form.getByLabel('Starter').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await form.getByRole('button', { name: 'Tilføj netværksperson eller bisidder' }).click();
      // On a wide screen the side column takes half the page while the form is open (a third otherwise); on a phone the form has the page's width.
      const [formWidth, layoutWidth] = await Promise.all([form.evaluate((el) => el.getBoundingClientRect().width), page.locator('.plan-layout').evaluate((el) => el.getBoundingClientRect().width)]);
      expect(formWidth).toBeGreaterThan(layoutWidth * 0.4);
      // No field reaches past the form's edge (a date and time field has a width of its own).
      const sticksOut = await form.evaluate((el) => Array.from(el.querySelectorAll('input, select, textarea')).filter((f) => f.getBoundingClientRect().right > el.getBoundingClientRect().right + 0.5).length);
      expect(sticksOut).toBe(0);
      await check(page, `38-plan-book-samtale-${size}`);
    }));

  it('Efter forløbet, a refused extension, and Afslut forløb up to the confirmation', () =>
    as('anna', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      const nextStep = page.getByTestId('next-step-section');
      await nextStep.getByRole('button', { name: 'Træf beslutning' }).click();
      await nextStep.getByRole('button', { name: 'Gem beslutning' }).click();
      await nextStep.locator('.field-error', { hasText: 'Vælg, hvad der skal ske efter forløbet.' }).waitFor();
      await check(page, `32-next-step-${size}`);
      const programme = page.getByTestId('programme-section');
      await programme.getByRole('button', { name: 'Ret slutdato' }).click();
      await programme.getByLabel('Ny slutdato').fill(monthsFromToday(72));
      await programme.getByRole('button', { name: 'Gem slutdato' }).click();
      await programme.locator('.field-error', { hasText: 'Et ressourceforløb kan ikke forlænges.' }).waitFor();
      await check(page, `33-programme-end-date-refused-${size}`);
      await programme.getByRole('button', { name: 'Afslut forløb' }).click();
      // A reason that needs no decision on what follows first (NEXT_STEP_NOT_DECIDED): the form asks its question.
      await programme.getByLabel('Afslutningsårsag').selectOption({ label: 'Fraflyttet kommunen' });
      await programme.getByRole('button', { name: 'Fortsæt' }).click();
      await programme.getByRole('button', { name: 'Ja, afslut forløbet' }).waitFor();
      await check(page, `34-programme-end-confirm-${size}`);
    }));

  it('Forløbet: law version, barsel/suspension and the indsatsgaranti, refused before sending', () =>
    as('anna', viewport, async ({ page }) => {
      await openPlan(page, perPlanId);
      const programme = page.getByTestId('programme-section');
      await programme.getByTestId('programme-law').getByText('Reglerne fra 1. januar 2022 (lov nr. 1160 af 8. juni 2021)').waitFor();
      await programme.getByRole('button', { name: 'Registrér barsel/suspension' }).click();
      await programme.getByLabel('Fra og med').fill(monthsFromToday(2));
      await programme.getByLabel('Til og med').fill(monthsFromToday(1));
      await programme.getByRole('button', { name: 'Registrér periode' }).click();
      await programme.locator('.field-error', { hasText: 'Perioden skal slutte samme dag eller efter, den starter.' }).waitFor();
      await check(page, `34a-programme-suspension-${size}`);
      await programme.getByRole('button', { name: 'Opfølgning på indsatsgaranti' }).click();
      await programme.getByLabel('Særlige grunde').waitFor();
      await check(page, `34b-programme-guarantee-${size}`);
      // "Registreret ved en fejl": a reason is asked before the question.
      await programme.getByRole('button', { name: 'Registreret ved en fejl' }).click();
      await programme.getByRole('button', { name: 'Fortsæt' }).click();
      await programme.locator('.field-error', { hasText: 'Skriv begrundelsen.' }).waitFor();
      await check(page, `34c-programme-registered-in-error-${size}`);
    }));

  it('Nyt forløb from Mine sager: the citizen search, missing fields, and the law of the decision date from the server', () =>
    as('anna', viewport, async ({ page }) => {
      await page.goto(e2e.server.url);
      await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
      await page.getByRole('link', { name: 'Nyt forløb' }).click();
      await page.getByRole('heading', { name: 'Nyt forløb', level: 1 }).waitFor();
      // The citizen search: Per by part of his name, with his whole CPR number (Anna coordinates his case).
      await page.getByLabel('Find borger').fill('per hans');
      await page.getByRole('button', { name: 'Søg' }).click();
      const per = page.getByRole('radio', { name: /^Per Hansen, CPR 020605-\d{4}, født 2\. juni 2005, i forløb nu$/ });
      await per.waitFor();
      await check(page, `35-new-programme-${size}`);
      await page.getByRole('button', { name: 'Opret forløb' }).click();
      // Every problem at once in the summary at the top, which takes focus; the field says it too.
      const summary = page.getByTestId('error-summary');
      await summary.getByRole('link', { name: 'Skriv borgerens navn.' }).waitFor();
      await page.locator('.field-error', { hasText: 'Skriv borgerens navn.' }).waitFor();
      await expect(summary.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await check(page, `36-new-programme-missing-${size}`);
      // Per, picked from the search, so nothing is registered: a new ressourceforløb decided today is refused (lov nr. 1750 af 29. december 2025).
      await per.check();
      await page.getByLabel('Forløbstype').selectOption({ label: 'Ressourceforløb (kun afgørelse før 1. februar 2026)' });
      await page.getByLabel('Afgørelsesdato').fill(monthsFromToday(0));
      await page.getByLabel('Startdato').fill(monthsFromToday(0));
      await page.getByLabel('Slutdato', { exact: true }).fill(monthsFromToday(6));
      await page.getByLabel('Beskæftigelses- eller uddannelsesmål').fill('Lager og logistik');
      await page.getByLabel('Målet angiver').selectOption({ label: 'Branche eller jobfunktion' });
      await page.getByLabel('Planperiodens slut').fill(monthsFromToday(7));
      await page.getByRole('button', { name: 'Opret forløb' }).click();
      await page.locator('.field-error', { hasText: 'Ressourceforløb er afskaffet for nye forløb med afgørelse fra 1. februar 2026' }).waitFor();
      await check(page, `37-new-programme-rule-${size}`);
    }));

  it('Åbn en plan, and a page that does not exist', () =>
    as('anna', viewport, async ({ page }) => {
      await page.goto(`${e2e.server.url}/aabn-plan`);
      await page.getByRole('heading', { name: 'Åbn en plan' }).waitFor();
      await check(page, `10-open-plan-${size}`);
      await page.goto(`${e2e.server.url}/findes-ikke`);
      await page.getByRole('heading', { name: 'Siden findes ikke' }).waitFor();
      await check(page, `11-not-found-${size}`);
    }));

  it('Offline: the page says so, and live updates resume', () =>
    as('anna', viewport, async ({ page, context }) => {
      await openPlan(page, perPlanId);
      await context.setOffline(true);
      await page.getByTestId('connection-status').getByText('Du er offline. Ændringer, du gemmer nu, sendes, når forbindelsen er tilbage.', { exact: true }).waitFor();
      // Sticky: still in view when the page is scrolled down.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect(page.getByTestId('connection-status').evaluate((el) => [getComputedStyle(el).position, el.getBoundingClientRect().top >= 0, el.getBoundingClientRect().bottom <= window.innerHeight])).resolves.toEqual(['sticky', true, true]);
      await check(page, `12-offline-${size}`);
      await context.setOffline(false);
      await page.getByTestId('connection-status').filter({ hasText: /^$/ }).waitFor({ timeout: 10_000 });
    }));

  it('A plan that is not mine: a Danish error, no data', () =>
    as('otto', viewport, async ({ page }) => {
      await page.goto(`${e2e.server.url}/plan/${perPlanId}`);
      await page.getByRole('alert').getByText('Planen kunne ikke vises').waitFor();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Findes ikke eller du har ikke adgang.');
      await check(page, `13-plan-not-found-error-${size}`);
    }));
});

describe('Min plan prints on one page', () => {
  it('one A4 page, without the app chrome', () =>
    as('anna', DESKTOP, async ({ page }) => {
      await page.goto(`${e2e.server.url}/plan/${perPlanId}/min-plan`);
      await page.getByRole('heading', { name: 'Mit mål' }).waitFor();
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, '14-min-plan-print-media');
      await expect(page.getByRole('button', { name: 'Udskriv' }).isVisible()).resolves.toBe(false);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBe(1);
    }));
});
