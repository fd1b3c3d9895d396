import { count } from '../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../test-support/test-server';
import { insertCase, type CaseIds } from '../rules/rules-fixtures';

/**
 * Registering a held opfølgningssamtale: when it can have been held. Not ahead of now, and not
 * before the forløb came to be — its decision date, or its first day where a jobafklaringsforløb
 * began before its decision (follow-up.service.ts).
 */
let now = new Date();
let t: TestServer;
let anna: string;
beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  // Tokens are checked against real time: signed before the clock moves to the walk's day.
  anna = await t.login('anna');
  now = new Date('2026-12-07T12:00:00+01:00');
});
afterAll(() => t.stop());

const FOLLOW = `mutation($input: RecordFollowUpInput!) { recordFollowUp(input: $input) { heldAt } }`;
type Errors = { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const record = (c: CaseIds, heldAt: string) => t.gql<{ recordFollowUp: { heldAt: string } } & Errors>(FOLLOW, {
  input: { planId: c.planId, heldAt, mode: 'IN_PERSON', participants: ['Borgeren'], summary: 'Planen er gennemgået.', nextMeetingAt: '2026-12-21T10:00:00+01:00' },
}, anna);
const held = (c: CaseIds) => count(t, `SELECT 1 FROM follow_up_meeting WHERE plan_id = $1`, [c.planId]);

describe('a samtale held before the forløb', () => {
  it('is refused at "Afholdt" before the decision date; between the decision and the first day it is the first samtale, and is recorded', async () => {
    // As in the walk: decided 20 November, the first day 7 December.
    const c = await insertCase(t.db.dataSource, { type: 'HELHEDSORIENTERET', decision: '2026-11-20', start: '2026-12-07', end: '2027-12-06', name: 'Tove Samtale' });
    const early = await record(c, '2026-11-01T10:00:00+01:00');
    expect(early.errors?.[0]).toMatchObject({
      message: 'En samtale kan ikke være holdt før forløbets afgørelsesdato (20. november 2026).',
      extensions: { code: 'BAD_USER_INPUT', field: 'heldAt' },
    });
    // The day is the Danish one: 23.30 the evening before is refused, 00.30 on the day is not.
    expect((await record(c, '2026-11-19T22:30:00Z')).errors?.[0].extensions).toMatchObject({ field: 'heldAt' });
    expect(await held(c)).toBe(0);
    const onDecisionDay = await record(c, '2026-11-19T23:30:00Z');
    expect(onDecisionDay.errors).toBeUndefined();
    const beforeFirstDay = await record(c, '2026-12-03T10:00:00+01:00');
    expect(beforeFirstDay.errors).toBeUndefined();
    expect(await held(c)).toBe(2);
  });

  it('a jobafklaringsforløb begun before its decision takes samtaler from its first day, not before', async () => {
    const c = await insertCase(t.db.dataSource, { type: 'JOBAFKLARINGSFORLOEB', decision: '2026-10-20', start: '2026-10-01', end: '2027-09-30', name: 'Jens Samtale' });
    const early = await record(c, '2026-09-30T23:30:00+02:00');
    expect(early.errors?.[0]).toMatchObject({
      message: 'En samtale kan ikke være holdt, før forløbet begyndte (1. oktober 2026).',
      extensions: { code: 'BAD_USER_INPUT', field: 'heldAt' },
    });
    expect((await record(c, '2026-10-05T10:00:00+02:00')).errors).toBeUndefined();
    expect(await held(c)).toBe(1);
  });
});

describe('who took part', () => {
  it('a participant\'s name over its limit is refused at "Deltagere", in words that name the limit; nothing is recorded', async () => {
    const c = await insertCase(t.db.dataSource, { type: 'HELHEDSORIENTERET', decision: '2026-11-02', start: '2026-11-02', end: '2027-11-01', name: 'Tage Deltager' });
    const sent = (participants: string[]) => t.gql<Errors>(FOLLOW, {
      input: { planId: c.planId, heldAt: '2026-12-03T10:00:00+01:00', mode: 'IN_PERSON', participants, summary: 'Planen er gennemgået.', nextMeetingAt: '2026-12-21T10:00:00+01:00' },
    }, anna);
    const long = await sent(['Borgeren', 'x'.repeat(201)]);
    expect(long.errors?.[0]).toMatchObject({
      message: 'Et deltagernavn må højst være 200 tegn.',
      extensions: { code: 'BAD_USER_INPUT', field: 'participants', problems: [{ field: 'participants', message: 'Et deltagernavn må højst være 200 tegn.' }] },
    });
    expect(await held(c)).toBe(0);
    // 200 characters, with spaces around them, are 200 as stored.
    expect((await sent(['Borgeren', ` ${'å'.repeat(200)} `])).errors).toBeUndefined();
    expect(await held(c)).toBe(1);
  });
});
