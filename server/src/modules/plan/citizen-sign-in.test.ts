import { codeOf, count, planIdOf, untilWaitingForLock, withinASecond } from '../../test-support/fixtures';
import { mitIdToken } from '../../test-support/mitid-token';
import { recordPgMessages } from '../../test-support/pg-messages';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../test-support/test-server';
import { WsClient } from '../../test-support/ws-client';
import { WRONGLY_BOUND_NAME } from './citizen-sign-in';

/**
 * A citizen's login is bound at their first MitID sign-in by the CPR number alone. A number
 * typed wrong at registration binds the real holder of that number to another person's plan:
 * the coordinator corrects the number ("Ret CPR-nummer"), or closes the access ("Luk borgerens
 * adgang"), and the stranger loses the plan at once.
 */
jest.setTimeout(60_000);
const messages = recordPgMessages();
let t: TestServer;
const tokens: Record<string, string> = {};
const sockets: WsClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
  for (const u of ['anna', 'bent', 'carla', 'otto', 'lene', 'per']) tokens[u] = await t.login(u);
}, 60_000);
afterAll(async () => {
  for (const s of sockets) await s.close();
  await t.stop();
});

/** The number typed at registration (a stranger's), and Lise Holm's own. */
const TYPED = '030378-1235';
const HERS = '030387-1236';
const REASON = 'Tastefejl ved registreringen: Lise viste sit sundhedskort, og nummeret er rettet efter det.';

const CITIZEN = `query($id: ID!) { plan(id: $id) { citizen { id cpr birthDate version signIn { firstSignInAt closedAt closedByName } } } }`;
type SignIn = { firstSignInAt: string | null; closedAt: string | null; closedByName: string | null };
type PlanCitizen = { id: string; cpr: string; birthDate: string; version: number; signIn: SignIn | null };
const CORRECT = `mutation($input: CorrectCitizenCprInput!) { correctCitizenCpr(input: $input) { id cpr birthDate version signIn { firstSignInAt } } }`;
const CLOSE = `mutation($input: CitizenAccessInput!) { closeCitizenAccess(input: $input) { id version signIn { firstSignInAt closedAt closedByName } } }`;
const REOPEN = `mutation($input: CitizenAccessInput!) { reopenCitizenAccess(input: $input) { id version signIn { firstSignInAt closedAt } } }`;
const MY_PLAN = `{ myPlan { id } }`;

const citizenOn = async (planId: string, who = 'anna'): Promise<PlanCitizen> => {
  const res = await t.gql<{ plan: { citizen: PlanCitizen } }>(CITIZEN, { id: planId }, tokens[who]);
  expect(res.errors).toBeUndefined();
  return res.data!.plan.citizen;
};
const myPlan = (token: string) => t.gql<{ myPlan: { id: string } | null }>(MY_PLAN, {}, token);
const refused = (res: GraphQLResponse<unknown>) => codeOf(res) === 'NOT_A_USER';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const digits = (cpr: string) => cpr.replace('-', '');
const openLoginsOf = (citizenId: string) => count(t, `SELECT 1 FROM app_user WHERE citizen_id = $1 AND unbound_at IS NULL AND subject IS NOT NULL`, [citizenId]);

/** A citizen registered by Anna with the number typed, and their running forløb (Anna coordinates). */
async function registeredAs(name: string, cpr: string): Promise<{ citizenId: string; planId: string }> {
  const reg = await t.gql<{ registerCitizen: { id: string } }>(`mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id } }`, { input: { cpr, name } }, tokens.anna);
  expect(reg.errors).toBeUndefined();
  const citizenId = reg.data!.registerCitizen.id;
  const created = await t.gql(`mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`, {
    input: { citizenId, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(0), endDate: day(365), employmentGoal: 'Afklaring', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] },
  }, tokens.anna);
  expect(created.errors).toBeUndefined();
  return { citizenId, planId: await planIdOf(t, name) };
}

