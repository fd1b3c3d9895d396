/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { planIdOf, screenshot, type UserPage } from './support/browser';
import { openPlanLive, twoPeopleOnTwoInstances, type TwoInstances } from './support/two-instances';

/**
 * Conflicts without loss, in two browsers on two server instances: anna and dorte (both of
 * the jobcenter, which owns Per's internship) edit its notes at the same time. Anna saves
 * first; dorte's save meets the conflict view, where she merges the two texts ("Flet") and
 * saves. The record then holds the merged text with both women's words; dorte's own text
 * stayed on her screen; and anna's page says that dorte saved over her change, with a link
 * to the record's history (docs/live-collaboration.md, "Who a save overwrote").
 */

jest.setTimeout(180_000);

const CARD = 'Virksomhedspraktik i detailbutik';
const NOTES = 'Noter (kun enhederne på planen)';
const ANNAS_TEXT = 'Per møder kl. 8 og går til frokost kl. 11.30.';
const DORTES_TEXT = 'Butikschefen vil gerne tale med Per om flere timer.';

let two: TwoInstances;
let perPlanId: string;
let anna: UserPage;
let dorte: UserPage;

beforeAll(async () => {
  two = await twoPeopleOnTwoInstances('Anna Holm', 'Dorte Madsen');
  ({ onA: anna, onB: dorte } = two);
  perPlanId = await planIdOf(two.e2e, 'Per Hansen');
});

afterAll(async () => {
  await two?.stop();
});

const card = (page: Page) => page.locator('[data-testid=intervention]', { has: page.getByRole('heading', { name: CARD, exact: true }) });

const openPer = (page: Page, baseUrl: string) => openPlanLive(page, baseUrl, perPlanId, card(page));

async function editNotes(page: Page, text: string): Promise<void> {
  await card(page).getByRole('button', { name: `Redigér ${CARD}` }).click();
  await card(page).getByLabel(NOTES).fill(text);
}

/** The internship's notes as stored, read through the API. */
async function storedNotes(): Promise<string> {
  const token = await two.e2e.server.login('anna');
  const res = await two.e2e.server.gql<{ plan: { interventions: Array<{ title: string; notes: string | null }> } }>(
    `query($id: ID!) { plan(id: $id) { interventions { title notes } } }`,
    { id: perPlanId },
    token,
  );
  const found = res.data?.plan.interventions.find((i) => i.title === CARD);
  if (!found) throw new Error(`${CARD} not found: ${JSON.stringify(res.errors)}`);
  return found.notes ?? '';
}

it('the second to save merges both texts; nothing is lost, and the first is told', async () => {
  await openPer(anna.page, two.e2e.server.url);
  await openPer(dorte.page, two.b.url);
  await editNotes(anna.page, ANNAS_TEXT);
  await editNotes(dorte.page, DORTES_TEXT);

  // Anna saves first.
  await card(anna.page).getByRole('button', { name: 'Gem' }).click();
  await card(anna.page).getByText('Ændringen er gemt.').waitFor({ timeout: 5_000 });
  // Dorte's open form hears of it (live, from the other instance).
  await card(dorte.page).getByText('En anden har gemt en ændring af indsatsen, mens du redigerer.').waitFor({ timeout: 5_000 });

  // Dorte saves: the conflict view names anna and shows both texts.
  await card(dorte.page).getByRole('button', { name: 'Gem' }).click();
  const view = card(dorte.page).getByTestId('conflict-view');
  await view.waitFor({ timeout: 5_000 });
  await view.getByText(/^Anna Holm gemte en nyere udgave/).waitFor();
  const notes = view.getByRole('group', { name: NOTES });
  await expect(notes.getByText('Anna Holms udgave').locator('xpath=following-sibling::dd').textContent()).resolves.toContain(ANNAS_TEXT);
  await expect(notes.getByText('Din tekst').locator('xpath=following-sibling::dd').textContent()).resolves.toContain(DORTES_TEXT);
  await screenshot(dorte.page, 'conflict-merge-view');

  // "Flet": a text with both, which she edits into one.
  await notes.getByRole('radio', { name: 'Flet' }).check();
  const merged = notes.getByLabel(`Flettet tekst: ${NOTES}`);
  const draft = await merged.inputValue();
  expect(draft).toContain(ANNAS_TEXT);
  expect(draft).toContain(DORTES_TEXT);
  const mergedText = `${ANNAS_TEXT} ${DORTES_TEXT} Aftalt med Anna.`;
  await merged.fill(mergedText);
  await view.getByRole('button', { name: 'Gem valgene' }).click();

  // Saved, and her own text is still on her screen until she closes the form.
  await card(dorte.page).getByTestId('saved-after-conflict').getByText('Ændringen er gemt.').waitFor({ timeout: 5_000 });
  await card(dorte.page).getByRole('region', { name: 'Din tekst' }).getByText(DORTES_TEXT).waitFor();
  await screenshot(dorte.page, 'conflict-merge-saved');

  // The record has the merged text: neither woman's words are lost.
  const stored = await storedNotes();
  expect(stored).toBe(mergedText);
  expect(stored).toContain(ANNAS_TEXT);
  expect(stored).toContain(DORTES_TEXT);

  // Anna is told that dorte saved over her change, until she closes the notice.
  const notice = anna.page.getByTestId('overwrite-notice');
  await notice.waitFor({ timeout: 5_000 });
  await expect(notice.locator('p').textContent()).resolves.toMatch(new RegExp(`^Dorte Madsen gemte oven i din ændring af ${CARD} \\(.*Noter.*\\)$`));
  await card(anna.page).getByText(mergedText).waitFor({ timeout: 5_000 });
  await screenshot(anna.page, 'conflict-merge-anna-told');

  // "Se historik" opens the record's history at its card.
  await notice.getByRole('link', { name: `Se historik for ${CARD}` }).click();
  await card(anna.page).getByTestId('history-entry').first().waitFor({ timeout: 5_000 });
  await notice.getByRole('button', { name: `Luk beskeden om ${CARD}` }).click();
  await notice.waitFor({ state: 'detached' });
  // The button went with the notice: the focus is at "Seneste ændringer", not the top of the page.
  await expect(anna.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Seneste ændringer');

  // Dorte closes her form: the card shows the merged text.
  await card(dorte.page).getByRole('button', { name: 'Luk' }).click();
  await card(dorte.page).getByText(mergedText).waitFor();
  expect(anna.problems).toEqual([]);
  expect(dorte.problems).toEqual([]);
});
