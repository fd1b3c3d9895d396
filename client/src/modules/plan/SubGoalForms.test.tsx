import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { fireEvent, screen, within } from '@testing-library/react';
import { perPlan, PLAN_ID, progressPoint, renderPlanPage, subGoal } from '../../test-support/plan-page';
import { recordedRequests } from '../../test-support/requests';
import { checkProgressValue, CreateSubGoalMutation, RecordSubGoalProgressMutation } from './SubGoalForms';

const section = () => screen.getByTestId('subgoals-section');
const butikGoal = () => within(section()).getAllByTestId('sub-goal')[0]!;
const team = perPlan({ myStanding: 'TEAM' });

describe('Nyt delmål', () => {
  const input = { planId: PLAN_ID, area: 'SOCIAL', text: 'Flytte i egen lejlighed', reason: 'Per bor hjemme og vil gerne klare sig selv.' };
  const created = { ...subGoal({ id: 'sg-bolig', area: 'SOCIAL', text: input.text, reason: input.reason, progress: [] }), planId: PLAN_ID };

  function fill() {
    fireEvent.click(within(section()).getByRole('button', { name: 'Nyt delmål' }));
    const form = within(section()).getByRole('form', { name: 'Nyt delmål' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Indsatsområde'));
    fireEvent.change(within(form).getByLabelText('Indsatsområde'), { target: { value: 'SOCIAL' } });
    fireEvent.change(within(form).getByLabelText('Delmål'), { target: { value: ` ${input.text} ` } });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: input.reason } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj delmål' }));
    return form;
  }

  it('the coordinator adds a sub-goal; it shows under its area at once, once', async () => {
    const { serverSends } = renderPlanPage({
      viewer: 'anna',
      mocks: [{ request: { query: CreateSubGoalMutation, variables: { input } }, result: { data: { createSubGoal: created } } }],
    });
    fill();
    await within(section()).findByText('Delmålet »Flytte i egen lejlighed« er tilføjet under Socialt.');
    const social = within(section()).getByRole('region', { name: 'Socialt' });
    expect(within(social).getByText('Flytte i egen lejlighed')).toBeTruthy();
    expect(within(social).getByText('Ingen målinger endnu.')).toBeTruthy();
    expect(document.activeElement).toBe(within(section()).getByRole('button', { name: 'Nyt delmål' }));

    serverSends(perPlan({ subGoals: [subGoal(), created] }));
    expect(within(section()).getAllByText('Flytte i egen lejlighed')).toHaveLength(1);
  });

  it('is only for the coordinator', () => {
    renderPlanPage({ viewer: 'bent', plan: team });
    expect(within(section()).queryByRole('button', { name: 'Nyt delmål' })).toBeNull();
  });

  it('asks for area, text and reason in Danish before sending', () => {
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(section()).getByRole('button', { name: 'Nyt delmål' }));
    const form = within(section()).getByRole('form', { name: 'Nyt delmål' });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj delmål' }));
    expect(within(form).getByText('Vælg indsatsområde.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByText('Skriv delmålet.', { selector: '.field-error' })).toBeTruthy();
    expect(within(form).getByText('Skriv en begrundelse for delmålet.', { selector: '.field-error' })).toBeTruthy();
    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Vælg indsatsområde.', 'Skriv delmålet.', 'Skriv en begrundelse for delmålet.']);
    expect(document.activeElement).toBe(summary);
    expect(within(form).getByLabelText('Begrundelse').getAttribute('aria-invalid')).toBe('true');
  });

  it('says the limits of text and reason in their hints, as the server checks them, and refuses a longer text before anything is sent', async () => {
    const { mock, sent } = recordedRequests(CreateSubGoalMutation, { data: { createSubGoal: created } });
    renderPlanPage({ viewer: 'anna', mocks: [mock] });
    fireEvent.click(within(section()).getByRole('button', { name: 'Nyt delmål' }));
    const form = within(section()).getByRole('form', { name: 'Nyt delmål' });
    const described = (name: string) => within(form).getByLabelText(name).getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described('Delmål')).toEqual(['Hvad borgeren vil nå, med borgerens egne ord. Højst 1.000 tegn.']);
    expect(described('Begrundelse')).toEqual(['Højst 4.000 tegn.']);

    fireEvent.change(within(form).getByLabelText('Indsatsområde'), { target: { value: 'SOCIAL' } });
    fireEvent.change(within(form).getByLabelText('Delmål'), { target: { value: ` ${'x'.repeat(1001)} ` } });
    fireEvent.change(within(form).getByLabelText('Begrundelse'), { target: { value: input.reason } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj delmål' }));
    expect(within(within(form).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual(['Delmål må højst være 1.000 tegn (du har skrevet 1.001).']);
    expect(within(form).getByLabelText('Delmål').getAttribute('aria-invalid')).toBe('true');

    // Within its limit it goes, and it is the only delmål sent.
    fireEvent.change(within(form).getByLabelText('Delmål'), { target: { value: input.text } });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj delmål' }));
    await within(section()).findByText('Delmålet »Flytte i egen lejlighed« er tilføjet under Socialt.');
    expect(sent.mock.calls).toEqual([[{ input }]]);
  });

  it('after a refused submit, typing in a field keeps the focus there: the summary takes it only for a new problem', async () => {
    renderPlanPage({ viewer: 'anna' });
    fireEvent.click(within(section()).getByRole('button', { name: 'Nyt delmål' }));
    const form = within(section()).getByRole('form', { name: 'Nyt delmål' });
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj delmål' }));
    const text = within(form).getByLabelText('Delmål');
    for (const typed of ['K', 'Ka', 'Kan']) {
      text.focus();
      fireEvent.change(text, { target: { value: typed } });
      await new Promise((r) => setTimeout(r, 0));
      expect(document.activeElement).toBe(text);
    }
    // Sending again with problems left: the summary takes the focus, as before.
    fireEvent.click(within(form).getByRole('button', { name: 'Tilføj delmål' }));
    expect(document.activeElement).toBe(within(form).getByTestId('error-summary'));
  });

  it('shows every field the server refuses by its field and in the summary, not a third time in a box', async () => {
    const problems = [
      { field: 'text', message: 'Delmålet må højst være 1000 tegn.' },
      { field: 'reason', message: 'Begrundelsen må højst være 4000 tegn.' },
    ];
    const error = new CombinedGraphQLErrors({ errors: [{ message: problems[0]!.message, extensions: { code: 'BAD_USER_INPUT', field: 'text', problems } }] });
    renderPlanPage({ viewer: 'anna', mocks: [{ request: { query: CreateSubGoalMutation, variables: { input } }, error }] });
    const form = fill();
    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(problems.map((p) => p.message));
    for (const [label, message] of [['Delmål', problems[0]!.message], ['Begrundelse', problems[1]!.message]] as const) {
      const field = within(form).getByLabelText(label);
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(message);
    }
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('shows the rule the server gives when it refuses', async () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Koordinatoren er netop blevet skiftet af en anden. Genindlæs planen.', extensions: { code: 'RULE_VIOLATION', rule: 'COORDINATOR_CHANGED' } }],
    });
    renderPlanPage({ viewer: 'anna', mocks: [{ request: { query: CreateSubGoalMutation, variables: { input } }, error }] });
    const form = fill();
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe(
      'Delmålet blev ikke tilføjetÆndringen er ikke tilladt. Koordinatoren er netop blevet skiftet af en anden. Genindlæs planen.',
    );
    expect(within(section()).queryByRole('region', { name: 'Socialt' })).toBeNull();
  });
});

describe('Registrér progression', () => {
  const input = { subGoalId: 'sg-butik', measuredOn: '2026-11-01', scale: 'ONE_TO_FIVE', value: 4, comment: 'Fylder mælk op uden hjælp' };
  const recorded = { ...progressPoint('pg-new', '2026-11-01', 4, 'ONE_TO_FIVE', 'Fylder mælk op uden hjælp'), subGoalId: 'sg-butik' };
  const caption = () => butikGoal().querySelector('figcaption')?.textContent;

  function open() {
    const button = within(butikGoal()).getByRole('button', { name: 'Registrér progression på Løse faste opgaver i butikken selvstændigt' });
    fireEvent.click(button);
    return { button, form: within(butikGoal()).getByRole('form', { name: 'Ny måling' }) };
  }

  function fill(form: HTMLElement, value = '4') {
    fireEvent.change(within(form).getByLabelText('Målt den'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(form).getByLabelText('Værdi'), { target: { value } });
    fireEvent.change(within(form).getByLabelText('Kommentar'), { target: { value: 'Fylder mælk op uden hjælp' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem måling' }));
  }

  it('anyone on the plan records a measurement; the chart shows the new point at once, once', async () => {
    const { serverSends } = renderPlanPage({
      viewer: 'bent',
      plan: team,
      mocks: [{ request: { query: RecordSubGoalProgressMutation, variables: { input } }, result: { data: { recordSubGoalProgress: recorded } } }],
    });
    expect(caption()).toBe('2 målinger fra 1. september 2026 til 1. oktober 2026: steget fra 2 af 5 til 3 af 5.');
    const { button, form } = open();
    expect(document.activeElement).toBe(within(form).getByLabelText('Målt den'));
    // Measured 1–5 before, so 1–5 it is: the other scale is not offered.
    expect(within(form).getByText('Skala: 1–5')).toBeTruthy();
    expect(within(form).queryByRole('combobox', { name: 'Skala' })).toBeNull();
    fill(form);

    await within(butikGoal()).findByText('Målingen er gemt: 4 af 5 den 1. november 2026.');
    expect(caption()).toBe('3 målinger fra 1. september 2026 til 1. november 2026: steget fra 2 af 5 til 4 af 5.');
    expect(butikGoal().querySelectorAll('circle')).toHaveLength(3);
    expect(within(butikGoal()).getByRole('cell', { name: 'Fylder mælk op uden hjælp' })).toBeTruthy();
    // Each measurement says who registered it, as the chart's table lists them.
    const row = within(butikGoal()).getByRole('cell', { name: 'Fylder mælk op uden hjælp' }).closest('tr')!;
    expect(within(butikGoal()).getByRole('columnheader', { name: 'Registreret af' })).toBeTruthy();
    expect(row.lastElementChild?.textContent).toBe('Bent Sørensen');
    expect(document.activeElement).toBe(button);

    serverSends(perPlan({ myStanding: 'TEAM', subGoals: [subGoal({ progress: [...subGoal().progress, recorded] })] }));
    expect(butikGoal().querySelectorAll('circle')).toHaveLength(3);
  });

  it('places a measurement for an earlier date in date order', async () => {
    const earlier = { ...input, measuredOn: '2026-09-15', comment: null };
    renderPlanPage({
      viewer: 'anna',
      mocks: [
        {
          request: { query: RecordSubGoalProgressMutation, variables: { input: earlier } },
          result: { data: { recordSubGoalProgress: { ...progressPoint('pg-mid', '2026-09-15', 4), subGoalId: 'sg-butik' } } },
        },
      ],
    });
    const { form } = open();
    fireEvent.change(within(form).getByLabelText('Målt den'), { target: { value: '2026-09-15' } });
    fireEvent.change(within(form).getByLabelText('Værdi'), { target: { value: '4' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Gem måling' }));
    await within(butikGoal()).findByText('Målingen er gemt: 4 af 5 den 15. september 2026.');
    const dates = within(butikGoal()).getAllByRole('row').slice(1).map((r) => r.firstElementChild?.textContent);
    expect(dates).toEqual(['1. september 2026', '15. september 2026', '1. oktober 2026']);
  });

  it('checks the value against the scale in Danish before sending', () => {
    renderPlanPage({ viewer: 'anna' });
    const { form } = open();
    fill(form, '7');
    const value = within(form).getByLabelText('Værdi');
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(value.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toEqual([
      'Et helt tal fra 1 til 5.',
      'Skriv et helt tal fra 1 til 5.',
    ]);
  });

  it('shows the server’s Danish message when it refuses', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Delmålet findes ikke.', extensions: { code: 'NOT_FOUND' } }] });
    renderPlanPage({ viewer: 'anna', mocks: [{ request: { query: RecordSubGoalProgressMutation, variables: { input } }, error }] });
    const { form } = open();
    fill(form);
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('Målingen blev ikke gemtFindes ikke eller du har ikke adgang.');
    expect(butikGoal().querySelectorAll('circle')).toHaveLength(2);
  });

  it('Escape closes the form and gives focus back to its button', () => {
    renderPlanPage({ viewer: 'anna' });
    const { button, form } = open();
    fireEvent.keyDown(within(form).getByLabelText('Værdi'), { key: 'Escape' });
    expect(within(butikGoal()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});

describe('a sub-goal is measured on one scale', () => {
  const unmeasured = subGoal({ progress: [] });
  const form = () => within(butikGoal()).getByRole('form', { name: 'Ny måling' });
  const openForm = () => {
    fireEvent.click(within(butikGoal()).getByRole('button', { name: 'Registrér progression på Løse faste opgaver i butikken selvstændigt' }));
    return form();
  };
  const described = (element: HTMLElement) => element.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);

  it('its first measurement offers both scales and says the later ones keep to the one chosen', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ subGoals: [unmeasured] }) });
    const scale = within(openForm()).getByRole('combobox', { name: 'Skala' }) as HTMLSelectElement;
    expect([...scale.options].map((o) => o.textContent)).toEqual(['1–5', '0–100 %']);
    expect(described(scale)).toEqual(['Delmålets senere målinger skal være på samme skala, så de kan sammenlignes.']);
    fireEvent.change(scale, { target: { value: 'PERCENT' } });
    expect(within(form()).getByText('Et helt tal fra 0 til 100.')).toBeTruthy();
  });

  it('once measured, the form shows the scale as text with why, and sends that scale', async () => {
    const measured = subGoal({ progress: [progressPoint('pg-1', '2026-09-01', 40, 'PERCENT')] });
    const { mock, sent } = recordedRequests(RecordSubGoalProgressMutation, {
      data: { recordSubGoalProgress: { ...progressPoint('pg-new', '2026-11-01', 50, 'PERCENT'), subGoalId: 'sg-butik' } },
    });
    renderPlanPage({ viewer: 'anna', plan: perPlan({ subGoals: [measured] }), mocks: [mock] });
    const opened = openForm();
    expect(within(opened).queryByRole('combobox', { name: 'Skala' })).toBeNull();
    expect(described(within(opened).getByText('Skala: 0–100 %'))).toEqual(['Som delmålets tidligere målinger, så de kan sammenlignes.']);
    fireEvent.change(within(opened).getByLabelText('Målt den'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(opened).getByLabelText('Værdi'), { target: { value: '50' } });
    fireEvent.click(within(opened).getByRole('button', { name: 'Gem måling' }));
    await within(butikGoal()).findByText('Målingen er gemt: 50 % den 1. november 2026.', undefined, { timeout: 5000 });
    expect(sent.mock.calls).toEqual([[{ input: { subGoalId: 'sg-butik', measuredOn: '2026-11-01', scale: 'PERCENT', value: 50, comment: null } }]]);
  });

  it('a measurement someone else records while the form is open settles the scale in it', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna', plan: perPlan({ subGoals: [unmeasured] }) });
    expect(within(openForm()).getByRole('combobox', { name: 'Skala' })).toBeTruthy();
    serverSends(perPlan({ subGoals: [subGoal({ progress: [progressPoint('pg-1', '2026-09-01', 40, 'PERCENT', null, 'Carla Madsen')] })] }));
    expect(await within(form()).findByText('Skala: 0–100 %', undefined, { timeout: 5000 })).toBeTruthy();
    expect(within(form()).queryByRole('combobox', { name: 'Skala' })).toBeNull();
    expect(within(form()).getByText('Et helt tal fra 0 til 100.')).toBeTruthy();
  });

  it('the server’s refusal of the scale is shown by the scale', async () => {
    const message = 'Delmålet måles på skalaen 0–100 %. Brug samme skala, så målingerne kan sammenlignes.';
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field: 'scale' } }] });
    const input = { subGoalId: 'sg-butik', measuredOn: '2026-11-01', scale: 'ONE_TO_FIVE', value: 4, comment: null };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ subGoals: [unmeasured] }), mocks: [{ request: { query: RecordSubGoalProgressMutation, variables: { input } }, error }] });
    const opened = openForm();
    fireEvent.change(within(opened).getByLabelText('Målt den'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(opened).getByLabelText('Værdi'), { target: { value: '4' } });
    fireEvent.click(within(opened).getByRole('button', { name: 'Gem måling' }));
    const summary = await within(opened).findByTestId('error-summary', undefined, { timeout: 5000 });
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual([message]);
    expect(described(within(opened).getByRole('combobox', { name: 'Skala' }))).toContain(message);
  });

  it('measurements stored on both scales: the chart joins only those on the latest scale, says why, and lists them all', () => {
    const mixed = subGoal({
      progress: [progressPoint('pg-1', '2026-08-01', 1), progressPoint('pg-2', '2026-09-01', 4), progressPoint('pg-3', '2026-10-01', 20, 'PERCENT'), progressPoint('pg-4', '2026-11-01', 50, 'PERCENT')],
    });
    renderPlanPage({ viewer: 'anna', plan: perPlan({ subGoals: [mixed] }) });
    expect(butikGoal().querySelector('figcaption')?.textContent).toBe(
      '2 målinger på skalaen 0–100 % fra 1. oktober 2026 til 1. november 2026: steget fra 20 % til 50 %. ' +
        '2 målinger på skalaen 1–5 er ikke med: de kan ikke sammenlignes med målinger på skalaen 0–100 %.',
    );
    expect(butikGoal().querySelectorAll('circle')).toHaveLength(2);
    const values = within(butikGoal()).getAllByRole('row').slice(1).map((r) => r.children[1]?.textContent);
    expect(values).toEqual(['1 af 5', '4 af 5', '20 %', '50 %']);
    expect(within(openForm()).getByText('Skala: 0–100 %')).toBeTruthy();
  });
});

describe('checkProgressValue', () => {
  it.each([
    ['3', 'ONE_TO_FIVE', { value: 3 }],
    ['0', 'ONE_TO_FIVE', { problem: 'Skriv et helt tal fra 1 til 5.' }],
    ['2,5', 'ONE_TO_FIVE', { problem: 'Skriv et helt tal fra 1 til 5.' }],
    ['', 'ONE_TO_FIVE', { problem: 'Skriv værdien.' }],
    ['0', 'PERCENT', { value: 0 }],
    [' 100 ', 'PERCENT', { value: 100 }],
    ['101', 'PERCENT', { problem: 'Skriv et helt tal fra 0 til 100.' }],
  ] as const)('%j on %s', (text, scale, expected) => {
    expect(checkProgressValue(text, scale)).toEqual(expected);
  });
});