/** Lise Holm, registered by Anna with the number mistyped, and her running forløb (Anna coordinates). */
const liseRegisteredWrong = () => registeredAs('Lise Holm', TYPED);

describe('Ret CPR-nummer', () => {
  it('a stranger bound by the mistyped number loses the plan at once; the citizen then signs in with her own number', async () => {
    const { citizenId, planId } = await liseRegisteredWrong();
    // The holder of the typed number signs in with MitID: bound to Lise's plan, which is not theirs.
    const stranger = await mitIdToken(t.config.auth, 'mitid:stranger-4e1c', { cpr: digits(TYPED) });
    expect((await myPlan(stranger)).data?.myPlan?.id).toBe(planId);
    const socket = await WsClient.connect(t.url, stranger);
    sockets.push(socket);
    expect(socket.closeCode).toBeNull();

    // Staff see that a login is bound, and since when.
    const before = await citizenOn(planId);
    expect(before.signIn).toEqual({ firstSignInAt: expect.any(String), closedAt: null, closedByName: null });

    const res = await t.gql<{ correctCitizenCpr: PlanCitizen }>(CORRECT, { input: { planId, expectedVersion: before.version, cpr: HERS, reason: REASON } }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect(res.data!.correctCitizenCpr).toEqual({ id: citizenId, cpr: HERS, birthDate: '1987-03-03', version: before.version + 1, signIn: { firstSignInAt: null } });

    // The stranger's open page is closed, and their next request is as someone Samplan does not know.
    expect(await socket.closed).toBe(4403);
    const next = await withinASecond(() => myPlan(stranger), refused);
    expect(next.errors?.[0].extensions).toMatchObject({ code: 'NOT_A_USER', reason: 'CITIZEN' });
    expect(codeOf(await myPlan(await mitIdToken(t.config.auth, 'mitid:stranger-4e1c', { cpr: digits(TYPED) })))).toBe('NOT_A_USER');

    // In Lise's access log, in the same transaction: the correction with its reason, and the login closed. Never a CPR number.
    const rows: Array<{ action: string; detail: string | null }> = await t.db.dataSource.query(
      `SELECT action, detail FROM audit_log WHERE citizen_id = $1 AND action IN ('CORRECT_CITIZEN_CPR', 'UNBIND_CITIZEN_LOGIN') AND outcome = 'ALLOWED' ORDER BY action`, [citizenId]);
    expect(rows.map((r) => r.action)).toEqual(['CORRECT_CITIZEN_CPR', 'UNBIND_CITIZEN_LOGIN']);
    expect(rows[0].detail).toBe(`Begrundelse: ${REASON}`);
    expect(rows[1].detail).toMatch(/^Borgerens login, bundet ved første log ind \d+\. \p{L}+ \d{4}, er lukket/u);
    const logged = JSON.stringify(await t.db.dataSource.query(`SELECT detail FROM audit_log WHERE citizen_id = $1`, [citizenId]));
    for (const n of [TYPED, HERS, digits(TYPED), digits(HERS)]) expect(logged).not.toContain(n);
    // The stranger's reads of her plan are no longer shown under her name.
    const log = await t.gql<{ accessLog: Array<{ actorName: string; action: string }> }>(`query($id: ID!) { accessLog(citizenId: $id) { actorName action } }`, { id: citizenId }, tokens.anna);
    expect(log.data!.accessLog).toContainEqual({ actorName: WRONGLY_BOUND_NAME, action: 'READ_PLAN' });
    expect(log.data!.accessLog.filter((e) => e.actorName === 'Lise Holm')).toEqual([]);

    // In the plan's history, without the number.
    const [event] = await t.db.dataSource.query(`SELECT kind, summary, payload FROM plan_event WHERE plan_id = $1 ORDER BY seq DESC LIMIT 1`, [planId]);
    expect(event).toMatchObject({ kind: 'CITIZEN_CPR_CORRECTED', summary: 'Anna Holm (Jobcenter) rettede Lise Holms CPR-nummer' });
    for (const n of [TYPED, HERS, digits(TYPED), digits(HERS)]) expect(JSON.stringify(event.payload)).not.toContain(n);

    // Lise signs in with her own number: bound anew, to her own plan, and staff see it.
    const lise = await mitIdToken(t.config.auth, 'mitid:lise-77d0', { cpr: digits(HERS) });
    expect((await myPlan(lise)).data?.myPlan?.id).toBe(planId);
    expect((await citizenOn(planId)).signIn?.firstSignInAt).not.toBeNull();
  });

  it('refuses a number that is no CPR number, her own number, another citizen’s, and a missing reason, at the field, with nothing changed', async () => {
    const planId = await planIdOf(t, 'Lise Holm');
    const { version } = await citizenOn(planId);
    const correct = (cpr: string, reason = REASON) => t.gql(CORRECT, { input: { planId, expectedVersion: version, cpr, reason } }, tokens.anna);
    const problem = async (cpr: string, reason?: string) => (await correct(cpr, reason)).errors?.[0];
    expect(await problem('03038-1236')).toMatchObject({ message: expect.stringContaining('Skriv CPR-nummeret med 10 cifre, fx 010190-1234.'), extensions: { code: 'BAD_USER_INPUT', field: 'cpr' } });
    expect(await problem('310487-1236')).toMatchObject({ message: expect.stringContaining('CPR-nummeret begynder ikke med en gyldig fødselsdato (DDMMÅÅ).'), extensions: { field: 'cpr' } });
    expect(await problem(HERS)).toMatchObject({ message: `Borgeren har allerede CPR-nummeret ${HERS}.`, extensions: { field: 'cpr' } });
    expect(await problem('030387-1237', '  ')).toMatchObject({ message: 'Skriv begrundelsen.', extensions: { code: 'BAD_USER_INPUT', field: 'reason' } });

    // Per Hansen's number: another citizen of the municipality has it. Anna works Per's case, so she is told who.
    const [per] = await t.db.dataSource.query(`SELECT id, cpr FROM citizen WHERE name = 'Per Hansen'`);
    const dup = await problem(per.cpr);
    expect(dup).toMatchObject({ message: 'En anden borger i kommunen har allerede dette CPR-nummer. Tjek nummeret, eller kontakt den, der arbejder med den anden borger.', extensions: { code: 'DUPLICATE_CITIZEN', field: 'cpr', citizenId: per.id } });
    // The refusal told Anna the number is Per's: a lookup in Per's access log.
    expect(await count(t, `SELECT 1 FROM audit_log WHERE action = 'CORRECT_CITIZEN_CPR' AND citizen_id = $1 AND outcome = 'DENIED'`, [per.id])).toBe(1);

    expect(await citizenOn(planId)).toMatchObject({ cpr: HERS, version });
  });

  it('is the coordinator’s alone: the team is refused, anyone not on the plan finds no plan, and the refusals are logged', async () => {
    const perPlan = await planIdOf(t, 'Per');
    const { version, cpr } = await citizenOn(perPlan);
    const refusals = () => count(t, `SELECT 1 FROM audit_log WHERE action IN ('CORRECT_CITIZEN_CPR', 'CLOSE_CITIZEN_ACCESS') AND outcome = 'DENIED' AND citizen_id = (SELECT citizen_id FROM plan WHERE id = $1)`, [perPlan]);
    const refusedBefore = await refusals();
    const input = { planId: perPlan, expectedVersion: version, cpr: '010203-4123', reason: REASON };
    // Bent's unit is on Per's team: he reads the plan, but may not correct the number.
    expect((await t.gql(CORRECT, { input }, tokens.bent)).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: 'Kun den koordinerende sagsbehandler kan rette borgerens CPR-nummer eller lukke borgerens adgang.' });
    for (const who of ['carla', 'otto']) expect(codeOf(await t.gql(CORRECT, { input }, tokens[who]))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CLOSE, { input: { planId: perPlan, expectedVersion: version, reason: REASON } }, tokens.carla))).toBe('NOT_FOUND');
    // A leader and a citizen are refused by role, before any plan is looked up.
    for (const who of ['lene', 'per']) expect(codeOf(await t.gql(CORRECT, { input }, tokens[who]))).toBe('FORBIDDEN');
    // Bent's, Carla's two and Otto's, each in Per's access log for his coordinator to see.
    expect(await refusals()).toBe(refusedBefore + 4);
    expect(await citizenOn(perPlan)).toMatchObject({ cpr, version });
  });
});

