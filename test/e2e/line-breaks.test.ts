/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { loginByUi, openContext, planIdOf, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Texts written in a multi-line field keep their lines where the team reads them, in a real
 * browser: a section of the Samlet beskrivelse written in paragraphs, a samtale's agenda as a
 * list of points, an intervention's notes and a held samtale's summary. What the browser shows
 * (innerText follows the page's CSS) must have the writer's line breaks, not one run-on line.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let perPlanId: string;
let annaToken: string;
const users: UserPage[] = [];

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  annaToken = await e2e.server.login('anna');
});

afterAll(async () => {
  for (const user of users) await user.context.close();
  await e2e?.stop();
});

/** A browser of its own, signed in, with Per's plan open and live. */
async function perPlanAs(name: string): Promise<UserPage> {
  const user = await openContext(e2e);
  users.push(user);
  await loginByUi(user.page, e2e.server.url, name);
  await user.page.goto(`${e2e.server.url}/plan/${perPlanId}`);
  await user.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
  return user;
}

/** The text as the browser renders it, with runs of spaces and tabs as one. */
const shown = async (locator: Locator) => (await locator.innerText()).replace(/[ \t]+/g, ' ');

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await e2e.server.gql<T>(query, variables, annaToken);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

const section = (page: Page, title: string) =>
  page.getByRole('region', { name: 'Samlet beskrivelse', exact: true }).getByRole('listitem', { name: title, exact: true });

describe('multi-line texts on the plan page', () => {
  it('a section of the Samlet beskrivelse written in paragraphs is shown in paragraphs', async () => {
    const anna = await perPlanAs('Anna Holm');
    const bent = await perPlanAs('Bent Sørensen');
    await section(anna.page, 'Ressourcer').getByRole('button', { name: 'Redigér Ressourcer' }).click();
    const field = section(anna.page, 'Ressourcer').getByRole('form').getByLabel('Ressourcer');
    // Typed as a user does, with Enter between the paragraphs.
    await field.click();
    await anna.page.keyboard.type('Per er mødestabil og hjælpsom.');
    await anna.page.keyboard.press('Enter');
    await anna.page.keyboard.press('Enter');
    await anna.page.keyboard.type('Han kender butikken fra praktikken.');
    await section(anna.page, 'Ressourcer').getByRole('form').getByRole('button', { name: 'Gem' }).click();
    await section(anna.page, 'Ressourcer').getByRole('status').filter({ hasText: '»Ressourcer« er gemt.' }).waitFor();

    // Bent's page follows live, and both read two paragraphs.
    const text = (page: Page) => section(page, 'Ressourcer').getByText('Per er mødestabil', { exact: false });
    await text(bent.page).waitFor({ timeout: 10_000 });
    for (const page of [anna.page, bent.page]) {
      await expect(shown(text(page))).resolves.toBe('Per er mødestabil og hjælpsom.\n\nHan kender butikken fra praktikken.');
    }
  });

  it("a samtale's agenda, an intervention's notes and a held samtale's summary keep their lines", async () => {
    // A samtale in a week with an agenda of three points.
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await gql(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, {
      input: { planId: perPlanId, startsAt: `${day}T09:00:00Z`, endsAt: `${day}T10:00:00Z`, mode: 'PHONE', agenda: '1. Praktikken\n2. Bostøtten\n3. Næste skridt' },
    });
    // The internship's notes in two lines.
    const { plan } = await gql<{ plan: { interventions: Array<{ id: string; title: string; version: number }> } }>(
      `query($id: ID!) { plan(id: $id) { interventions { id title version } } }`, { id: perPlanId });
    const internship = plan.interventions.find((i) => i.title === 'Virksomhedspraktik i detailbutik')!;
    await gql(`mutation($input: UpdateJobcenterInterventionInput!) { updateJobcenterIntervention(input: $input) { id } }`, {
      input: { id: internship.id, expectedVersion: internship.version, notes: 'Kontakt: Lone i butikken.\nMødetid kl. 8.' },
    });
    // A samtale held an hour ago, its summary in two lines.
    const heldAt = new Date(Date.now() - 3_600_000);
    await gql(`mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { id } }`, {
      input: { planId: perPlanId, heldAt: heldAt.toISOString(), mode: 'IN_PERSON', participants: ['Per Hansen', 'Anna Holm'],
        summary: 'Praktikken går godt.\nPer vil gerne have flere timer.', nextMeetingAt: new Date(Date.now() + 14 * 86_400_000).toISOString() },
    });

    const bent = await perPlanAs('Bent Sørensen');
    const agenda = bent.page.getByRole('region', { name: 'Samtaler', exact: true }).getByTestId('meeting').filter({ hasText: 'Praktikken' });
    await expect(shown(agenda.locator('dd', { hasText: 'Praktikken' }))).resolves.toBe('1. Praktikken\n2. Bostøtten\n3. Næste skridt');

    const notes = bent.page.locator('article').filter({ hasText: 'Virksomhedspraktik i detailbutik' }).getByText('Kontakt: Lone', { exact: false });
    await expect(shown(notes)).resolves.toBe('Noter: Kontakt: Lone i butikken.\nMødetid kl. 8.');

    const held = bent.page.getByTestId('followups-section');
    await held.getByText('Afholdte samtaler', { exact: true }).click();
    await expect(shown(held.getByText('Praktikken går godt.', { exact: false }))).resolves.toBe('Praktikken går godt.\nPer vil gerne have flere timer.');
    expect(bent.problems).toEqual([]);
  });
});
