/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import type { TestServer } from '../../server/src/test-support/test-server';
import { screenshot } from './support/browser';
import {
  danishDay,
  openPerson,
  openSockets,
  runSetupCommand,
  signInInAnotherTab,
  socketsOf,
  startFreshMunicipality,
  type FreshMunicipality,
  type PersonInBrowser,
  type SocketRecord,
} from './support/new-municipality';
import { claimsOf, logInAtProvider, sessionTokens, signInThroughProvider } from './support/oidc';

/**
 * A new municipality, from nothing to a shared plan, in Chromium against the real local
 * OpenID provider, with no demo mode anywhere:
 *
 *  1. `npm run setup -- --municipality "Faaborg-Midtfyn" --admin admin@faaborg.dk` on an empty
 *     database creates the municipality and invites its first administrator, and, before that
 *     one has signed in, `--recover-admin` invites a second (four eyes on staff invitations);
 *  2. two Samplan instances on that database; the administrator signs in through the
 *     provider, creates two units of the municipality's own and invites two caseworkers by
 *     e-mail; with no other administrator signed in yet, nobody can approve them;
 *  2b. a caseworker who signs in before that is told the invitation waits; the second
 *     administrator signs in and approves both, and the first one's page shows it live;
 *  3. the caseworkers sign in (the invitation binds at the first sign-in); the one in
 *     employment registers a citizen by CPR number and creates a programme whose team is both
 *     units, and coordinates it; the social caseworker, on the other instance, adds and
 *     changes an intervention, and the coordinator's open plan shows it live;
 *  4. with the plan open on both instances, the administrator deactivates the social
 *     caseworker: their sockets on both instances close at once, their screens say
 *     they are signed out, their next save is refused and nothing is written.
 *
 * The steps build on each other; a step after a failed one fails at once, naming it.
 */
jest.setTimeout(180_000);

const MUNICIPALITY = 'Faaborg-Midtfyn';
const ADMIN = 'admin@faaborg.dk';
/** The second administrator, invited by the operations too: the other pair of eyes on the first one's invitations. */
const SECOND_ADMIN = 'it@faaborg.dk';
const EMPLOYMENT_UNIT = 'Jobcenter Faaborg-Midtfyn';
const SOCIAL_UNIT = 'Socialpsykiatri';
const COORDINATOR = { name: 'Mette Jensen', email: 'mette.jensen@faaborg.dk' };
const SOCIAL_WORKER = { name: 'Lars Nielsen', email: 'lars.nielsen@faaborg.dk' };
const CITIZEN = { name: 'Jonas Berg', cpr: '0101901234', shown: '010190-1234' };
/**
 * Closing a deactivated person's sockets on every instance is pushed, not left to the token's
 * expiry (minutes away): the time is printed (about 300 ms on a quiet machine), and the bound
 * only tells a push from a wait, with room for a machine busy with other tests.
 */
const SOCKETS_CLOSED_WITHIN_MS = 5000;
const DEACTIVATED_NOTICE = 'Din bruger er blevet deaktiveret, så du er logget ud. Kontakt din administrator, hvis det er en fejl.';

let m: FreshMunicipality;
let a: TestServer;
let b: TestServer;
let admin: PersonInBrowser;
let secondAdmin: PersonInBrowser;
let coordinator: PersonInBrowser;
let social: PersonInBrowser;
let municipalityId: string;
let planId: string;

/** The steps done so far: a step needs the ones before it. */
const done = new Set<string>();

/** Every open tab: a screenshot under test/artifacts/, and what its alerts and notices say. */
async function whatTheScreensSay(): Promise<string> {
  const lines: string[] = [];
  for (const [who, person] of [['administrator', admin], ['second administrator', secondAdmin], ['coordinator', coordinator], ['social caseworker', social]] as const) {
    if (!person) continue;
    for (const [i, page] of person.context.pages().entries()) {
      const file = await screenshot(page, `new-municipality-failed-${who.replace(' ', '-')}-${i}`).catch(() => 'no screenshot');
      const said = await page.locator('[role=alert], [role=status], .field-error, h1').allInnerTexts().catch(() => []);
      lines.push(`${who}, tab ${i + 1} (${page.url()}): ${said.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' | ')} [${file}]`);
    }
  }
  return lines.join('\n');
}