describe('Luk borgerens adgang', () => {
  it('closes the bound login at once and binds none until the coordinator opens the access again', async () => {
    const planId = await planIdOf(t, 'Per');
    const [{ cpr }] = await t.db.dataSource.query(`SELECT cpr FROM citizen WHERE name = 'Per Hansen'`);
    expect((await myPlan(tokens.per)).data?.myPlan?.id).toBe(planId);
    const { version, signIn } = await citizenOn(planId);
    expect(signIn).toMatchObject({ firstSignInAt: expect.any(String), closedAt: null });
    // The team reads the state too; it is no one else's to see.
    expect((await citizenOn(planId, 'bent')).signIn?.firstSignInAt).toBe(signIn!.firstSignInAt);
    expect(codeOf(await t.gql(CLOSE, { input: { planId, expectedVersion: version, reason: REASON } }, tokens.bent))).toBe('FORBIDDEN');

    const closed = await t.gql<{ closeCitizenAccess: { version: number; signIn: SignIn } }>(CLOSE, { input: { planId, expectedVersion: version, reason: 'Per fortæller, at en anden har brugt hans MitID.' } }, tokens.anna);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeCitizenAccess).toMatchObject({ version: version + 1, signIn: { firstSignInAt: null, closedAt: expect.any(String), closedByName: 'Anna Holm' } });
    expect(codeOf(await withinASecond(() => myPlan(tokens.per), refused))).toBe('NOT_A_USER');
    // MitID with Per's number binds nothing while it is closed, under any login.
    const mitId = (subject: string) => mitIdToken(t.config.auth, subject, { cpr });
    expect((await myPlan(await mitId('mitid:per-1a2b'))).errors?.[0].extensions).toMatchObject({ code: 'NOT_A_USER', reason: 'CITIZEN' });
    expect(await count(t, `SELECT 1 FROM app_user WHERE subject = 'mitid:per-1a2b'`)).toBe(0);
    // Closing again says it is closed, with nothing written.
    expect((await t.gql(CLOSE, { input: { planId, expectedVersion: version + 1, reason: REASON } }, tokens.anna)).errors?.[0].message).toBe('Borgerens adgang er allerede lukket.');

    const reopened = await t.gql<{ reopenCitizenAccess: { version: number; signIn: SignIn } }>(REOPEN, { input: { planId, expectedVersion: version + 1, reason: 'Per har fået ny MitID og er selv mødt op.' } }, tokens.anna);
    expect(reopened.errors).toBeUndefined();
    expect(reopened.data!.reopenCitizenAccess).toMatchObject({ version: version + 2, signIn: { firstSignInAt: null, closedAt: null } });
    expect((await myPlan(await mitId('mitid:per-1a2b'))).data?.myPlan?.id).toBe(planId);
    // The old login stays closed: its account let go of it for good.
    expect(codeOf(await myPlan(tokens.per))).toBe('NOT_A_USER');

    const actions: Array<{ action: string; detail: string }> = await t.db.dataSource.query(
      `SELECT action, detail FROM audit_log WHERE citizen_id = (SELECT citizen_id FROM plan WHERE id = $1) AND outcome = 'ALLOWED'
          AND action IN ('CLOSE_CITIZEN_ACCESS', 'UNBIND_CITIZEN_LOGIN', 'REOPEN_CITIZEN_ACCESS', 'CITIZEN_FIRST_SIGN_IN') ORDER BY id`, [planId]);
    // The login closed with the access (in its transaction), then the access opened again, and the next sign-in.
    expect(actions.map((a) => a.action)).toEqual(['UNBIND_CITIZEN_LOGIN', 'CLOSE_CITIZEN_ACCESS', 'REOPEN_CITIZEN_ACCESS', 'CITIZEN_FIRST_SIGN_IN']);
    expect(actions[1].detail).toBe('Begrundelse: Per fortæller, at en anden har brugt hans MitID.');
    const kinds: Array<{ kind: string }> = await t.db.dataSource.query(`SELECT kind FROM plan_event WHERE plan_id = $1 AND kind LIKE 'CITIZEN_ACCESS_%' ORDER BY seq`, [planId]);
    expect(kinds.map((k) => k.kind)).toEqual(['CITIZEN_ACCESS_CLOSED', 'CITIZEN_ACCESS_REOPENED']);
  });
});

