/// <reference lib="dom" />
import { planIdOf, signedInPage, startE2E, type E2E, type UserPage } from './support/browser';

/**
 * What is typed and not saved is not thrown away by a click elsewhere: in a real browser, a
 * link to another page, the browser's back button and a reload ask first while a form holds
 * it. Staying keeps the text where it was.
 */

jest.setTimeout(120_000);

let e2e: E2E;
let perPlanId: string;
let anna: UserPage;

beforeAll(async () => {
  e2e = await startE2E();
  perPlanId = await planIdOf(e2e, 'Per Hansen');
  anna = await signedInPage(e2e, 'anna');
});

afterAll(async () => {
  await anna?.context.close();
  await e2e?.stop();
});

it('a samtale\'s summary being written: the menu and the back button ask first, "Bliv på siden" keeps it, a reload asks the browser', async () => {
  const { page } = anna;
  // From Mine sager to the plan inside the app, so "back" stays in the page (a popstate).
  await page.goto(`${e2e.server.url}/mine-sager`);
  await page.getByRole('link', { name: /Per Hansen/ }).first().click();
  await page.waitForURL(new RegExp(`/plan/${perPlanId}$`));
  await page.getByRole('button', { name: 'Registrér opfølgningssamtale' }).click();
  const summary = page.getByLabel('Resumé');
  await summary.fill('Per vil gerne prøve lager');

  // The main menu's "Mine sager": asked, and staying keeps the page and the text.
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Mine sager' }).click();
  const question = page.getByRole('alertdialog', { name: 'Vil du forlade siden?' });
  await question.waitFor();
  await question.getByRole('button', { name: 'Bliv på siden' }).click();
  await question.waitFor({ state: 'detached' });
  expect(new URL(page.url()).pathname).toBe(`/plan/${perPlanId}`);
  await expect(summary.inputValue()).resolves.toBe('Per vil gerne prøve lager');

  // A reload: the browser's own question (beforeunload), answered "stay".
  const asked = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.type()), void d.dismiss())));
  void page.reload().catch(() => undefined);
  await expect(asked).resolves.toBe('beforeunload');
  await expect(summary.inputValue()).resolves.toBe('Per vil gerne prøve lager');

  // The back button: the plan stays while asked; leaving goes back to Mine sager.
  await page.goBack();
  await question.waitFor();
  expect(new URL(page.url()).pathname).toBe(`/plan/${perPlanId}`);
  await expect(summary.inputValue()).resolves.toBe('Per vil gerne prøve lager');
  await question.getByRole('button', { name: 'Forlad siden' }).click();
  await page.waitForURL(/\/mine-sager$/);
  await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);
});
