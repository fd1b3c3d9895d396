/// <reference lib="dom" />
import { loginByUi, openContext, planIdOf, startE2E, type E2E } from './support/browser';

/**
 * The mentor's "Næste opfølgningssamtale" follows the booking of the agreed samtale
 * (docs/domain.md, rule 2): mikkel has Eva's case open while anna books the agreed samtale at
 * another time, moves it and calls it off; his page shows each without a reload, with the
 * time and form only, and says when it is called off instead of showing the time agreed before.
 */

jest.setTimeout(120_000);

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.stop();
});

const inDays = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

it('mikkel sees the booked time and form, the new time when it is moved, and "aflyst" when it is called off, live', async () => {
  const evaPlanId = await planIdOf(e2e, 'Eva Jensen');
  const anna = await e2e.server.login('anna');
  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await e2e.server.gql<T>(query, variables, anna);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const mikkel = await openContext(e2e, { width: 390, height: 844 });
  try {
    await loginByUi(mikkel.page, e2e.server.url, 'Mikkel Lund');
    const eva = mikkel.page.getByRole('article', { name: 'Eva Jensen' });
    await eva.waitFor();
    await mikkel.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
    const next = eva.locator('p', { hasText: 'Næste opfølgningssamtale:' });
    const agreedText = await next.textContent();

    const { bookMeeting: booked } = await ok<{ bookMeeting: { id: string; version: number } }>(
      `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version } }`,
      { input: { planId: evaPlanId, startsAt: inDays(40), endsAt: inDays(40, 10), mode: 'PHONE', agenda: 'Evas helbred', staffIds: [], guests: [] } },
    );
    await next.filter({ hasText: '(telefon)' }).waitFor({ timeout: 5_000 });
    expect(await next.textContent()).not.toBe(agreedText);

    const { moveMeeting: moved } = await ok<{ moveMeeting: { id: string; version: number } }>(
      `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { id version } }`,
      { input: { id: booked.id, expectedVersion: booked.version, startsAt: inDays(45), endsAt: inDays(45, 10), mode: 'VIDEO' } },
    );
    await next.filter({ hasText: '(video)' }).waitFor({ timeout: 5_000 });

    await ok(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`, { input: { id: moved.id, expectedVersion: moved.version, reason: 'Eva er indlagt' } });
    await next.filter({ hasText: 'er aflyst, og der er ikke booket en ny' }).waitFor({ timeout: 5_000 });
    expect(await eva.textContent()).not.toMatch(/helbred|indlagt/);
    expect(mikkel.problems).toEqual([]);
  } finally {
    await mikkel.context.close();
  }
});