describe('a first sign-in while the coordinator changes the citizen', () => {
  /**
   * The coordinator's change, held inside its transaction at its event (another session locks
   * the plan's history): the citizen written and the logins unbound, not yet committed. A MitID
   * sign-in is made meanwhile, and waits for the change; then the change commits.
   */
  async function signInDuring(change: () => Promise<GraphQLResponse<unknown>>, token: string) {
    const runner = t.db.dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`LOCK TABLE plan_event IN SHARE MODE`);
    let changing: Promise<GraphQLResponse<unknown>> | undefined;
    let signingIn: Promise<GraphQLResponse<{ myPlan: { id: string } | null }>> | undefined;
    try {
      changing = change();
      expect(await untilWaitingForLock(t, changing)).toBe(true);
      signingIn = myPlan(token);
      expect(await untilWaitingForLock(t, signingIn, 2)).toBe(true);
    } finally {
      await runner.commitTransaction();
      await runner.release();
    }
    return { changed: await changing, signedIn: await signingIn };
  }

  it('a sign-in with the old number during a CPR correction binds nobody once the correction is made', async () => {
    const { citizenId, planId } = await registeredAs('Mona Berg', '040481-1233');
    const { version } = await citizenOn(planId);
    const stranger = await mitIdToken(t.config.auth, 'mitid:stranger-mona', { cpr: '0404811233' });
    const { changed, signedIn } = await signInDuring(() => t.gql(CORRECT, { input: { planId, expectedVersion: version, cpr: '040418-1233', reason: REASON } }, tokens.anna), stranger);
    expect(changed.errors).toBeUndefined();
    expect(signedIn.data?.myPlan?.id).toBeUndefined();
    expect(await openLoginsOf(citizenId)).toBe(0);
    expect(codeOf(await myPlan(stranger))).toBe('NOT_A_USER');
  });

  it('a sign-in during "Luk borgerens adgang" binds nobody once the access is closed', async () => {
    const { citizenId, planId } = await registeredAs('Nanna Bech', '050582-1234');
    const { version } = await citizenOn(planId);
    const someone = await mitIdToken(t.config.auth, 'mitid:someone-nanna', { cpr: '0505821234' });
    const reason = 'Nanna fortæller, at en anden har brugt hendes MitID.';
    const { changed, signedIn } = await signInDuring(() => t.gql(CLOSE, { input: { planId, expectedVersion: version, reason } }, tokens.anna), someone);
    expect(changed.errors).toBeUndefined();
    expect(signedIn.data?.myPlan?.id).toBeUndefined();
    expect(await openLoginsOf(citizenId)).toBe(0);
    expect((await citizenOn(planId)).signIn).toMatchObject({ firstSignInAt: null, closedAt: expect.any(String) });
  });
});

