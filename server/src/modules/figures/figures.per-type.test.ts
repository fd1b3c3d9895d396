import { startTestServer, type TestServer } from '../../test-support/test-server';
import { computeWarnings } from '../rules';
import { insertCase, insertMeeting, type CaseIds } from '../rules/rules-fixtures';
import { insertFiguresMunicipality } from './figures-fixtures';
import { companyBasedTargetSource } from './figures.service';

/**
 * The samtaler figure per type of forløb, as a leader reads it through the API on 31 December 2026
 * in a municipality of our own ("Typekommune"):
 *  - 6 ressourceforløb (2022 rules) from 1 June 2025, each with 4 samtaler in its first 6 months;
 *  - 5 jobafklaringsforløb from 1 March 2026;
 *  - 13 of the municipality's own forløb (after lov nr. 1750 af 29. december 2025): against a frame of
 *    at most 30 days between samtaler, 8 are within it on 31 December (6 with a samtale on 10 December,
 *    1 begun on 5 December with none yet, 1 with its samtale on 1 December, the frame's last day) and
 *    5 are not (3 with the last samtale on 15 November, 1 on 30 November, 1 begun 1 October with none).
 */
jest.setTimeout(60_000);
let t: TestServer;
let leader: string;
/** The server's day: today while the leader signs in (the token is checked against the real time), then 31 December 2026. */
let now = new Date();
const own: CaseIds[] = [];

const QUERY = `query($from: String, $to: String) { keyFigures(from: $from, to: $to) {
  ownFollowUpIntervalDays companyBasedTargetSource
  figures { figure covers programmeTypes }
  months { label values { figure display } } } }`;
interface Answer {
  ownFollowUpIntervalDays: number | null;
  companyBasedTargetSource: string;
  figures: Array<{ figure: string; covers: string; programmeTypes: string[] }>;
  months: Array<{ label: string; values: Array<{ figure: string; display: string }> }>;
}

async function figures(month: string): Promise<Answer> {
  const res = await t.gql<{ keyFigures: Answer }>(QUERY, { from: month, to: month }, leader);
  expect(res.errors).toBeUndefined();
  return res.data!.keyFigures;
}
const shown = (a: Answer, figure: string) => a.months[0].values.find((v) => v.figure === figure)?.display;
const covers = (a: Answer, figure: string) => a.figures.find((f) => f.figure === figure);

beforeAll(async () => {
  t = await startTestServer({ clock: { now: () => now } });
  const db = t.db.dataSource;
  const { municipalityId } = await insertFiguresMunicipality(db, { code: '9997', name: 'Typekommune', prefix: 'pt', suffix: 'Type', unitKinds: ['EMPLOYMENT', 'SOCIAL'] });
  for (let i = 0; i < 6; i++) {
    const c = await insertCase(db, { coordinator: 'pt-job', type: 'RESSOURCEFORLOEB', decision: '2025-05-20', start: '2025-06-01', end: '2027-05-31', name: `Ressource ${i}` });
    for (const d of ['2025-06-10', '2025-07-10', '2025-09-10', '2025-11-10']) await insertMeeting(db, c, d, '2026-12-31');
  }
  for (let i = 0; i < 5; i++) await insertCase(db, { coordinator: 'pt-job', type: 'JOBAFKLARINGSFORLOEB', start: '2026-03-01', end: '2027-02-28', name: `Jobafklaring ${i}` });
  const ownCase = async (start: string, held: string[]) => {
    const c = await insertCase(db, { coordinator: 'pt-job', type: 'HELHEDSORIENTERET', start, end: '2027-12-31', name: `Egen ${own.length}` });
    for (const d of held) await insertMeeting(db, c, d, '2027-01-15');
    own.push(c);
  };
  for (let i = 0; i < 6; i++) await ownCase('2026-09-01', ['2026-10-01', '2026-12-10']);
  await ownCase('2026-12-05', []);
  await ownCase('2026-09-01', ['2026-12-01']);
  for (let i = 0; i < 3; i++) await ownCase('2026-09-01', ['2026-11-15']);
  await ownCase('2026-09-01', ['2026-11-30']);
  await ownCase('2026-10-01', []);
  await db.query(`UPDATE programme SET created_at = start_date::timestamp AT TIME ZONE 'Europe/Copenhagen' WHERE municipality_id = $1`, [municipalityId]);
  leader = await t.login('pt-leder');
  now = new Date('2026-12-31T11:00:00Z');
});
afterAll(() => t.stop());

