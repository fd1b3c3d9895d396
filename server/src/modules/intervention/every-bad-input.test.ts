import { validateSync } from 'class-validator';
import { UpdateHealthInterventionInput } from '../health/health-intervention.type';
import { UpdateJobcenterInterventionInput } from '../jobcenter/jobcenter-intervention.type';
import { UpdateSocialInterventionInput } from '../social/social-intervention.type';
import { codeOf, interventionOf } from '../../test-support/fixtures';
import { VALIDATE_SETTINGS } from '../../core/validation';
import { startTestServer, type TestServer } from '../../test-support/test-server';

/**
 * A save with several fields wrong is told all of them at once (core/validation.ts, asBadInput):
 * one answer per save made the user save again and again to learn the next.
 */
let t: TestServer;
let bent: string;
beforeAll(async () => {
  t = await startTestServer();
  bent = await t.login('bent');
});
afterAll(() => t.stop());

const UPDATE_SOCIAL = `mutation($input: UpdateSocialInterventionInput!) { updateSocialIntervention(input: $input) { id version } }`;

describe('every field that is wrong, in one answer', () => {
  it('Per\'s Bostøtte with a too long title, Lovgrundlag and notes: each field with its own words; the first also as `field` and the message', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const res = await t.gql(UPDATE_SOCIAL, {
      input: { id: bostotte.id, expectedVersion: bostotte.version, title: 'x'.repeat(400), legalBasis: 'SEL §85 '.repeat(40), notes: 'n'.repeat(4001) },
    }, bent);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors!;
    const problems = error.extensions?.problems as Array<{ field: string; message: string }>;
    expect([...problems].sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'legalBasis', message: 'Lovgrundlaget må højst være 100 tegn.' },
      { field: 'notes', message: 'Noterne må højst være 4000 tegn.' },
      { field: 'title', message: 'Titlen må højst være 200 tegn.' },
    ]);
    // A client that reads one field still finds one: the first of them.
    expect({ field: error.extensions?.field, message: error.message }).toEqual(problems[0]);
    const [row] = await t.db.dataSource.query(`SELECT title, version FROM intervention WHERE id = $1`, [bostotte.id]);
    expect(row).toEqual({ title: 'Bostøtte', version: bostotte.version });
  });

  it('an empty title is told to be filled in, not that it may be at most 200 characters', async () => {
    const bostotte = await interventionOf(t, 'Per', 'Bostøtte');
    const res = await t.gql(UPDATE_SOCIAL, { input: { id: bostotte.id, expectedVersion: bostotte.version, title: '   ' } }, bent);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title', problems: [{ field: 'title', message: 'Titlen skal udfyldes.' }] });
    expect(res.errors?.[0].message).toBe('Titlen skal udfyldes.');
  });
});

describe('a unit’s own text that is too long names its limit, as the form’s hint does', () => {
  const messages = (input: object) => Object.fromEntries(validateSync(input, VALIDATE_SETTINGS).map((e) => [e.property, Object.values(e.constraints ?? {})]));

  it.each([
    ['socialindsats', new UpdateSocialInterventionInput(), { legalBasis: 101, provider: 201 }, { legalBasis: 'Lovgrundlaget må højst være 100 tegn.', provider: 'Leverandørens navn må højst være 200 tegn.' }],
    ['sundhedsindsats', new UpdateHealthInterventionInput(), { provider: 201, focus: 201 }, { provider: 'Behandlerens navn må højst være 200 tegn.', focus: 'Fokus må højst være 200 tegn.' }],
    ['beskæftigelsesindsats', new UpdateJobcenterInterventionInput(), { companyName: 201, courseName: 201 }, { companyName: 'Virksomhedens navn må højst være 200 tegn.', courseName: 'Kursets navn må højst være 200 tegn.' }],
  ])('%s', (_unit, input, lengths, expected) => {
    const told = messages(Object.assign(input, { id: 'x', expectedVersion: 1 }, Object.fromEntries(Object.entries(lengths).map(([k, n]) => [k, 'a'.repeat(n)]))));
    for (const [field, message] of Object.entries(expected)) expect(told[field]).toEqual([message]);
  });
});
