/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { loginByUi, openContext, planIdOf, screenshot, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * Booked samtaler in two real browsers against a real server and PostgreSQL: anna (Per's
 * coordinator) books the samtale agreed at Per's last one; bent (social services, on Per's team), with the plan open,
 * sees it without a reload, moves it, takes it into his calendar (.ics) and cancels it; the
 * calendar file after the cancellation replaces the entry (same UID, higher SEQUENCE).
 */

jest.setTimeout(180_000);

let e2e: E2E;
let perPlanId: string;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
});

afterAll(async () => {
  await e2e?.stop();
});

/** A calendar day `days` from today, as <input type="datetime-local"> takes it with a time. */
const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const section = (page: Page) => page.getByRole('region', { name: 'Samtaler', exact: true });
const meetingWith = (page: Page, text: string) => section(page).getByTestId('meeting').filter({ hasText: text });

async function openPer(user: UserPage): Promise<void> {
  await user.page.goto(`${e2e.server.url}/plan/${perPlanId}`);
  await section(user.page).waitFor();
  await user.page.locator('[data-live-state=connected]').first().waitFor({ timeout: 10_000 });
}

/** The instant a Danish wall-clock time names, as the browser (in Europe/Copenhagen) reads the form's value. */
const utcOf = (page: Page, local: string) => page.evaluate((v) => new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, ''), local);

/** The calendar file the button hands over, and its content lines unfolded (RFC 5545, 3.1). */
async function calendarFile(page: Page, meeting: ReturnType<typeof meetingWith>): Promise<{ name: string; raw: string; lines: string[] }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), meeting.getByRole('button', { name: /^Hent i kalender \(\.ics\)/ }).click()])) as [Download, unknown];
  const raw = readFileSync((await download.path())!, 'utf8');
  return { name: download.suggestedFilename(), raw, lines: raw.replace(/\r\n /g, '').split('\r\n') };
}
const value = (lines: string[], name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);

