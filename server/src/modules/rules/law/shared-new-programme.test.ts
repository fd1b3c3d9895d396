import {
  addDays, AGE_RULES_APPLY, closeToFolkepensionRefusal, frameLengthProblem, LAW_VERSION_FIRST_DAYS, PLAN_PERIOD_MIN_MONTHS, PROGRAMME_LENGTHS, programmeTypeRefusal, type LawVersionName,
} from '@samplan/schema';
import { unitIdOf } from '../../../test-support/fixtures';
import { startTestServer, type TestServer } from '../../../test-support/test-server';
import { ProgrammeType } from '../../plan/plan.enums';
import { typeLaw } from './law-version';

/**
 * "Nyt forløb" judges a new forløb before anything is sent by the shared tables and words of
 * @samplan/schema (new-programme.ts), so that a citizen is not registered for a forløb the server
 * then refuses. The server's law versions must say exactly the same of every type.
 */
describe('the shared rules of a new forløb are the server’s', () => {
  const versions = Object.keys(LAW_VERSION_FIRST_DAYS) as LawVersionName[];
  const types = Object.values(ProgrammeType);

  it.each(versions.flatMap((version) => types.map((type) => [version, type] as const)))('%s, %s: the same refusal, length, plan period and age rules', (version, type) => {
    const law = typeLaw(version, type);
    const shared = programmeTypeRefusal(type, LAW_VERSION_FIRST_DAYS[version]);
    expect(shared ? { rule: shared.rule, message: shared.message } : null).toEqual(law.refusal ? { rule: law.refusal.rule, message: law.refusal.message } : null);
    const length = PROGRAMME_LENGTHS[version][type];
    expect(law.length ? { minMonths: law.length.minMonths, maxMonths: law.length.maxMonths, what: law.length.what } : null).toEqual(law.refusal ? null : length);
    expect(law.minPlanMonths).toBe(PLAN_PERIOD_MIN_MONTHS[version][type]);
    expect(law.ageRules === true).toBe(AGE_RULES_APPLY[version][type]);
  });
});

/**
 * What "Nyt forløb" judges of the citizen and the municipality before anything is sent, the server
 * refuses in the same words when the forløb is registered: the citizen's birth date against the
 * folkepension age, and the municipality's own frame for its own forløb (none set: the widest).
 */
describe('the server refuses a new forløb in the shared words: the age rule of the birth date, and the municipality’s own frame', () => {
  let now = new Date();
  const setDay = (day: string) => (now = new Date(`${day}T12:00:00+01:00`));
  let t: TestServer;
  let anna: string;
  let fmk: string;
  let frameBefore: number | null;
  beforeAll(async () => {
    t = await startTestServer({ clock: { now: () => now } });
    // Tokens are checked against real time: signed before the clock moves.
    anna = await t.login('anna');
    [{ municipality_id: fmk }] = await t.db.dataSource.query(`SELECT municipality_id FROM app_user WHERE username = 'anna'`);
    [{ max: frameBefore }] = await t.db.dataSource.query(`SELECT own_programme_max_months AS max FROM municipality WHERE id = $1`, [fmk]);
  });
  afterAll(async () => {
    await t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = $2 WHERE id = $1`, [fmk, frameBefore]);
    await t.stop();
  });

  let serial = 0;
  /** A citizen born on the CPR number's day (DDMMÅÅ, 1900s), one number each. */
  async function citizen(born: string): Promise<string> {
    const res = await t.gql<{ registerCitizen: { id: string } }>(`mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { id } }`, { input: { name: 'Borger', cpr: `${born}-${1000 + ++serial}` } }, anna);
    expect(res.errors).toBeUndefined();
    return res.data!.registerCitizen.id;
  }
  /** The refusal as the form would show it (its rule and words), or null when the forløb is registered. */
  async function refusalOf(input: Record<string, unknown>): Promise<{ rule: unknown; message: string } | null> {
    const res = await t.gql(`mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`, {
      input: { employmentGoal: 'Lønnede timer i detailhandlen', goalKind: 'SECTOR', teamUnits: [await unitIdOf(t, 'SOCIAL')], planPeriodEnd: input.endDate, ...input },
    }, anna);
    const error = res.errors?.[0];
    return error ? { rule: error.extensions?.rule, message: error.message } : null;
  }

  it('less than 6 years to folkepension on the decision date (LAB §112, stk. 3): from the day after it is exactly 6 years away', async () => {
    setDay('2025-06-20');
    // Born 10 June 1963: folkepension at 68, on 10 June 2031.
    const ressourceforloeb = { type: 'RESSOURCEFORLOEB', startDate: '2025-07-01', endDate: '2026-06-30' };
    expect(closeToFolkepensionRefusal('1963-06-10', '2025-06-10')).toBeNull();
    expect(await refusalOf({ ...ressourceforloeb, citizenId: await citizen('100663'), decisionDate: '2025-06-10' })).toBeNull();
    const shared = closeToFolkepensionRefusal('1963-06-10', '2025-06-11');
    expect(shared?.message).toBe(
      'Borgeren havde på afgørelsesdatoen mindre end 6 år til folkepensionsalderen (10. juni 2031). Et ressourceforløb iværksættes kun, hvis borgeren selv ønsker det. Registrér forløbet som borgerens eget ønske, hvis borgeren selv ønsker det.',
    );
    expect(await refusalOf({ ...ressourceforloeb, citizenId: await citizen('100663'), decisionDate: '2025-06-11' })).toEqual(shared);
  });

  it.each([
    [24, '2028-05-31', 'Et helhedsorienteret forløb kan højst vare 2 år ad gangen (til og med 31. maj 2028).'],
    [null, '2036-05-31', 'Kommunen har ikke fastsat en længste varighed for helhedsorienterede forløb. Et helhedsorienteret forløb kan højst vare 10 år (til og med 31. maj 2036), den længste ramme en kommune kan fastsætte.'],
  ])('the municipality’s own forløb with the frame %p: to %s it is registered, a day more is refused', async (frame, lastDay, message) => {
    setDay('2026-06-01');
    await t.db.dataSource.query(`UPDATE municipality SET own_programme_max_months = $2 WHERE id = $1`, [fmk, frame]);
    const own = { type: 'HELHEDSORIENTERET', decisionDate: '2026-06-01', startDate: '2026-06-01', jointPlanConsentOn: '2026-06-01' };
    const spec = PROGRAMME_LENGTHS.REFORM_2026.HELHEDSORIENTERET!;
    const shared = frameLengthProblem(spec, own.startDate, addDays(lastDay, 1), frame);
    expect(shared?.message).toBe(message);
    expect(await refusalOf({ ...own, citizenId: await citizen('010485'), endDate: addDays(lastDay, 1) })).toEqual({ rule: shared?.code, message });
    expect(frameLengthProblem(spec, own.startDate, lastDay, frame)).toBeNull();
    expect(await refusalOf({ ...own, citizenId: await citizen('010485'), endDate: lastDay })).toBeNull();
  });
});
