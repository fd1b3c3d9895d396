/// <reference lib="dom" />
import { loginByUi, openContext, planIdOf, startE2E, type E2E } from './support/browser';

/**
 * The mentor's "Næste opfølgningssamtale" follows the booking of the agreed samtale
 * (docs/domain.md, rule 2): mikkel has Eva's case open while anna books another samtale and
 * calls it off, then books the agreed samtale at another time ("Book den aftalte samtale" on
 * her own page), moves it and calls it off; his page shows each without a reload, with the
 * time and form only, says when the agreed one is called off instead of showing the time
 * agreed before, and keeps the agreed time when it was another samtale that was called off.
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

it('mikkel sees the booked time and form, the new time when it is moved, and "aflyst" when the agreed samtale is called off, live; another one called off leaves the agreed time', async () => {
  const evaPlanId = await planIdOf(e2e, 'Eva Jensen');
  const anna = await e2e.server.login('anna');
  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await e2e.server.gql<T>(query, variables, anna);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const mikkel = await openContext(e2e, { width: 390, height: 844 });
  const annaPage = await openContext(e2e);
  try {
    await loginByUi(mikkel.page, e2e.server.url, 'Mikkel Lund');
    const eva = mikkel.page.getByRole('article', { name: 'Eva Jensen' });
    await eva.waitFor();
    await mikkel.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
    const next = eva.locator('p', { hasText: 'Næste opfølgningssamtale:' });
    const agreedText = (await next.textContent())!;

    // Another samtale than the agreed one, booked and called off: the mentor is told of it while it is booked, and then of the agreed time again, not "aflyst".
    const { bookMeeting: other } = await ok<{ bookMeeting: { id: string; version: number } }>(
      `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) { id version } }`,
      { input: { planId: evaPlanId, startsAt: inDays(20), endsAt: inDays(20, 10), mode: 'VIDEO', agenda: 'Ekstra samtale om transport', staffIds: [], guests: [] } },
    );
    await next.filter({ hasText: '(video)' }).waitFor({ timeout: 5_000 });
    await ok(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`, { input: { id: other.id, expectedVersion: other.version, reason: 'Ikke længere nødvendig' } });
    await mikkel.page.waitForFunction(
      ([text]) => Array.from(document.querySelectorAll('article p')).some((p) => p.textContent === text),
      [agreedText],
      { timeout: 5_000 },
    );
    expect(await next.textContent()).not.toContain('aflyst');

    // Anna books the agreed samtale from her plan page, 40 days ahead by phone.
    await loginByUi(annaPage.page, e2e.server.url, 'Anna Holm');
    await annaPage.page.goto(`${e2e.server.url}/plan/${evaPlanId}`);
    const samtaler = annaPage.page.getByRole('region', { name: 'Samtaler', exact: true });
    await samtaler.getByRole('button', { name: 'Book den aftalte samtale' }).click();
    const form = samtaler.getByRole('form', { name: 'Book samtale' });
    const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Starter').fill(`${day}T10:00`);
    await form.getByLabel('Slutter').fill(`${day}T11:00`);
    await form.getByLabel('Form').selectOption('PHONE');
    await form.getByLabel('Dagsorden').fill('Evas helbred');
    await form.getByRole('button', { name: 'Book samtale' }).click();
    await samtaler.getByRole('status').filter({ hasText: /^Samtalen er booket/ }).waitFor();
    await next.filter({ hasText: '(telefon)' }).waitFor({ timeout: 5_000 });
    expect(await next.textContent()).not.toBe(agreedText);
    const { plan } = await ok<{ plan: { meetings: Array<{ id: string; version: number; status: string }> } }>(
      `query($id: ID!) { plan(id: $id) { meetings(period: UPCOMING) { id version status } } }`, { id: evaPlanId });
    const booked = plan.meetings.find((m) => m.status === 'BOOKED')!;

    const { moveMeeting: moved } = await ok<{ moveMeeting: { id: string; version: number } }>(
      `mutation($input: MoveMeetingInput!) { moveMeeting(input: $input) { id version } }`,
      { input: { id: booked.id, expectedVersion: booked.version, startsAt: inDays(45), endsAt: inDays(45, 10), mode: 'VIDEO' } },
    );
    await next.filter({ hasText: '(video)' }).waitFor({ timeout: 5_000 });

    await ok(`mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { id } }`, { input: { id: moved.id, expectedVersion: moved.version, reason: 'Eva er indlagt' } });
    await next.filter({ hasText: 'er aflyst, og der er ikke booket en ny' }).waitFor({ timeout: 5_000 });
    expect(await eva.textContent()).not.toMatch(/helbred|indlagt|transport/);
    expect(mikkel.problems).toEqual([]);
    expect(annaPage.problems).toEqual([]);
  } finally {
    await mikkel.context.close();
    await annaPage.context.close();
  }
});
