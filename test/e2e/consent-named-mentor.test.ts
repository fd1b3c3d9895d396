/// <reference lib="dom" />
import { loginByUi, openContext, planIdOf, seriousViolations, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * A consent for one named mentor, in a real browser: anna (Per's coordinator) records that
 * Per shares his social details with Mikkel Lund only, choosing him in the form; the register
 * names him; Per reads on Min plan that his social details are shared with his mentor Mikkel Lund.
 */

jest.setTimeout(180_000);

let e2e: E2E;
let anna: UserPage;
let per: UserPage;
let perPlanId: string;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  anna = await openContext(e2e);
  await loginByUi(anna.page, e2e.server.url, 'Anna Holm');
  per = await openContext(e2e);
  await loginByUi(per.page, e2e.server.url, 'Per Hansen');
});

afterAll(async () => {
  await anna?.context.close().catch(() => undefined);
  await per?.context.close().catch(() => undefined);
  await e2e?.stop();
});

it('the coordinator names the mentor in the consent form; the register and Per\'s own view name him', async () => {
  const page = anna.page;
  await page.goto(`${e2e.server.url}/plan/${perPlanId}`);
  await page.getByRole('button', { name: 'Registrér samtykke eller hjemmel' }).click();
  const form = page.getByRole('form', { name: 'Registrér samtykke eller hjemmel' });
  await form.getByLabel('Hvad deles').selectOption('SOCIAL_DETAILS');
  await form.getByLabel('Med hvem').selectOption('MENTOR');
  const which = form.getByLabel('Hvilken mentor');
  await which.locator('option', { hasText: 'Mikkel Lund' }).waitFor({ state: 'attached' });
  await which.selectOption({ label: 'Mikkel Lund' });
  expect(await seriousViolations(page)).toEqual([]);
  await form.getByRole('button', { name: 'Registrér' }).click();
  await page.getByText('Registreret: Sociale oplysninger deles.').waitFor();
  await page.getByTestId('consent-active').getByText('Mikkel Lund (mentor)', { exact: true }).waitFor();
  const [entry] = await e2e.server.db.dataSource.query(
    `SELECT u.name FROM consent_entry c JOIN app_user u ON u.id = c.recipient_mentor_id WHERE c.recipient_kind = 'MENTOR' AND c.withdrawn_at IS NULL`,
  );
  expect(entry).toEqual({ name: 'Mikkel Lund' });

  await per.page.reload();
  const section = per.page.getByRole('region', { name: 'Samtykke og deling af dine oplysninger' });
  await section.getByText('Oplysninger om dine sociale forhold deles med din mentor Mikkel Lund.').waitFor();
});