/** One step of the journey: it needs the steps named, and when it fails it says what the screens showed. */
function step(name: string, id: string, needs: string[], body: () => Promise<void>): void {
  it(name, async () => {
    const missing = needs.filter((s) => !done.has(s));
    if (missing.length) throw new Error(`Not run: an earlier step failed (${missing.join(', ')}).`);
    try {
      await body();
    } catch (err) {
      if (err instanceof Error) err.message += `\n\nOn the screens:\n${await whatTheScreensSay()}`;
      throw err;
    }
    done.add(id);
  });
}

beforeAll(async () => {
  m = await startFreshMunicipality();
}, 600_000);

afterAll(async () => {
  for (const p of [admin, secondAdmin, coordinator, social]) await p?.context.close().catch(() => undefined);
  await m?.stop();
});

const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => m.db!.dataSource.query(sql, params);

function adminNav(page: Page) {
  return page.getByRole('navigation', { name: 'Administration' });
}

/** The Bostøtte card on a plan page. */
function bostoette(page: Page) {
  return page.locator('[data-testid=intervention]', { has: page.getByRole('heading', { name: 'Bostøtte', exact: true }) });
}

async function planIsLive(page: Page): Promise<void> {
  await page.locator('[data-live-state=connected]').first().waitFor({ timeout: 15_000 });
}

step('1. npm run setup on an empty database creates Faaborg-Midtfyn and invites its first administrator', 'setup', [], async () => {
  const run = await runSetupCommand(m.databaseUrl, ['--municipality', MUNICIPALITY, '--admin', ADMIN]);
  expect({ code: run.code, refusal: /Samplan setup (refused|failed).*/.exec(run.stderr)?.[0] ?? null }).toEqual({ code: 0, refusal: null });
  expect(run.stdout).toContain(`Created the municipality "${MUNICIPALITY}"`);
  expect(run.stdout).toContain(`e-mail ${ADMIN}`);
  // No administrator has signed in yet, so the operations may invite the second one now (README, "The first administrator").
  const second = await runSetupCommand(m.databaseUrl, ['--municipality', MUNICIPALITY, '--admin', SECOND_ADMIN, '--recover-admin']);
  expect({ code: second.code, refusal: /Samplan setup (refused|failed).*/.exec(second.stderr)?.[0] ?? null }).toEqual({ code: 0, refusal: null });
  expect(second.stdout).toContain(`Invited an administrator to "${MUNICIPALITY}", ${SECOND_ADMIN}`);

  [a, b] = await m.startInstances(2);
  const municipalities = await query<{ id: string; name: string; code: string }>(`SELECT id, name, code FROM municipality`);
  expect(municipalities).toEqual([{ id: expect.any(String), name: MUNICIPALITY, code: 'faaborg-midtfyn' }]);
  municipalityId = municipalities[0]!.id;
  // Invited, not yet signed in: no subject, not activated.
  // The operations' invitations: nobody's to approve.
  expect(await query(`SELECT role, email, subject, activated_at IS NOT NULL AS active, unit_id, invited_by FROM app_user ORDER BY invited_at, email`)).toEqual([
    { role: 'ADMINISTRATOR', email: ADMIN, subject: null, active: false, unit_id: null, invited_by: null },
    { role: 'ADMINISTRATOR', email: SECOND_ADMIN, subject: null, active: false, unit_id: null, invited_by: null },
  ]);
  expect(await query(`SELECT count(*)::int AS n FROM unit`)).toEqual([{ n: 0 }]);
});