describe('Luk borgerens adgang, then Ret CPR-nummer', () => {
  it('the stranger’s reads are no longer shown under the citizen’s name, though the login was closed before the correction', async () => {
    const { citizenId, planId } = await registeredAs('Olga Dam', '060683-1234');
    const stranger = await mitIdToken(t.config.auth, 'mitid:stranger-olga', { cpr: '0606831234' });
    expect((await myPlan(stranger)).data?.myPlan?.id).toBe(planId);
    expect((await t.gql(CLOSE, { input: { planId, expectedVersion: (await citizenOn(planId)).version, reason: 'Olga siger, hun aldrig har logget ind.' } }, tokens.anna)).errors).toBeUndefined();
    expect((await t.gql(CORRECT, { input: { planId, expectedVersion: (await citizenOn(planId)).version, cpr: '060683-1285', reason: REASON } }, tokens.anna)).errors).toBeUndefined();

    const log = await t.gql<{ accessLog: Array<{ actorName: string; action: string }> }>(`query($id: ID!) { accessLog(citizenId: $id) { actorName action } }`, { id: citizenId }, tokens.anna);
    expect(log.data!.accessLog).toContainEqual({ actorName: WRONGLY_BOUND_NAME, action: 'READ_PLAN' });
    expect(log.data!.accessLog.filter((e) => e.actorName === 'Olga Dam')).toEqual([]);
  });
});

