/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { formatDanishDate } from '@samplan/schema';
import { startTestServer, type TestServer } from '../../server/src/test-support/test-server';
import { CLIENT_DIST, DESKTOP, loginByUi, openContext, PHONE, planIdOf, screenshot, seriousViolations, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Min plan in a real browser on a phone's width (390 px): Per Hansen signs in as himself
 * through the login page of instance A and reads his own plan — the goal, Bostøtte with its
 * contact Bent Sørensen, the next samtale, the social unit's visit under "Kommende aftaler" with where it is. Bent changes Bostøtte through instance B (one
 * database): Per's page shows the new status within 2 seconds, and nothing staff-internal
 * (a note, the legal basis, the hours). Per saves the next samtale as a calendar file. He
 * marks the changes seen on his phone; on his PC, Min plan marks only what changed since.
 */

jest.setTimeout(240_000);

let e2e: E2E;
let b: TestServer;
let per: UserPage;
let perPc: UserPage | undefined;
let perPlanId: string;
const PLACE = 'Jobcentret, Østergade 5, 5750 Ringe';
const VISIT_PLACE = 'Søndergade 8, 2. th., 5750 Ringe';

beforeAll(async () => {
  e2e = await startE2E();
  b = await startTestServer({ db: e2e.server.db, seed: false, env: { CLIENT_DIST } });
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  // Anna books Per's next samtale (through instance B), with Bent taking part.
  const anna = await b.login('anna');
  const [{ id: bentId }] = await e2e.server.db.dataSource.query(`SELECT id FROM app_user WHERE username = 'bent'`);
  const startsAt = new Date(Date.now() + 5 * 86_400_000);
  startsAt.setUTCHours(8, 0, 0, 0);
  const booked = await b.gql(`mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id } }`, { input: {
    planId: perPlanId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), mode: 'IN_PERSON',
    place: PLACE, agenda: 'Status på praktikken og bostøtten', staffIds: [bentId], guests: [],
  } }, anna);
  if (booked.errors) throw new Error(JSON.stringify(booked.errors));
  // Bent says where the social unit's visit is (through instance B).
  const [visit] = await e2e.server.db.dataSource.query(`SELECT id, version FROM activity WHERE plan_id = $1 AND title = 'Besøg i den nye lejlighed med Per og forældrene'`, [perPlanId]);
  const placed = await b.gql(`mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id } }`,
    { input: { id: visit.id, expectedVersion: visit.version, place: VISIT_PLACE } }, await b.login('bent'));
  if (placed.errors) throw new Error(JSON.stringify(placed.errors));
  per = await openContext(e2e, PHONE);
});

afterAll(async () => {
  await per?.context.close().catch(() => undefined);
  await perPc?.context.close().catch(() => undefined);
  await b?.stop();
  await e2e?.stop();
});