step('2. the administrator signs in through the provider, creates two units and invites two caseworkers by e-mail', 'organisation', ['setup'], async () => {
  admin = await openPerson(m.browser);
  const page = admin.page;
  await page.goto(a.url);
  // No demo login: only the municipality's own sign-in.
  await page.getByRole('heading', { name: 'Log ind' }).waitFor();
  await page.getByText('Du logger ind med kommunens log ind-tjeneste.').waitFor();
  await signInThroughProvider(page, ADMIN);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
  // The first sign-in bound the invitation to the provider's subject.
  const subject = claimsOf((await sessionTokens(page, m.provider.settings.issuer, m.provider.settings.clientId))!.access_token).sub as string;
  expect(await query(`SELECT subject, activated_at IS NOT NULL AS active FROM app_user WHERE email = $1`, [ADMIN])).toEqual([{ subject, active: true }]);
  await adminNav(page).getByRole('link', { name: 'Enheder' }).click();
  await page.getByText('Kommunen har ingen åbne enheder endnu. Opret den første.').waitFor();

  for (const [name, kind] of [[EMPLOYMENT_UNIT, 'Beskæftigelse'], [SOCIAL_UNIT, 'Social']] as const) {
    await page.getByRole('button', { name: 'Opret enhed', exact: true }).first().click();
    const form = page.getByRole('form', { name: 'Opret enhed' });
    await form.getByLabel('Navn').fill(name);
    await form.getByLabel('Art').selectOption({ label: kind });
    await form.getByRole('button', { name: 'Opret enhed' }).click();
    await page.getByRole('status').filter({ hasText: `Enheden »${name}« (${kind}) er oprettet.` }).waitFor();
    const card = page.locator('[data-testid=admin-unit]', { has: page.getByRole('heading', { name, exact: true }) });
    await expect(card.locator('dd').first().textContent()).resolves.toBe(kind);
  }
  await page.getByRole('heading', { name: 'Åbne enheder (2)' }).waitFor();

  await adminNav(page).getByRole('link', { name: 'Medarbejdere' }).click();
  await page.getByRole('heading', { name: 'Medarbejdere', level: 2 }).waitFor();
  for (const [person, unit] of [[SOCIAL_WORKER, SOCIAL_UNIT], [COORDINATOR, EMPLOYMENT_UNIT]] as const) {
    await page.getByRole('button', { name: 'Inviter medarbejder' }).click();
    const form = page.getByRole('form', { name: 'Inviter medarbejder' });
    await form.getByLabel('Navn').fill(person.name);
    await form.getByLabel('E-mail').fill(person.email);
    await form.getByLabel('Rolle').selectOption({ label: 'Sagsbehandler' });
    await form.getByLabel('Enhed').selectOption({ label: `${unit} (${unit === SOCIAL_UNIT ? 'Social' : 'Beskæftigelse'})` });
    await form.getByRole('button', { name: 'Inviter' }).click();
    await page.getByRole('status').filter({ hasText: `${person.name} er inviteret som sagsbehandler i ${unit}.` }).waitFor();
    const card = page.locator('[data-testid=admin-staff]', { has: page.getByRole('heading', { name: person.name, exact: true }) });
    await card.getByText('Inviteret', { exact: true }).waitFor();
    await card.getByText('Afventer godkendelse', { exact: true }).waitFor();
    // The second administrator has not signed in yet: nobody can approve it so far, and the card says so.
    await card.getByText(/^Kræver godkendelse af en anden administrator\./).waitFor();
  }
  await screenshot(page, 'new-municipality-staff-invited');

  const units = await query<{ name: string; kind: string }>(`SELECT name, kind FROM unit WHERE municipality_id = $1 ORDER BY name`, [municipalityId]);
  expect(units).toEqual([
    { name: EMPLOYMENT_UNIT, kind: 'EMPLOYMENT' },
    { name: SOCIAL_UNIT, kind: 'SOCIAL' },
  ]);
  const staff = await query(
    `SELECT u.name, u.email, u.role, un.name AS unit, u.subject FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.role <> 'ADMINISTRATOR' ORDER BY u.name`,
  );
  expect(staff).toEqual([
    { name: SOCIAL_WORKER.name, email: SOCIAL_WORKER.email, role: 'CASEWORKER', unit: SOCIAL_UNIT, subject: null },
    { name: COORDINATOR.name, email: COORDINATOR.email, role: 'CASEWORKER', unit: EMPLOYMENT_UNIT, subject: null },
  ]);
  expect(admin.problems).toEqual([]);
});