describe('the sign-in state on a page', () => {
  it('two citizens in one request are read in one statement', async () => {
    const { planId: pia } = await registeredAs('Pia Lund', '070784-1234');
    const { planId: rie } = await registeredAs('Rie Lund', '080885-1234');
    // Pia has signed in; Rie has not.
    expect((await myPlan(await mitIdToken(t.config.auth, 'mitid:pia-lund', { cpr: '0707841234' }))).data?.myPlan?.id).toBe(pia);
    messages.length = 0;
    const res = await t.gql<{ a: { citizen: PlanCitizen }; b: { citizen: PlanCitizen } }>(
      `query($a: ID!, $b: ID!) { a: plan(id: $a) { citizen { signIn { firstSignInAt closedAt } } } b: plan(id: $b) { citizen { signIn { firstSignInAt closedAt } } } }`,
      { a: pia, b: rie }, tokens.anna);
    expect(res.errors).toBeUndefined();
    expect([res.data!.a.citizen.signIn, res.data!.b.citizen.signIn]).toEqual([
      { firstSignInAt: expect.any(String), closedAt: null },
      { firstSignInAt: null, closedAt: null },
    ]);
    // The statement that reads the logins and the closing (the citizens themselves come with their plans).
    expect(messages.flat().filter((sql) => sql.includes('AS "closedAt"'))).toHaveLength(1);
    // It travels with the check of who may see it (the citizens' plans), not in a round trip after it.
    const withState = messages.filter((m) => m.some((sql) => sql.includes('AS "closedAt"')));
    expect(withState).toHaveLength(1);
    expect(withState[0].some((sql) => sql.includes('FROM plan WHERE citizen_id = ANY'))).toBe(true);
  });
});

describe('after the forløb has ended', () => {
  it('the coordinator of the citizen’s latest forløb still closes the access and corrects the number; an older ended forløb changes nothing', async () => {
    const { citizenId, planId } = await registeredAs('Sara Kold', '090986-1234');
    const stranger = await mitIdToken(t.config.auth, 'mitid:stranger-sara', { cpr: '0909861234' });
    expect((await myPlan(stranger)).data?.myPlan?.id).toBe(planId);
    // Her forløb ends (to education).
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EDUCATION', end_date = $2 WHERE citizen_id = $1`, [citizenId, day(0)]);
    // The login still reads the ended forløb as the citizen's own.
    expect(await openLoginsOf(citizenId)).toBe(1);

    const closed = await t.gql<{ closeCitizenAccess: { signIn: SignIn } }>(CLOSE, { input: { planId, expectedVersion: (await citizenOn(planId)).version, reason: 'Sara siger, hun aldrig har logget ind.' } }, tokens.anna);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeCitizenAccess.signIn).toMatchObject({ firstSignInAt: null, closedAt: expect.any(String), closedByName: 'Anna Holm' });
    expect(codeOf(await withinASecond(() => myPlan(stranger), refused))).toBe('NOT_A_USER');
    const corrected = await t.gql<{ correctCitizenCpr: PlanCitizen }>(CORRECT, { input: { planId, expectedVersion: (await citizenOn(planId)).version, cpr: '090986-1285', reason: REASON } }, tokens.anna);
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.correctCitizenCpr.cpr).toBe('090986-1285');
    // Still the coordinator's alone: anyone not on the plan finds none.
    expect(codeOf(await t.gql(CLOSE, { input: { planId, expectedVersion: (await citizenOn(planId)).version, reason: REASON } }, tokens.bent))).toBe('NOT_FOUND');

    // A new forløb of hers begins: the ended one is no longer where the citizen is changed.
    const next = await t.gql(`mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`, {
      input: { citizenId, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(1), endDate: day(366), employmentGoal: 'Uddannelse', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] },
    }, tokens.anna);
    expect(next.errors).toBeUndefined();
    expect(await planIdOf(t, 'Sara Kold')).not.toBe(planId);
    const res = await t.gql(CLOSE, { input: { planId, expectedVersion: (await citizenOn(planId)).version, reason: REASON } }, tokens.anna);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' });
  });
});