describe('each figure says which forløb it covers', () => {
  it('the indsatsgaranti only ressourceforløb under the 2022 rules, the 4 samtaler only ressourceforløb, the frame only the own forløb', async () => {
    const december = await figures('2026-12');
    expect(covers(december, 'GUARANTEE_SHARE')).toEqual({ figure: 'GUARANTEE_SHARE', covers: 'Kun ressourceforløb (reglerne fra 2022)', programmeTypes: ['RESSOURCEFORLOEB'] });
    expect(covers(december, 'FOLLOW_UP_REQUIREMENT_SHARE')?.programmeTypes).toEqual(['RESSOURCEFORLOEB']);
    expect(covers(december, 'OWN_FRAME_SHARE')).toEqual({ figure: 'OWN_FRAME_SHARE', covers: 'Kun kommunens egne helhedsorienterede forløb', programmeTypes: ['HELHEDSORIENTERET'] });
    expect(covers(december, 'COMPANY_BASED_SHARE')?.covers).toBe('Alle forløbstyper');
    // The 30 % names where it comes from and what it is held against.
    expect(december.companyBasedTargetSource).toMatch(/Faaborg-Midtfyns borgerpjece om ressourceforløb.*alle forløbstyper/);
  });

  it('the target says it is set for the whole installation by those who run it: Faaborg-Midtfyn\'s own, borrowed by any other municipality', async () => {
    const december = await figures('2026-12');
    // This municipality is not Faaborg-Midtfyn: the 30 % is said to be borrowed, and from whom.
    expect(december.companyBasedTargetSource).toBe(
      'Målet på 30 % er ikke Typekommunes eget: det er lånt fra Faaborg-Midtfyn Kommunes måltal for borgere i ressourceforløb (Faaborg-Midtfyns borgerpjece om ressourceforløb). ' +
        'Holdes her op mod alle forløbstyper (ressourceforløb, jobafklaringsforløb og egne forløb). ' +
        'Det er sat for hele Samplan af dem, der driver den, og ændres ikke her.',
    );
    // Faaborg-Midtfyn's own leaders read it as their own.
    expect(companyBasedTargetSource(0.3, { code: '0430', name: 'Faaborg-Midtfyn Kommune' })).toBe(
      'Målet på 30 % er Faaborg-Midtfyn Kommunes eget måltal for borgere i ressourceforløb (Faaborg-Midtfyns borgerpjece om ressourceforløb). ' +
        'Holdes her op mod alle forløbstyper (ressourceforløb, jobafklaringsforløb og egne forløb). ' +
        'Det er sat for hele Samplan af dem, der driver den, og ændres ikke her.',
    );
    // Another municipality in the installation is told the 30 % is not its own, and whose it is.
    expect(companyBasedTargetSource(0.3, { code: '0479', name: 'Svendborg Kommune' })).toBe(
      'Målet på 30 % er ikke Svendborg Kommunes eget: det er lånt fra Faaborg-Midtfyn Kommunes måltal for borgere i ressourceforløb (Faaborg-Midtfyns borgerpjece om ressourceforløb). ' +
        'Holdes her op mod alle forløbstyper (ressourceforløb, jobafklaringsforløb og egne forløb). ' +
        'Det er sat for hele Samplan af dem, der driver den, og ændres ikke her.',
    );
    // Another target than the default is the installation's setting too, not the municipality's.
    expect(companyBasedTargetSource(0.4, { code: '0430', name: 'Faaborg-Midtfyn Kommune' })).toBe(
      'Målet er en indstilling i Samplan. Holdes her op mod alle forløbstyper (ressourceforløb, jobafklaringsforløb og egne forløb). ' +
        'Det er sat for hele Samplan af dem, der driver den, og ændres ikke her.',
    );
  });
});

describe('the samtaler of the municipality\'s own forløb, against its own frame', () => {
  it('with no frame set: no figure, and the API says no frame is set', async () => {
    const december = await figures('2026-12');
    expect(december.ownFollowUpIntervalDays).toBeNull();
    expect([shown(december, 'ACTIVE_HELHEDSORIENTERET'), shown(december, 'OWN_FRAME_DUE'), shown(december, 'OWN_FRAME_SHARE')]).toEqual(['13', '0', '–']);
  });

  it('with a frame of 30 days: the share within it at the month\'s end, by the same test as the coordinators\' warnings', async () => {
    const set = await t.gql(`mutation($input: SetOwnProgrammeSettingsInput!) { setOwnProgrammeSettings(input: $input) { version } }`,
      { input: { maxLengthMonths: null, followUpIntervalDays: 30, expectedVersion: 0 } }, leader);
    expect(set.errors).toBeUndefined();
    const december = await figures('2026-12');
    expect(december.ownFollowUpIntervalDays).toBe(30);
    // 8 of 13 within the frame on 31 December: 62 %.
    expect([shown(december, 'OWN_FRAME_DUE'), shown(december, 'OWN_FRAME_SHARE')]).toEqual(['13', '62 %']);
    const warnings = await computeWarnings(t.db.dataSource, own.map((c) => c.programmeId), '2026-12-31');
    const warned = own.filter((c) => (warnings.get(c.programmeId) ?? []).some((w) => w.rule === 'FOLLOW_UP_CADENCE'));
    expect(warned).toHaveLength(5);
    // The ressourceforløb rule is not theirs: none of them is in its cohort in December.
    expect(shown(december, 'FOLLOW_UP_REQUIREMENT_SHARE')).toBe('–');
  });
});

describe('ressourceforløb unchanged', () => {
  it('the 4 samtaler in the first 6 months still measure the ressourceforløb, and only them', async () => {
    const november = await figures('2025-11');
    expect([shown(november, 'FOLLOW_UPS_PER_PERSON'), shown(november, 'FOLLOW_UP_REQUIREMENT_SHARE'), shown(november, 'OWN_FRAME_DUE'), shown(november, 'OWN_FRAME_SHARE')])
      .toEqual(['4,0', '100 %', '0', '–']);
  });
});
