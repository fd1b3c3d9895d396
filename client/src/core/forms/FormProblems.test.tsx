import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockedProvider } from '@apollo/client/testing/react';
import { TEXT_LIMITS } from '@samplan/schema';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { useMemo, useState } from 'react';
import { VersionedEditForm, type FormField } from './VersionedEditForm';

/**
 * What an edit form says is wrong, and for how long: the limits of its texts before anything is
 * sent, every field the server refused at once, each at its field and in the summary (not a third
 * time in a box), and nothing that no longer applies.
 */

const record = { id: 'iv-bostotte', version: 3, title: 'Bostøtte', status: 'ACTIVE', endReason: null, startDate: '2026-01-05', legalBasis: 'SEL §85', notes: '' };

const STATUSES = [
  { value: 'ACTIVE', label: 'Aktiv' },
  { value: 'COMPLETED', label: 'Afsluttet' },
  { value: 'CANCELLED', label: 'Annulleret' },
];

const REASON_REQUIRED = 'Skriv, hvorfor indsatsen annulleres.';

/**
 * A form like "Redigér Bostøtte": "Begrundelse" is asked while the status is Afsluttet or
 * Annulleret, and must be written for Annulleret; the page holds the status and gives the form
 * its fields for it.
 */
function BostotteForm(props: { save: jest.Mock; limits?: boolean }) {
  const [status, setStatus] = useState(record.status);
  const fields = useMemo<FormField[]>(() => {
    const limited = (max: number) => (props.limits ? { maxChars: max } : {});
    const own: FormField[] = [
      { key: 'title', label: 'Titel', input: 'text', required: true, ...limited(TEXT_LIMITS.title) },
      { key: 'status', label: 'Status', input: 'select', options: STATUSES },
      { key: 'startDate', label: 'Startdato', input: 'date' },
      { key: 'legalBasis', label: 'Lovgrundlag', input: 'text', ...limited(100) },
      { key: 'notes', label: 'Noter', input: 'textarea', ...limited(TEXT_LIMITS.long) },
    ];
    if (status !== 'COMPLETED' && status !== 'CANCELLED') return own;
    const reason: FormField = { key: 'endReason', label: 'Begrundelse', input: 'textarea', required: status === 'CANCELLED', requiredMessage: REASON_REQUIRED };
    return [...own.slice(0, 2), reason, ...own.slice(2)];
  }, [status, props.limits]);
  return (
    <VersionedEditForm
      heading="Redigér Bostøtte"
      subject="Bostøtte"
      typename="SocialIntervention"
      fields={fields}
      record={record}
      save={props.save}
      loading={false}
      failedTitle="Ændringen blev ikke gemt"
      follow={(key, value) => {
        if (key === 'status') setStatus(value);
        return {};
      }}
      onDone={() => undefined}
      onCancel={() => undefined}
    />
  );
}

function renderForm(save = jest.fn(), limits = false) {
  render(
    <MockedProvider mocks={[]}>
      <BostotteForm save={save} limits={limits} />
    </MockedProvider>,
  );
  return { form: within(screen.getByRole('form', { name: 'Redigér Bostøtte' })), save };
}

const refused = (problems: Array<{ field: string; message: string }>) =>
  new CombinedGraphQLErrors({ errors: [{ message: problems[0]!.message, extensions: { code: 'BAD_USER_INPUT', field: problems[0]!.field, problems } }] });

/** The problem said at a field: the text tied to it as its error. */
function errorAt(form: ReturnType<typeof renderForm>['form'], label: string): string | null {
  const described = form.getByLabelText(label).getAttribute('aria-describedby') ?? '';
  return described.split(' ').map((id) => document.getElementById(id)).find((el) => el?.classList.contains('field-error'))?.textContent ?? null;
}

const summaryTexts = (form: ReturnType<typeof renderForm>['form']) => form.queryAllByRole('link').map((l) => l.textContent);