describe('the offer on the plan page (Plan.mayChangeCitizenSignIn)', () => {
  const MAY = `query($a: ID!, $b: ID!) { a: plan(id: $a) { mayChangeCitizenSignIn } b: plan(id: $b) { mayChangeCitizenSignIn } }`;
  const mayOn = async (a: string, b: string, who = 'anna'): Promise<[boolean, boolean]> => {
    const res = await t.gql<{ a: { mayChangeCitizenSignIn: boolean }; b: { mayChangeCitizenSignIn: boolean } }>(MAY, { a, b }, tokens[who]);
    expect(res.errors).toBeUndefined();
    return [res.data!.a.mayChangeCitizenSignIn, res.data!.b.mayChangeCitizenSignIn];
  };

  it('is the coordinator’s on the running forløb, not the team’s', async () => {
    const per = await planIdOf(t, 'Per');
    expect(await mayOn(per, per)).toEqual([true, true]);
    // Bent's unit is on Per's team: he reads the plan, and is offered neither.
    expect(await mayOn(per, per, 'bent')).toEqual([false, false]);
  });

  it('follows the citizen’s current forløb as the changes do: the latest when it has ended, never an older one, though the same coordinator holds both', async () => {
    const { citizenId, planId: first } = await registeredAs('Tea Vang', '101088-1234');
    const { planId: other } = await registeredAs('Ulla Vang', '111189-1234');
    expect(await mayOn(first, other)).toEqual([true, true]);
    await t.db.dataSource.query(`UPDATE programme SET status = 'ENDED', end_reason = 'EDUCATION', end_date = $2 WHERE citizen_id = $1`, [citizenId, day(0)]);
    expect(await mayOn(first, other)).toEqual([true, true]);

    // A new forløb of hers begins: Anna coordinates both, and only the new one offers the changes.
    const next = await t.gql(`mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`, {
      input: { citizenId, type: 'JOBAFKLARINGSFORLOEB', decisionDate: day(0), startDate: day(1), endDate: day(366), employmentGoal: 'Uddannelse', goalKind: 'SECTOR', planPeriodEnd: day(200), teamUnits: [] },
    }, tokens.anna);
    expect(next.errors).toBeUndefined();
    const current = await planIdOf(t, 'Tea Vang');
    expect(current).not.toBe(first);
    messages.length = 0;
    expect(await mayOn(first, current)).toEqual([false, true]);
    // Both plans are asked about in one statement.
    expect(messages.flat().filter((sql) => sql.includes('AS current'))).toHaveLength(1);
    // As the server then answers: the older forløb is refused, the current one is not.
    const close = async (planId: string) => t.gql(CLOSE, { input: { planId, expectedVersion: (await citizenOn(planId)).version, reason: REASON } }, tokens.anna);
    expect((await close(first)).errors?.[0].extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' });
    expect((await close(current)).errors).toBeUndefined();
  });
});