step('2b. a caseworker signing in before another administrator approved is told the invitation waits; the second administrator approves both, live on the first one’s page', 'approval', ['organisation'], async () => {
  // The coordinator-to-be tries at once: no user, the page says why, and the invitation stays unbound.
  const early = await openPerson(m.browser);
  try {
    const ep = early.page;
    await ep.goto(a.url);
    await ep.getByRole('button', { name: 'Log ind', exact: true }).click();
    await logInAtProvider(ep, COORDINATOR.email);
    await ep.getByRole('heading', { name: 'Din invitation venter på godkendelse', level: 1 }).waitFor();
    await expect(ep.getByRole('navigation', { name: 'Hovedmenu' }).count()).resolves.toBe(0);
    expect(early.problems).toEqual([]);
  } finally {
    await early.context.close();
  }
  expect(await query(`SELECT subject, activated_at FROM app_user WHERE email = $1`, [COORDINATOR.email])).toEqual([{ subject: null, activated_at: null }]);
  // Each of the page's refused requests is in the log, about her invitation.
  expect(await query(`SELECT DISTINCT u.email, a.outcome FROM audit_log a JOIN app_user u ON u.id::text = a.entity_id WHERE a.action = 'SIGN_IN_AWAITING_APPROVAL'`)).toEqual([
    { email: COORDINATOR.email, outcome: 'DENIED' },
  ]);

  // The second administrator signs in on the other instance and approves both invitations.
  secondAdmin = await openPerson(m.browser);
  const sp = secondAdmin.page;
  await signInThroughProvider(sp, SECOND_ADMIN, b.url);
  await sp.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Administration' }).click();
  await adminNav(sp).getByRole('link', { name: 'Medarbejdere' }).click();
  for (const person of [SOCIAL_WORKER, COORDINATOR]) {
    const card = sp.locator('[data-testid=admin-staff]', { has: sp.getByRole('heading', { name: person.name, exact: true }) });
    await card.getByText('Afventer godkendelse', { exact: true }).waitFor();
    await expect(card.locator('dt', { hasText: 'Inviteret af' }).locator('xpath=following-sibling::dd').textContent()).resolves.toBe(ADMIN);
    await card.getByRole('button', { name: `Godkend invitationen af ${person.name}` }).click();
    const confirm = card.getByRole('group', { name: `Bekræft godkendelse af invitationen af ${person.name}` });
    await confirm.getByText(new RegExp(`er ${person.name}s eget arbejdslogin`)).waitFor();
    await confirm.getByRole('button', { name: 'Ja, godkend' }).click();
    await sp.getByRole('status').filter({ hasText: `Invitationen af ${person.name} er godkendt.` }).waitFor();
    await expect(card.getByText('Afventer godkendelse', { exact: true }).count()).resolves.toBe(0);
  }
  await screenshot(sp, 'new-municipality-invitations-approved');
  // The first administrator's page, on instance A, shows both approved without a reload.
  const ap = admin.page;
  for (const person of [SOCIAL_WORKER, COORDINATOR]) {
    const card = ap.locator('[data-testid=admin-staff]', { has: ap.getByRole('heading', { name: person.name, exact: true }) });
    await card.locator('dt', { hasText: 'Godkendt af' }).waitFor({ timeout: 5_000 });
    await expect(card.getByText('Afventer godkendelse', { exact: true }).count()).resolves.toBe(0);
  }
  expect(await query(
    `SELECT u.email, approver.email AS approved_by, inviter.email AS invited_by FROM app_user u
       JOIN app_user approver ON approver.id = u.approved_by JOIN app_user inviter ON inviter.id = u.invited_by
      WHERE u.role = 'CASEWORKER' ORDER BY u.name`,
  )).toEqual([
    { email: SOCIAL_WORKER.email, approved_by: SECOND_ADMIN, invited_by: ADMIN },
    { email: COORDINATOR.email, approved_by: SECOND_ADMIN, invited_by: ADMIN },
  ]);
  expect(admin.problems).toEqual([]);
  expect(secondAdmin.problems).toEqual([]);
});