async function submit(form: ReturnType<typeof renderForm>['form']) {
  await act(async () => {
    fireEvent.click(form.getByRole('button', { name: 'Gem' }));
  });
}

describe('every field the server refused, at once', () => {
  it('shows each at its field and in the summary, and not a third time in a box', async () => {
    const problems = [
      { field: 'title', message: 'Titlen må højst være 200 tegn.' },
      { field: 'notes', message: 'Noterne må højst være 4000 tegn.' },
      { field: 'legalBasis', message: 'Lovgrundlaget er for langt.' },
    ];
    const { form } = renderForm(jest.fn().mockRejectedValueOnce(refused(problems)));
    fireEvent.change(form.getByLabelText('Titel'), { target: { value: 'x'.repeat(400) } });
    fireEvent.change(form.getByLabelText('Lovgrundlag'), { target: { value: 'l'.repeat(300) } });
    fireEvent.change(form.getByLabelText('Noter'), { target: { value: 'n'.repeat(5000) } });
    await submit(form);

    expect(errorAt(form, 'Titel')).toBe('Titlen må højst være 200 tegn.');
    expect(errorAt(form, 'Lovgrundlag')).toBe('Lovgrundlaget er for langt.');
    expect(errorAt(form, 'Noter')).toBe('Noterne må højst være 4000 tegn.');
    expect(summaryTexts(form)).toEqual(['Titlen må højst være 200 tegn.', 'Lovgrundlaget er for langt.', 'Noterne må højst være 4000 tegn.']);
    expect(form.queryByRole('alert')).toBeNull();
    expect(form.getAllByText('Titlen må højst være 200 tegn.')).toHaveLength(2);
  });

  it('a server that names one field only: that field, twice in all', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Titlen skal udfyldes.', extensions: { code: 'BAD_USER_INPUT', field: 'title' } }] });
    const { form } = renderForm(jest.fn().mockRejectedValueOnce(error));
    fireEvent.change(form.getByLabelText('Titel'), { target: { value: 'Bostøtte i eget hjem' } });
    await submit(form);
    expect(errorAt(form, 'Titel')).toBe('Titlen skal udfyldes.');
    expect(form.getAllByText('Titlen skal udfyldes.')).toHaveLength(2);
    expect(form.queryByRole('alert')).toBeNull();
  });

  it('a refusal of no field of the form is said in the box', async () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Ukendt delmål.', extensions: { code: 'BAD_USER_INPUT', field: 'subGoalIds' } }] });
    const { form } = renderForm(jest.fn().mockRejectedValueOnce(error));
    fireEvent.change(form.getByLabelText('Titel'), { target: { value: 'Bostøtte i eget hjem' } });
    await submit(form);
    expect(form.getByRole('alert').textContent).toContain('Ukendt delmål.');
  });

  it('a date the server refused: corrected, nothing of the refusal is left on screen', async () => {
    const years = 'Datoen skal ligge mellem år 1900 og 2199.';
    const save = jest.fn().mockRejectedValueOnce(refused([{ field: 'startDate', message: years }]));
    const { form } = renderForm(save);
    fireEvent.change(form.getByLabelText('Startdato'), { target: { value: '0001-01-01' } });
    await submit(form);
    expect(errorAt(form, 'Startdato')).toBe(years);

    fireEvent.change(form.getByLabelText('Startdato'), { target: { value: '2026-01-12' } });
    expect(form.queryByText(years, { exact: false })).toBeNull();
    expect(form.queryByRole('alert')).toBeNull();
    expect(form.queryByTestId('error-summary')).toBeNull();
  });
});