describe('Min plan for the citizen', () => {
  it('Per signs in and sees his own plan: the goal, Bostøtte with its contact, the next samtale — and only "Min plan" in his menu', async () => {
    const page = per.page;
    await loginByUi(page, e2e.server.url, 'Per Hansen');
    await page.getByRole('heading', { level: 1, name: 'Min plan' }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Hovedmenu' });
    await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['Min plan']);

    await expect(page.getByTestId('citizen-goal').textContent()).resolves.toMatch(/^Lønnede timer i butikken/);
    // His forløb, named at the top with its days: a ressourceforløb decided before 1 February 2026, which goes on to its end.
    const [forloeb] = await e2e.server.db.dataSource.query(`SELECT pr.start_date::text AS start, pr.end_date::text AS end FROM programme pr JOIN plan p ON p.programme_id = pr.id WHERE p.id = $1`, [perPlanId]);
    await expect(page.getByTestId('citizen-programme').textContent()).resolves.toBe(
      `Du er i et ressourceforløb fra ${formatDanishDate(forloeb.start)} til ${formatDanishDate(forloeb.end)}.`
      + 'Ressourceforløb kan ikke længere begynde, men dit forløb fortsætter efter de regler, det blev bevilget efter, til det slutter.',
    );
    const bostotte = page.getByTestId('citizen-intervention').filter({ has: page.getByRole('heading', { name: 'Bostøtte' }) });
    await expect(bostotte.textContent()).resolves.toContain('Bent Sørensen');
    await expect(bostotte.textContent()).resolves.toContain('Socialforvaltningen');
    await expect(bostotte.textContent()).resolves.toContain('Planlagt');
    await expect(bostotte.textContent()).resolves.toContain('Flytte i egen lejlighed og klare hverdagen');
    const next = page.getByTestId('citizen-meeting').first();
    await expect(next.textContent()).resolves.toContain('Din næste samtale med kommunen');
    await expect(next.textContent()).resolves.toContain(PLACE);
    await expect(next.textContent()).resolves.toContain('Status på praktikken og bostøtten');
    // The social unit's visit planned with him, when, where and with whom; not who at the unit has it.
    const visits = page.getByRole('region', { name: 'Kommende aftaler' }).getByTestId('citizen-appointment');
    await expect(visits.allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Aftale med SocialforvaltningenBesøg i den nye lejlighed med Per og forældreneHvornår\d{1,2}\. \p{L}+ \d{4} kl\. 10\.00StedSøndergade 8, 2\. th\., 5750 Ringe$/u),
    ]);
    await page.getByRole('heading', { name: 'Ret til at se dine oplysninger' }).waitFor();
    await expect(page.textContent('body')).resolves.toMatch(/aktindsigt/);
    await expect(page.textContent('body')).resolves.not.toMatch(/skjult for borgeren/i);

    // Fits a phone: nothing wider than the screen.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'citizen-min-plan-phone');

    expect(await seriousViolations(page)).toEqual([]);
  });

  it('Bent changes Bostøtte on instance B: Per sees the new status within 2 seconds, and none of the staff-internal values', async () => {
    const page = per.page;
    await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
    // The page's subscription is attached on instance A before the change.
    const deadline = Date.now() + 10_000;
    while (e2e.server.server.feed.stats().listeners < 1) {
      if (Date.now() > deadline) throw new Error('the citizen page did not subscribe');
      await new Promise((r) => setTimeout(r, 20));
    }
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    const bent = await b.login('bent');
    const [bo] = await e2e.server.db.dataSource.query(`SELECT id, version FROM intervention WHERE plan_id = $1 AND title = 'Bostøtte'`, [perPlanId]);
    const changed = await b.gql(`mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { version } }`, { input: {
      id: bo.id, expectedVersion: bo.version, status: 'ACTIVE', hoursPerWeek: 6.5, legalBasis: 'SEL §85, stk. 1 (intern)', notes: 'Intern note: forældrene er bekymrede',
    } }, bent);
    expect(changed.errors).toBeUndefined();
    const savedAt = Date.now();
    await page.waitForFunction(
      // The card's heading is its title, marked "Nyt" while the change is unseen.
      () => Array.from(document.querySelectorAll('[data-testid=citizen-intervention]')).some((li) => li.querySelector('h3')?.firstChild?.textContent === 'Bostøtte' && li.textContent?.includes('Aktiv')),
      undefined,
      { timeout: 2_000, polling: 50 },
    );
    const shownAfter = Date.now() - savedAt;
    console.log(`citizen live: Bostøtte's new status on Per's page ${shownAfter} ms after bent's answer on instance B`);
    expect(shownAfter).toBeLessThan(2_000);
    await expect(page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
    const body = (await page.textContent('body')) ?? '';
    for (const internal of ['Intern note', 'SEL §85', '6,5', 'Bostøtteteamet', 'bekymrede']) expect(body).not.toContain(internal);
    // "Nyt i din plan" says what changed, in his words, and leads to the card.
    await page.getByTestId('citizen-updated').getByRole('link', { name: '»Bostøtte« er nu: Aktiv.' }).waitFor();
    await page.getByTestId('citizen-intervention').filter({ hasText: 'Bostøtte' }).getByText('Nyt', { exact: true }).waitFor();
    await screenshot(page, 'citizen-min-plan-live');
  });

  it('Per saves the next samtale as a calendar file (.ics) with its time and place', async () => {
    const page = per.page;
    const next = page.getByTestId('citizen-meeting').first();
    const [download] = await Promise.all([page.waitForEvent('download'), next.getByRole('button', { name: /^Føj til din kalender: samtalen .+$/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^samtale-\d{4}-\d{2}-\d{2}\.ics$/);
    const file = await download.path();
    const text = readFileSync(file!, 'utf8').replace(/\r\n /g, '');
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    expect(text).toContain('LOCATION:Jobcentret\\, Østergade 5\\, 5750 Ringe');
    expect(text).toContain('END:VCALENDAR');
    expect(per.problems).toEqual([]);
  });

  it('the next samtale agreed at a samtale shows to Per live, before anyone books it', async () => {
    const page = per.page;
    const anna = await b.login('anna');
    // The booked samtale is called off; at the samtale held today, the next one was agreed.
    const [booking] = await e2e.server.db.dataSource.query(`SELECT id, version FROM booked_meeting WHERE plan_id = $1 AND status = 'BOOKED'`, [perPlanId]);
    const cancelled = await b.gql(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`,
      { input: { id: booking.id, expectedVersion: booking.version, reason: 'Flyttes til den aftalte tid' } }, anna);
    expect(cancelled.errors).toBeUndefined();
    // Per's page has taken the cancellation in (live) before the samtale is recorded.
    await page.getByTestId('citizen-meeting').filter({ hasText: 'Aflyst' }).first().waitFor({ timeout: 10_000 });
    const next = new Date(Date.now() + 9 * 86_400_000);
    next.setUTCHours(9, 30, 0, 0);
    const held = await b.gql(`mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { id } }`, { input: {
      planId: perPlanId, heldAt: new Date(Date.now() - 3_600_000).toISOString(), mode: 'PHONE', participants: ['Per', 'Anna Holm'],
      summary: 'Kort opfølgning', nextMeetingAt: next.toISOString(), sharedWithMentor: false,
    } }, anna);
    expect(held.errors).toBeUndefined();
    // Live, without a reload: the held samtale reaches Per as a refresh (its summary does not).
    const shown = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', day: 'numeric', month: 'long' }).format(next);
    const agreed = page.getByTestId('citizen-agreed-meeting').filter({ hasText: `Næste samtale er aftalt til ${shown}` });
    await agreed.waitFor({ timeout: 10_000 });
    await expect(agreed.textContent()).resolves.toContain('Du får besked om sted og form, når den er booket.');
    await expect(page.getByText('Der er ingen samtaler booket lige nu.').count()).resolves.toBe(0);
    expect(per.problems).toEqual([]);
  });

  it('"Jeg har set det" on his phone holds on his PC too: there only the change made since is marked "Nyt"', async () => {
    const phone = per.page;
    await phone.getByTestId('citizen-updated').getByRole('button', { name: 'Jeg har set det' }).click();
    await expect(phone.getByTestId('citizen-new').count()).resolves.toBe(0);
    // Kept with his account: at least as far as the plan's newest change.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] = await e2e.server.db.dataSource.query(
        `SELECT s.seq >= (SELECT max(seq) FROM plan_event WHERE plan_id = $1) AS done FROM citizen_seen_position s WHERE s.plan_id = $1`, [perPlanId]);
      if (row?.done) break;
      if (Date.now() > deadline) throw new Error('the phone\'s "Jeg har set det" was not kept');
      await new Promise((r) => setTimeout(r, 50));
    }
    // While he is away from the PC, Bent changes Bostøtte's short-term goal (through instance B).
    const [bo] = await e2e.server.db.dataSource.query(`SELECT id, version FROM intervention WHERE plan_id = $1 AND title = 'Bostøtte'`, [perPlanId]);
    const changed = await b.gql(`mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { version } }`,
      { input: { id: bo.id, expectedVersion: bo.version, shortTermGoal: 'Klare indkøb og tøjvask selv' } }, await b.login('bent'));
    expect(changed.errors).toBeUndefined();

    perPc = await openContext(e2e, DESKTOP);
    const pc = perPc.page;
    await loginByUi(pc, e2e.server.url, 'Per Hansen');
    await pc.getByRole('heading', { level: 1, name: 'Min plan' }).waitFor();
    const box = pc.getByTestId('citizen-updated');
    await box.getByRole('heading', { name: 'Nyt, siden du sidst så din plan' }).waitFor({ timeout: 10_000 });
    await expect(box.getByTestId('citizen-change').allTextContents()).resolves.toEqual(['Socialforvaltningen har opdateret »Bostøtte«.']);
    // Only Bostøtte's card says "Nyt": what he saw on his phone (the samtale called off, the status) does not.
    await expect(pc.getByTestId('citizen-new').count()).resolves.toBe(1);
    await pc.getByTestId('citizen-intervention').filter({ hasText: 'Bostøtte' }).getByText('Nyt', { exact: true }).waitFor();
    expect(perPc.problems).toEqual([]);
  });
});
