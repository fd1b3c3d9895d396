import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { periodProblems, problemOf, type EditField } from './fields';
import { VersionedEditForm } from './VersionedEditForm';

const FIELDS: EditField[] = [
  { key: 'title', label: 'Titel', input: 'text', required: true },
  { key: 'startDate', label: 'Startdato', input: 'date' },
  { key: 'endDate', label: 'Slutdato', input: 'date' },
];
const RECORD = { id: 'iv-1', version: 3, title: 'Bostøtte', startDate: '2026-03-01', endDate: '2026-09-01' };

function renderForm(save: jest.Mock) {
  render(
    <MockedProvider>
      <VersionedEditForm
        heading="Redigér Bostøtte"
        subject="Bostøtte"
        typename="SocialIntervention"
        fields={FIELDS}
        record={RECORD}
        check={(values) => periodProblems(FIELDS, values)}
        save={save}
        loading={false}
        failedTitle="Indsatsen blev ikke ændret"
        onDone={() => undefined}
        onCancel={() => undefined}
      />
    </MockedProvider>,
  );
  const form = screen.getByRole('form', { name: 'Redigér Bostøtte' });
  const field = (label: string) => within(form).getByLabelText(label) as HTMLInputElement;
  const submit = () => fireEvent.click(within(form).getByRole('button', { name: 'Gem' }));
  return { form, field, submit };
}

describe('the error summary ("Der er et problem")', () => {
  it('lists every problem at once, takes focus, links each to its field, and each field keeps its own message', () => {
    const save = jest.fn();
    const { form, field, submit } = renderForm(save);
    fireEvent.change(field('Titel'), { target: { value: '  ' } });
    fireEvent.change(field('Slutdato'), { target: { value: '2026-02-01' } });
    submit();

    const summary = within(form).getByTestId('error-summary');
    expect(within(summary).getByRole('heading', { name: 'Der er et problem' })).toBeTruthy();
    const links = within(summary).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['Skriv titel.', 'Slutdato må ikke ligge før startdato.']);
    expect(document.activeElement).toBe(summary);
    expect(save).not.toHaveBeenCalled();

    // Each field says it too, tied to the field.
    const end = field('Slutdato');
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(end.getAttribute('aria-describedby')!)?.textContent).toBe('Slutdato må ikke ligge før startdato.');

    fireEvent.click(links[1]!);
    expect(document.activeElement).toBe(end);

    // Fixing one field removes it from the list without pulling focus away from the field.
    fireEvent.change(field('Titel'), { target: { value: 'Bostøtte' } });
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual(['Slutdato må ikke ligge før startdato.']);
    expect(document.activeElement).toBe(end);

    // A second failed submit takes focus to the summary again.
    submit();
    expect(document.activeElement).toBe(within(form).getByTestId('error-summary'));
  });

  it('puts the server’s BAD_USER_INPUT for a field in the same summary', async () => {
    const save = jest.fn().mockRejectedValue(
      new CombinedGraphQLErrors({ errors: [{ message: 'Titlen må højst være 200 tegn.', extensions: { code: 'BAD_USER_INPUT', field: 'title' } }] }),
    );
    const { form, field, submit } = renderForm(save);
    fireEvent.change(field('Titel'), { target: { value: 'Bostøtte i eget hjem' } });
    await act(async () => submit());

    expect(save.mock.calls[0].slice(0, 2)).toEqual([{ title: 'Bostøtte i eget hjem' }, 3]);
    const summary = await within(form).findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: 'Titlen må højst være 200 tegn.' }).getAttribute('href')).toBe(`#${field('Titel').id}`);
    expect(document.activeElement).toBe(summary);
    expect(field('Titel').value).toBe('Bostøtte i eget hjem');
  });

  it('shows nothing while there is no problem', () => {
    const { form } = renderForm(jest.fn());
    expect(within(form).queryByTestId('error-summary')).toBeNull();
    expect(within(form).queryByText('Der er et problem')).toBeNull();
  });
});

describe('dates checked in the browser', () => {
  const day: EditField = { key: 'decidedOn', label: 'Afgørelsesdato', input: 'date' };
  const at: EditField = { key: 'heldAt', label: 'Tidspunkt', input: 'datetime' };

  it('accepts only a day that exists, with a Danish message', () => {
    expect(problemOf(day, '2026-02-30')).toBe('Afgørelsesdato skal være en rigtig dato, fx 31.12.2026.');
    expect(problemOf(day, '1. marts')).toBe('Afgørelsesdato skal være en rigtig dato, fx 31.12.2026.');
    expect(problemOf(day, '2028-02-29')).toBeNull();
    expect(problemOf(day, '')).toBeNull();
    expect(problemOf(at, '2026-03-01T25:00')).toBe('Skriv en rigtig dato og et klokkeslæt i tidspunkt.');
    expect(problemOf(at, '2026-03-01T09:30')).toBeNull();
  });

  it('refuses an end before the start where the form has both, and nothing where it has one', () => {
    expect(periodProblems(FIELDS, { startDate: '2026-03-01', endDate: '2026-02-28' })).toEqual({ endDate: 'Slutdato må ikke ligge før startdato.' });
    expect(periodProblems(FIELDS, { startDate: '2026-03-01', endDate: '2026-03-01' })).toEqual({});
    expect(periodProblems(FIELDS, { startDate: '', endDate: '2026-02-28' })).toEqual({});
    expect(periodProblems([FIELDS[2]!], { endDate: '2026-02-28' })).toEqual({});
    const meeting: EditField[] = [
      { key: 'from', label: 'Fra', input: 'datetime' },
      { key: 'until', label: 'Til', input: 'datetime', notBefore: 'from' },
    ];
    expect(periodProblems(meeting, { from: '2026-03-01T10:00', until: '2026-03-01T09:00' })).toEqual({ until: 'Til må ikke ligge før fra.' });
  });
});