describe('booked samtaler in two browsers', () => {
  let anna: UserPage;
  let bent: UserPage;

  beforeAll(async () => {
    anna = await openContext(e2e);
    bent = await openContext(e2e);
    await loginByUi(anna.page, e2e.server.url, 'Anna Holm');
    await loginByUi(bent.page, e2e.server.url, 'Bent Sørensen');
  });

  afterAll(async () => {
    await anna?.context.close();
    await bent?.context.close();
  });

  it('anna books, bent sees it live, moves it, downloads the calendar file and cancels it', async () => {
    await openPer(anna);
    await openPer(bent);
    await bent.page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    // Anna books a samtale in a week, with Per's mother and an agenda that needs escaping in a calendar file.
    const day = dayAhead(7);
    const agenda = 'Status på praktikken, bostøtten; næste skridt';
    // Per's next samtale was agreed at his last one and is not booked yet: Samtaler says so.
    await section(anna.page).getByTestId('agreed-not-booked').waitFor();
    await section(anna.page).getByRole('button', { name: 'Book den aftalte samtale' }).click();
    const form = section(anna.page).getByRole('form', { name: 'Book samtale' });
    await expect(form.getByLabel('Starter').inputValue()).resolves.not.toBe('');
    await form.getByLabel('Starter').fill(`${day}T10:00`);
    await form.getByLabel('Sted (adresse)').fill('Jobcentret, Østergade 5, 5750 Ringe');
    await form.getByRole('button', { name: 'Tilføj netværksperson eller bisidder' }).click();
    await form.getByRole('group', { name: 'Deltager 1 uden for kommunen' }).getByLabel('Navn').fill('Hanne Hansen');
    await form.getByRole('group', { name: 'Deltager 1 uden for kommunen' }).getByLabel('Relation').fill('Pers mor');
    await form.getByLabel('Bent Sørensen, Socialforvaltningen').check();
    await form.getByLabel('Dagsorden').fill(agenda);
    await form.getByRole('button', { name: 'Book samtale' }).click();
    await section(anna.page).getByRole('status').filter({ hasText: /^Samtalen er booket/ }).waitFor();
    await section(anna.page).getByTestId('agreed-not-booked').waitFor({ state: 'detached', timeout: 10_000 });

    // Bent sees it without reloading.
    const booked = meetingWith(bent.page, agenda);
    await booked.waitFor({ timeout: 10_000 });
    await expect(booked.textContent()).resolves.toContain('Fremmøde: Jobcentret, Østergade 5, 5750 Ringe');
    await expect(booked.textContent()).resolves.toContain('Bent Sørensen, Hanne Hansen (Pers mor)');

    // Bent moves it to the day after, 13–14.
    const later = dayAhead(8);
    await booked.getByRole('button', { name: /^Flyt samtalen/ }).click();
    const move = booked.getByRole('form', { name: /^Flyt samtalen/ });
    await move.getByLabel('Starter').fill(`${later}T13:00`);
    await move.getByLabel('Slutter').fill(`${later}T14:00`);
    await move.getByRole('button', { name: 'Gem' }).click();
    await section(bent.page).getByRole('status').filter({ hasText: /^Samtalen er flyttet/ }).waitFor();
    const movedStart = await utcOf(bent.page, `${later}T13:00`);
    // Anna's page follows: the samtale now starts at the new time, and so does her "Næste samtale".
    const movedIso = await bent.page.evaluate((v) => new Date(v).toISOString(), `${later}T13:00`);
    await anna.page.waitForFunction(
      (start) => Array.from(document.querySelectorAll('[data-testid=meeting] time')).some((t) => t.getAttribute('datetime') === start),
      movedIso,
      { timeout: 10_000 },
    );
    await anna.page.waitForFunction(
      (start) => document.querySelector('[data-testid=followups-section] .next-meeting time')?.getAttribute('datetime') === start,
      movedIso,
      { timeout: 10_000 },
    );
    await expect(anna.page.getByTestId('followups-section').locator('.next-meeting').textContent()).resolves.toContain('(booket)');

    // The calendar file: one published event in UTC, the agenda escaped, the booking's UID.
    const file = await calendarFile(bent.page, meetingWith(bent.page, agenda));
    expect(file.name).toBe(`samtale-${later}.ics`);
    expect(file.raw.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(value(file.lines, 'METHOD')).toBe('PUBLISH');
    expect(value(file.lines, 'DTSTART')).toBe(movedStart);
    expect(value(file.lines, 'DTEND')).toBe(await utcOf(bent.page, `${later}T14:00`));
    expect(value(file.lines, 'STATUS')).toBe('CONFIRMED');
    expect(value(file.lines, 'SEQUENCE')).toBe('1');
    expect(value(file.lines, 'LOCATION')).toBe('Jobcentret\\, Østergade 5\\, 5750 Ringe');
    expect(value(file.lines, 'DESCRIPTION')).toContain('Dagsorden:\\nStatus på praktikken\\, bostøtten\\; næste skridt');
    const uid = value(file.lines, 'UID');
    expect(uid).toMatch(/^[0-9a-f-]{36}@samplan$/);
    for (const line of file.raw.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    // Bent cancels it; anna sees it cancelled.
    const moved = meetingWith(bent.page, agenda);
    await moved.getByRole('button', { name: /^Aflys samtalen/ }).click();
    const cancel = moved.getByRole('form', { name: /^Aflys samtalen/ });
    await cancel.getByLabel('Begrundelse').fill('Per er indlagt');
    await cancel.getByRole('button', { name: 'Aflys samtale' }).click();
    await section(bent.page).getByRole('status').filter({ hasText: /er aflyst/ }).waitFor();
    await meetingWith(anna.page, agenda).filter({ hasText: 'Per er indlagt' }).waitFor({ timeout: 10_000 });
    await expect(meetingWith(anna.page, agenda).getByRole('button', { name: /^Flyt/ }).count()).resolves.toBe(0);
    // The agreed time was booked (and moved, then called off): it is not agreed any more, so a new samtale is booked afresh.
    await section(anna.page).getByRole('button', { name: 'Book samtale', exact: true }).waitFor({ timeout: 10_000 });
    await expect(section(anna.page).getByTestId('agreed-not-booked').count()).resolves.toBe(0);
    await expect(anna.page.getByTestId('followups-section').locator('.next-meeting').textContent()).resolves.toContain('Ikke aftalt');

    // The cancellation replaces the calendar entry: same UID, a higher SEQUENCE, CANCELLED.
    const cancelled = await calendarFile(anna.page, meetingWith(anna.page, agenda));
    expect(cancelled.name).toBe(`aflyst-samtale-${later}.ics`);
    expect(value(cancelled.lines, 'UID')).toBe(uid);
    expect(value(cancelled.lines, 'STATUS')).toBe('CANCELLED');
    expect(Number(value(cancelled.lines, 'SEQUENCE'))).toBeGreaterThan(1);

    await expect(bent.page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
    await screenshot(anna.page, 'meetings-cancelled');
    expect(anna.problems).toEqual([]);
    expect(bent.problems).toEqual([]);
  });
});