describe('a problem that no longer applies goes', () => {
  it('Annulleret without a reason, then Afsluttet: the reason is no longer asked, and its problem goes from the field and the summary', async () => {
    const { form, save } = renderForm();
    fireEvent.change(form.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    await submit(form);
    expect(save).not.toHaveBeenCalled();
    expect(errorAt(form, 'Begrundelse')).toBe(REASON_REQUIRED);
    expect(summaryTexts(form)).toEqual([REASON_REQUIRED]);

    await act(async () => {
      fireEvent.change(form.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    });
    expect(form.queryByText(REASON_REQUIRED)).toBeNull();
    expect(form.getByLabelText('Begrundelse').getAttribute('aria-invalid')).toBeNull();
    expect(form.queryByTestId('error-summary')).toBeNull();
  });

  it('a problem still found stays when another field changes, and does not come back once gone', async () => {
    const { form } = renderForm();
    fireEvent.change(form.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    fireEvent.change(form.getByLabelText('Titel'), { target: { value: '' } });
    await submit(form);
    expect(summaryTexts(form)).toEqual(['Skriv titel.', REASON_REQUIRED]);

    // Still Annulleret and still no reason: said as before.
    await act(async () => {
      fireEvent.change(form.getByLabelText('Noter'), { target: { value: 'Ringer fredag.' } });
    });
    expect(summaryTexts(form)).toEqual(['Skriv titel.', REASON_REQUIRED]);

    await act(async () => {
      fireEvent.change(form.getByLabelText('Status'), { target: { value: 'COMPLETED' } });
    });
    expect(summaryTexts(form)).toEqual(['Skriv titel.']);
    // Annulleret again before saving: the reason's problem is said at the next save, not now.
    await act(async () => {
      fireEvent.change(form.getByLabelText('Status'), { target: { value: 'CANCELLED' } });
    });
    expect(summaryTexts(form)).toEqual(['Skriv titel.']);
  });

  it('what the server refused stays until its field is changed: the form cannot judge it', async () => {
    const years = 'Datoen skal ligge mellem år 1900 og 2199.';
    const { form } = renderForm(jest.fn().mockRejectedValueOnce(refused([{ field: 'startDate', message: years }])));
    fireEvent.change(form.getByLabelText('Startdato'), { target: { value: '0001-01-01' } });
    await submit(form);
    await act(async () => {
      fireEvent.change(form.getByLabelText('Noter'), { target: { value: 'Ringer fredag.' } });
    });
    expect(errorAt(form, 'Startdato')).toBe(years);
  });
});

describe('the limits of the texts', () => {
  it('are said in the hints, and every text over its limit is refused before anything is sent', async () => {
    const { form, save } = renderForm(jest.fn(), true);
    const hintOf = (label: string) => form.getByLabelText(label).getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(hintOf('Titel')).toBe('Højst 200 tegn.');
    expect(hintOf('Lovgrundlag')).toBe('Højst 100 tegn.');
    expect(hintOf('Noter')).toBe('Højst 4.000 tegn.');

    fireEvent.change(form.getByLabelText('Titel'), { target: { value: 'x'.repeat(400) } });
    fireEvent.change(form.getByLabelText('Lovgrundlag'), { target: { value: 'l'.repeat(300) } });
    fireEvent.change(form.getByLabelText('Noter'), { target: { value: 'n'.repeat(5000) } });
    await submit(form);
    expect(save).not.toHaveBeenCalled();
    expect(summaryTexts(form)).toEqual([
      'Titel må højst være 200 tegn (du har skrevet 400).',
      'Lovgrundlag må højst være 100 tegn (du har skrevet 300).',
      'Noter må højst være 4.000 tegn (du har skrevet 5.000).',
    ]);
    expect(errorAt(form, 'Lovgrundlag')).toBe('Lovgrundlag må højst være 100 tegn (du har skrevet 300).');
  });

  it('count as the server counts: a text at its limit in emoji is sent', async () => {
    const { form, save } = renderForm(jest.fn().mockResolvedValueOnce({}), true);
    fireEvent.change(form.getByLabelText('Lovgrundlag'), { target: { value: '😀'.repeat(100) } });
    await submit(form);
    expect(save).toHaveBeenCalledWith({ legalBasis: '😀'.repeat(100) }, 3, expect.anything(), undefined);
  });
});