step('3. the caseworkers sign in; a citizen is registered by CPR number, a programme with both units is created, and the coordinator sees the social caseworker’s changes live', 'plan', ['approval'], async () => {
  coordinator = await openPerson(m.browser);
  social = await openPerson(m.browser);

  // The coordinator-to-be, on instance A.
  const cp = coordinator.page;
  await signInThroughProvider(cp, COORDINATOR.email, a.url);
  await cp.getByRole('heading', { name: 'Mine sager' }).waitFor();
  await cp.getByRole('link', { name: 'Nyt forløb' }).click();
  await cp.getByRole('heading', { name: 'Nyt forløb', level: 1 }).waitFor();

  // The citizen is not registered yet: the search by CPR number finds nobody.
  await cp.getByLabel('Find borger').fill(CITIZEN.shown);
  await cp.getByRole('button', { name: 'Søg' }).click();
  await cp.getByText('Ingen borger fundet. Opret borgeren herunder.').waitFor();
  await cp.getByLabel('CPR-nummer').fill(CITIZEN.shown);
  await cp.getByLabel('Navn', { exact: true }).fill(CITIZEN.name);

  await cp.getByLabel('Forløbstype').selectOption({ label: 'Helhedsorienteret forløb' });
  await cp.getByLabel('Afgørelsesdato').fill(danishDay());
  await cp.getByLabel('Startdato').fill(danishDay());
  await cp.getByLabel('Slutdato', { exact: true }).fill(danishDay(12));
  await cp.getByLabel('Samtykke til fælles plan').fill(danishDay());
  await cp.getByLabel('Beskæftigelses- eller uddannelsesmål').fill('Lager og logistik');
  await cp.getByLabel('Målet angiver').selectOption({ label: 'Branche eller jobfunktion' });
  await cp.getByLabel('Planperiodens slut').fill(danishDay(6));
  const team = cp.getByRole('group', { name: 'Enheder på planen' });
  // Her own unit is on the team already; she adds the social unit.
  await expect(team.getByLabel(EMPLOYMENT_UNIT).isChecked()).resolves.toBe(true);
  await team.getByLabel(SOCIAL_UNIT).check();
  await cp.getByRole('button', { name: 'Opret forløb' }).click();

  await cp.waitForURL(/\/plan\/[^/]+$/);
  planId = decodeURIComponent(new URL(cp.url()).pathname.split('/')[2]!);
  await cp.getByRole('heading', { name: CITIZEN.name, level: 1 }).waitFor();
  await cp.getByText('Du er koordinerende sagsbehandler').waitFor();
  await expect(cp.getByTestId('citizen-cpr').textContent()).resolves.toContain(CITIZEN.shown);
  const coordinatorSection = cp.getByTestId('coordinator-section');
  await coordinatorSection.getByText(COORDINATOR.name).waitFor();
  const teamSection = cp.getByTestId('team-section');
  await teamSection.getByRole('listitem').filter({ hasText: SOCIAL_UNIT }).waitFor();
  await expect(teamSection.getByRole('listitem').allTextContents()).resolves.toEqual([expect.stringContaining(EMPLOYMENT_UNIT), expect.stringContaining(SOCIAL_UNIT)]);
  await planIsLive(cp);

  // What the database holds: the citizen once, by CPR number; the coordinator from the assignment; the team as unit ids.
  const citizens = await query(`SELECT name, cpr FROM citizen WHERE municipality_id = $1`, [municipalityId]);
  expect(citizens).toEqual([{ name: CITIZEN.name, cpr: CITIZEN.cpr }]);
  // The CPR lookup and the registration are in the audit log, by the coordinator.
  expect(await query(
    `SELECT l.action, l.outcome FROM audit_log l JOIN app_user u ON u.id = l.actor_id
      WHERE u.email = $1 AND l.action IN ('SEARCH_CITIZEN_CPR', 'REGISTER_CITIZEN') ORDER BY l.id`,
    [COORDINATOR.email],
  )).toEqual([
    { action: 'SEARCH_CITIZEN_CPR', outcome: 'ALLOWED' },
    { action: 'REGISTER_CITIZEN', outcome: 'ALLOWED' },
  ]);
  expect(await query(
    `SELECT u.email FROM coordinator_assignment ca JOIN plan p ON p.programme_id = ca.programme_id JOIN app_user u ON u.id = ca.user_id WHERE p.id = $1 AND ca.to_at IS NULL`,
    [planId],
  )).toEqual([{ email: COORDINATOR.email }]);
  expect(await query(`SELECT un.name FROM plan_team_unit t JOIN unit un ON un.id = t.unit_id WHERE t.plan_id = $1 ORDER BY un.name`, [planId])).toEqual([
    { name: EMPLOYMENT_UNIT },
    { name: SOCIAL_UNIT },
  ]);
  // Both caseworkers' invitations are bound only when they sign in: the social caseworker has not yet.
  expect(await query(`SELECT subject IS NOT NULL AS bound FROM app_user WHERE email = $1`, [SOCIAL_WORKER.email])).toEqual([{ bound: false }]);
  await cp.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // The social caseworker, on instance B: the plan is in "Mine sager" because the unit is on its team.
  const sp = social.page;
  await signInThroughProvider(sp, SOCIAL_WORKER.email, b.url);
  await sp.getByRole('heading', { name: 'Mine sager' }).waitFor();
  expect(await query(`SELECT subject IS NOT NULL AS bound, activated_at IS NOT NULL AS active FROM app_user WHERE email = $1`, [SOCIAL_WORKER.email])).toEqual([
    { bound: true, active: true },
  ]);
  const row = sp.locator('[data-testid=case]', { has: sp.getByRole('link', { name: CITIZEN.name }) });
  await expect(row.locator('dt', { hasText: 'Koordinator' }).locator('xpath=following-sibling::dd').textContent()).resolves.toBe(COORDINATOR.name);
  await row.getByRole('link', { name: CITIZEN.name }).click();
  await sp.getByRole('heading', { name: CITIZEN.name, level: 1 }).waitFor();
  await sp.getByText('Din enhed er på planen').waitFor();
  await planIsLive(sp);

  // A new intervention of the social unit…
  // Only the caseworker's own unit offers "Ny indsats".
  await sp.getByRole('button', { name: 'Ny indsats' }).click();
  const form = sp.getByRole('form', { name: `Ny indsats fra ${SOCIAL_UNIT}` });
  await form.getByLabel('Indsatstype').selectOption({ label: 'Bostøtte' });
  await expect(form.getByLabel('Titel').inputValue()).resolves.toBe('Bostøtte');
  await form.getByLabel('Leverandør').fill('Bostøtteteamet Faaborg');
  await form.getByRole('button', { name: 'Opret indsats' }).click();
  await sp.getByText('Indsatsen »Bostøtte« er oprettet.').waitFor();

  // …appears on the coordinator's open page on the other instance, without a reload.
  await cp.locator('.feed-item', { hasText: `${SOCIAL_WORKER.name} (${SOCIAL_UNIT}) tilføjede indsatsen Bostøtte` }).waitFor({ timeout: 5_000 });
  await bostoette(cp).waitFor({ timeout: 5_000 });
  // No consent or legal basis is registered for this citizen: the coordinator (another unit) sees that it exists, not its details.
  await bostoette(cp).getByTestId('details-withheld').getByText('Detaljer vises kun med borgerens samtykke eller hjemmel').waitFor({ timeout: 5_000 });
  await expect(bostoette(cp).getByText('Bostøtteteamet Faaborg').count()).resolves.toBe(0);
  await expect(bostoette(cp).getByTestId('intervention-status').textContent()).resolves.toBe('Planlagt');

  // The social caseworker changes its status; the coordinator sees that live as well.
  const card = bostoette(sp);
  // On paper the plan is the citizen's, not the reader's: "Din enhed" is not printed.
  const yourUnit = sp.locator('.unit-group h3 .tag', { hasText: 'Din enhed' });
  await yourUnit.waitFor();
  await sp.emulateMedia({ media: 'print' });
  await expect(yourUnit.isVisible()).resolves.toBe(false);
  await expect(sp.getByText('Din enhed er på planen').isVisible()).resolves.toBe(false);
  // Nor who may change what: that is the reader's to know, not the citizen's.
  await expect(cp.getByText(`Kun ${SOCIAL_UNIT} kan ændre disse indsatser.`).isVisible()).resolves.toBe(true);
  await cp.emulateMedia({ media: 'print' });
  await expect(cp.getByText(`Kun ${SOCIAL_UNIT} kan ændre disse indsatser.`).isVisible()).resolves.toBe(false);
  await cp.emulateMedia({ media: 'screen' });
  await expect(card.getByRole('heading', { name: /Bostøtte/ }).isVisible()).resolves.toBe(true);
  await sp.emulateMedia({ media: 'screen' });
  await card.getByRole('button', { name: 'Redigér Bostøtte' }).click();
  await card.getByLabel('Status').selectOption({ label: 'Aktiv' });
  await card.getByRole('button', { name: 'Gem' }).click();
  await card.getByTestId('intervention-status').filter({ hasText: 'Aktiv' }).waitFor();
  await bostoette(cp).getByTestId('intervention-status').filter({ hasText: 'Aktiv' }).waitFor({ timeout: 5_000 });
  await cp.locator('.feed-item', { hasText: `${SOCIAL_WORKER.name} (${SOCIAL_UNIT}) ændrede Bostøtte: Status Planlagt → Aktiv` }).waitFor({ timeout: 5_000 });
  await expect(bostoette(cp).getByTestId('changed-flag').textContent()).resolves.toContain(`Ændret af ${SOCIAL_WORKER.name} (${SOCIAL_UNIT}) · `);
  await bostoette(cp).locator('.updated-by').getByText(`af ${SOCIAL_WORKER.name}`).waitFor();
  await expect(cp.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
  await screenshot(cp, 'new-municipality-coordinator-sees-bostoette');

  expect(await query(`SELECT title, status, unit_kind FROM intervention WHERE plan_id = $1`, [planId])).toEqual([
    { title: 'Bostøtte', status: 'ACTIVE', unit_kind: 'SOCIAL' },
  ]);
  expect(coordinator.problems).toEqual([]);
  expect(social.problems).toEqual([]);
});

step('4. deactivated while the plan is open on both instances: the social caseworker’s sockets close at once, the screens say so, and the next save is refused with nothing written', 'deactivation', ['plan'], async () => {
  const sp = social.page; // instance B, the plan open
  const cp = coordinator.page; // instance A, the plan open
  // The social caseworker opens the plan on instance A as well, in another tab.
  const spA = await social.newTab();
  await signInInAnotherTab(spA, SOCIAL_WORKER.email, a.url);
  await spA.getByRole('link', { name: CITIZEN.name }).click();
  await bostoette(spA).waitFor();
  await planIsLive(spA);
  await planIsLive(sp);
  await planIsLive(cp);

  const tabs = [
    { instance: 'B', page: sp, url: b.url },
    { instance: 'A', page: spA, url: a.url },
  ];
  // Their sessions, for the save they try afterwards (the page forgets them when signed out).
  const { issuer, clientId } = m.provider.settings;
  const tokens = await Promise.all(tabs.map(async (t) => (await sessionTokens(t.page, issuer, clientId))!.access_token));
  for (const t of tabs) expect((await openSockets(t.page)).map((s) => new URL(s.url).host)).toEqual([new URL(t.url).host]);
  const coordinatorSockets = await openSockets(cp);
  expect(coordinatorSockets).toHaveLength(1);
  // Which of each tab's sockets are open now (their place in the tab's record).
  const openBefore = await Promise.all(tabs.map(async (t) => (await socketsOf(t.page)).flatMap((s, i) => (s.openedAt !== null && s.closedAt === null ? [i] : []))));

  const [iv] = await query<{ id: string; version: number; status: string; short_term_goal: string; updated_at: Date }>(
    `SELECT id, version, status, short_term_goal, updated_at FROM intervention WHERE plan_id = $1`,
    [planId],
  );
  const [{ events: eventsBefore }] = await query<{ events: number }>(`SELECT count(*)::int AS events FROM plan_event WHERE plan_id = $1`, [planId]);

  // The administrator deactivates the social caseworker on the staff screen.
  const ap = admin.page;
  // The administrator comes back to the staff list (it is read afresh when opened).
  await adminNav(ap).getByRole('link', { name: 'Enheder' }).click();
  await ap.getByRole('heading', { name: 'Enheder', level: 2 }).waitFor();
  await adminNav(ap).getByRole('link', { name: 'Medarbejdere' }).click();
  const card = ap.locator('[data-testid=admin-staff]', { has: ap.getByRole('heading', { name: SOCIAL_WORKER.name, exact: true }) });
  await card.getByText('Aktiv', { exact: true }).waitFor();
  await card.getByRole('button', { name: `Deaktiver ${SOCIAL_WORKER.name}` }).click();
  const confirm = card.getByRole('group', { name: `Bekræft deaktivering af ${SOCIAL_WORKER.name}` });
  await confirm.getByText(`Deaktiver ${SOCIAL_WORKER.name}?`).waitFor();
  const sent = Date.now();
  await confirm.getByRole('button', { name: 'Ja, deaktiver' }).click();
  await ap.getByRole('status').filter({ hasText: `${SOCIAL_WORKER.name} er deaktiveret og logget ud.` }).waitFor();
  await card.getByText('Deaktiveret', { exact: true }).waitFor();

  // Each of the caseworker's tabs: its socket closed with 4403, pushed at once, and the screen says why.
  const closes: Array<{ instance: string; code: number | null; ms: number }> = [];
  for (const [i, t] of tabs.entries()) {
    await t.page.waitForFunction(
      (which) => {
        const log = (window as unknown as { __sockets: Array<{ closedAt: number | null }> }).__sockets;
        return which.every((n) => log[n]!.closedAt !== null);
      },
      openBefore[i]!,
      { timeout: 10_000, polling: 20 },
    );
    const log = await socketsOf(t.page);
    const closed = openBefore[i]!.map((n) => log[n]!) as Array<SocketRecord & { closedAt: number }>;
    closes.push(...closed.map((s) => ({ instance: t.instance, code: s.code, ms: s.closedAt - sent })));
  }
  process.stdout.write(`deactivateStaff → the caseworker's sockets closed: ${closes.map((c) => `instance ${c.instance} ${c.code} after ${c.ms} ms`).join(', ')}\n`);
  expect(closes.map((c) => c.code)).toEqual([4403, 4403]);
  for (const c of closes) expect(c.ms).toBeLessThanOrEqual(SOCKETS_CLOSED_WITHIN_MS);
  for (const t of tabs) {
    await t.page.getByRole('heading', { name: 'Log ind', level: 1 }).waitFor();
    await t.page.getByText(DEACTIVATED_NOTICE).waitFor();
    await expect(t.page.getByRole('navigation', { name: 'Hovedmenu' }).count()).resolves.toBe(0);
  }
  await screenshot(sp, 'new-municipality-caseworker-deactivated');

  // The save they try next, with the token they had, on each instance: refused, nothing written.
  for (const [i, t] of tabs.entries()) {
    const res = await t.page.evaluate(
      async ({ token, input }) => {
        const r = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            operationName: 'UpdateSocialIntervention',
            query: 'mutation UpdateSocialIntervention($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id version } }',
            variables: { input },
          }),
        });
        return (await r.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      },
      { token: tokens[i]!, input: { id: iv!.id, expectedVersion: iv!.version, status: 'PAUSED', shortTermGoal: 'Skrevet efter deaktivering' } },
    );
    expect({ instance: t.instance, code: res.errors?.[0]?.extensions?.code, data: res.data ?? null }).toEqual({ instance: t.instance, code: 'NOT_A_USER', data: null });
  }
  expect(await query(`SELECT id, version, status, short_term_goal, updated_at FROM intervention WHERE plan_id = $1`, [planId])).toEqual([iv]);
  expect(await query(`SELECT count(*)::int AS events FROM plan_event WHERE plan_id = $1`, [planId])).toEqual([{ events: eventsBefore }]);
  expect(await query(`SELECT deactivated_at IS NOT NULL AS deactivated FROM app_user WHERE email = $1`, [SOCIAL_WORKER.email])).toEqual([{ deactivated: true }]);

  // Signing in again does not bring them back, and they are told their user is deactivated.
  await sp.getByRole('button', { name: 'Log ind', exact: true }).click();
  const asked = sp.getByRole('heading', { name: 'Log ind (udviklingsudbyder)' });
  const refused = sp.getByRole('heading', { name: 'Din bruger er deaktiveret i Samplan — kontakt din administrator.' });
  await refused.or(asked).first().waitFor();
  if (await asked.isVisible()) await logInAtProvider(sp, SOCIAL_WORKER.email);
  await refused.waitFor();

  // The coordinator was not touched: her socket is the one she had, and the plan is still live for her.
  expect(await openSockets(cp)).toEqual(coordinatorSockets);
  await planIsLive(cp);
  await bostoette(cp).waitFor();

  // And the administration log says who did it.
  await adminNav(ap).getByRole('link', { name: 'Administrationslog' }).click();
  const entry = ap.locator('[data-testid=admin-log-entry]', { hasText: `Deaktiverede ${SOCIAL_WORKER.name} (sagsbehandler i ${SOCIAL_UNIT})` });
  await entry.waitFor();
  await expect(entry.locator('.feed-meta').textContent()).resolves.toContain(ADMIN);
  await ap.locator('[data-testid=admin-log-entry]', { hasText: `Oprettede kommunen »${MUNICIPALITY}«` }).waitFor();
  expect(admin.problems).toEqual([]);
  expect(coordinator.problems).toEqual([]);
});
