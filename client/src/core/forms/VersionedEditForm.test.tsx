import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { RecordEditingContext, type RecordEditing } from './recordEditing';
import { VersionedEditForm, type FormField, type VersionedRecord } from './VersionedEditForm';

const FIELDS: readonly FormField[] = [
  { key: 'title', label: 'Titel', input: 'text', required: true },
  { key: 'notes', label: 'Noter', input: 'textarea', apiValue: (text) => text },
];

const record = { id: 'iv-praktik', version: 3, title: 'Virksomhedspraktik', notes: 'Per møder kl. 8.' };

const conflict = (current: Record<string, unknown>) =>
  new CombinedGraphQLErrors({ errors: [{ message: 'Posten er ændret af en anden.', extensions: { code: 'CONFLICT', current } }] });

const annasVersion = { ...record, version: 4, notes: 'Per møder kl. 8. Anna: ring til butikschefen fredag.', updatedAt: '2026-11-23T09:41:00.000Z', updatedById: 'u-anna' };
const MY_NOTES = 'Per møder kl. 8 og har egen nøgle.';

type FormOptions = { save: jest.Mock; editing?: RecordEditing; fields?: readonly FormField[]; record?: VersionedRecord; liveVersion?: number | null };

/** The form on the intervention (or another record), in what the page gives it. */
function formOn(options: FormOptions, onDone: jest.Mock) {
  const form = (
    <VersionedEditForm
      heading="Redigér Virksomhedspraktik"
      subject="Virksomhedspraktik"
      typename="JobcenterIntervention"
      fields={options.fields ?? FIELDS}
      record={options.record ?? record}
      liveVersion={options.liveVersion}
      save={options.save}
      loading={false}
      failedTitle="Ændringen blev ikke gemt"
      onDone={onDone}
      onCancel={() => onDone('annulleret')}
    />
  );
  return <MockedProvider mocks={[]}>{options.editing ? <RecordEditingContext.Provider value={options.editing}>{form}</RecordEditingContext.Provider> : form}</MockedProvider>;
}

function renderForm(options: FormOptions) {
  const onDone = jest.fn();
  const view = render(formOn(options, onDone));
  return { ...view, onDone, rerenderWith: (more: Partial<FormOptions>) => view.rerender(formOn({ ...options, ...more }, onDone)) };
}

function editNotesAndSave() {
  fireEvent.change(screen.getByLabelText('Noter'), { target: { value: MY_NOTES } });
  fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
}

const notesField = () => screen.getByRole('group', { name: 'Noter' });

describe('VersionedEditForm after a conflict', () => {
  it('names no one it is not sure of: a newer save by Bent met before his event arrived is not told as the viewer\'s own older save', async () => {
    // Dorte's own earlier save is the newest event heard; the record says Bent saved the version met.
    const heard = [{ id: 'u-dorte', name: 'Dorte Madsen' }];
    const editing: RecordEditing = {
      open: () => () => undefined,
      newestHeard: () => null,
      lastSavedBy: (_recordId, byId) => heard.find((a) => !byId || a.id === byId)?.name ?? null,
      lastSavedByMe: () => true,
      isMe: (id) => id === 'u-dorte',
    };
    const save = jest.fn().mockRejectedValueOnce(conflict({ ...annasVersion, updatedById: 'u-bent' }));
    renderForm({ save, editing });
    editNotesAndSave();
    const view = await screen.findByTestId('conflict-view');
    expect(view.textContent).not.toContain('Dorte Madsen');
    expect(view.textContent).not.toMatch(/gemt af dig/i);
  });

  it('a record that names no saver (a programme): named by a save of someone else heard since the form opened, else not named', async () => {
    // As the plan page hears them, newest first: my own save before the form opened.
    const heard = [{ seq: '12', id: 'u-dorte', name: 'Dorte Madsen' }];
    const editing: RecordEditing = {
      open: () => () => undefined,
      newestHeard: () => heard[0]?.seq ?? null,
      lastSavedBy: (_recordId, byId, after) => {
        const save = heard.find((a) => !byId || a.id === byId);
        return save && (after === undefined || after === null || Number(save.seq) > Number(after)) ? save.name : null;
      },
      lastSavedByMe: (_recordId, after) => {
        const save = heard[0];
        return !!save && (after === undefined || after === null || Number(save.seq) > Number(after)) && save.id === 'u-dorte';
      },
      isMe: (id) => id === 'u-dorte',
    };
    const { updatedById: _nobody, ...unnamed } = annasVersion;
    const save = jest.fn().mockRejectedValueOnce(conflict(unnamed)).mockRejectedValueOnce(conflict({ ...unnamed, version: 5 }));
    renderForm({ save, editing });
    editNotesAndSave();
    const view = await screen.findByTestId('conflict-view');
    expect(view.textContent).not.toContain('Dorte Madsen');
    expect(within(view).getByText(/^Der blev gemt en nyere udgave/)).toBeTruthy();
    expect(within(notesField()).getByText('Nyeste gemte udgave')).toBeTruthy();

    // Bent's save comes live while I choose, and the next try meets it.
    heard.unshift({ seq: '13', id: 'u-bent', name: 'Bent Sørensen' });
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));
    expect(await within(view).findByText(/^Bent Sørensen gemte en nyere udgave/)).toBeTruthy();
    expect(within(notesField()).getByText('Bent Sørensens udgave')).toBeTruthy();
  });

  it('merges: saves the merged text on the newest version with the version I started from, and keeps my text on screen', async () => {
    const save = jest.fn().mockRejectedValueOnce(conflict(annasVersion)).mockResolvedValueOnce({});
    const { onDone } = renderForm({ save, editing: { open: () => () => undefined, newestHeard: () => null, lastSavedBy: () => 'Anna Holm', lastSavedByMe: () => false, isMe: () => false } });
    editNotesAndSave();
    expect(save).toHaveBeenLastCalledWith({ notes: MY_NOTES }, 3, expect.objectContaining({ version: 3 }), undefined);

    const view = await screen.findByTestId('conflict-view');
    // Named from the plan's live events: the record in the conflict does not name who saved.
    expect(within(view).getByText(/^Anna Holm gemte en nyere udgave/)).toBeTruthy();
    fireEvent.click(within(notesField()).getByRole('radio', { name: 'Flet' }));
    const merged = 'Per møder kl. 8 og har egen nøgle. Ring til butikschefen fredag.';
    fireEvent.change(screen.getByLabelText('Flettet tekst: Noter'), { target: { value: merged } });
    fireEvent.click(within(view).getByRole('button', { name: 'Gem valgene' }));

    await screen.findByTestId('saved-after-conflict');
    expect(save).toHaveBeenLastCalledWith({ notes: merged }, 4, expect.objectContaining({ version: 4 }), 3);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Ændringen er gemt.'));
    // My own text stays until I close the form.
    const mine = screen.getByRole('region', { name: 'Din tekst' });
    expect(within(mine).getByText(MY_NOTES)).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Luk' }));
    expect(onDone).toHaveBeenCalledWith('Ændringen er gemt.');
  });

  it('a new conflict during the merge refreshes the view with the newest version and keeps my text and my merge', async () => {
    const bentsVersion = { ...annasVersion, version: 5, notes: 'Bent: Per flytter 1. december.', updatedBy: { id: 'u-bent', name: 'Bent Sørensen' } };
    const save = jest.fn().mockRejectedValueOnce(conflict(annasVersion)).mockRejectedValueOnce(conflict(bentsVersion)).mockResolvedValueOnce({});
    renderForm({ save });
    editNotesAndSave();
    await screen.findByTestId('conflict-view');
    fireEvent.click(within(notesField()).getByRole('radio', { name: 'Flet' }));
    fireEvent.change(screen.getByLabelText('Flettet tekst: Noter'), { target: { value: 'Min flettede tekst' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));

    await waitFor(() => expect(within(notesField()).getByText('Bent Sørensens udgave').nextElementSibling?.textContent).toBe('Bent: Per flytter 1. december. (ændret)'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Der er gemt en endnu nyere udgave/));
    expect((screen.getByLabelText('Flettet tekst: Noter') as HTMLTextAreaElement).value).toBe('Min flettede tekst');
    expect(within(notesField()).getByText('Din tekst').nextElementSibling?.textContent).toBe(`${MY_NOTES} (din ændring)`);

    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    await screen.findByTestId('saved-after-conflict');
    // On top of the newest version; still from the version I started with.
    expect(save).toHaveBeenLastCalledWith({ notes: 'Min flettede tekst' }, 5, expect.objectContaining({ version: 5 }), 3);
  });

  it('keeping all of mine saves and closes as before', async () => {
    const save = jest.fn().mockRejectedValueOnce(conflict(annasVersion)).mockResolvedValueOnce({});
    const { onDone } = renderForm({ save });
    editNotesAndSave();
    await screen.findByTestId('conflict-view');
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Ændringen er gemt.'));
    expect(save).toHaveBeenLastCalledWith({ notes: MY_NOTES }, 4, expect.objectContaining({ version: 4 }), 3);
  });

  it('taking the newest version keeps my text on screen until I close', async () => {
    const save = jest.fn().mockRejectedValueOnce(conflict(annasVersion));
    const { onDone } = renderForm({ save });
    editNotesAndSave();
    await screen.findByTestId('conflict-view');
    fireEvent.click(screen.getByRole('button', { name: 'Tag den nyeste udgave' }));
    expect(within(screen.getByRole('region', { name: 'Din tekst' })).getByText(MY_NOTES)).toBeTruthy();
    expect(save).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Luk' }));
    expect(onDone).toHaveBeenCalledWith('Du ser nu den nyeste udgave. Dine ændringer er ikke gemt.');
  });
});

describe('VersionedEditForm tells the screen what is being edited', () => {
  function tracking() {
    const calls: string[] = [];
    const editing: RecordEditing = {
      newestHeard: () => null,
      open: (id) => {
        calls.push(`open ${id}`);
        return () => calls.push(`close ${id}`);
      },
      lastSavedBy: () => null,
      lastSavedByMe: () => false,
      isMe: () => false,
    };
    return { calls, editing };
  }

  it('from opening until the form closes', () => {
    const { calls, editing } = tracking();
    const { unmount } = renderForm({ save: jest.fn(), editing });
    expect(calls).toEqual(['open iv-praktik']);
    unmount();
    expect(calls).toEqual(['open iv-praktik', 'close iv-praktik']);
  });

  it('through a conflict, and not after the save', async () => {
    const { calls, editing } = tracking();
    const save = jest.fn().mockRejectedValueOnce(conflict(annasVersion)).mockResolvedValueOnce({});
    renderForm({ save, editing });
    editNotesAndSave();
    await screen.findByTestId('conflict-view');
    expect(calls).toEqual(['open iv-praktik']);
    fireEvent.click(within(notesField()).getByRole('radio', { name: 'Flet' }));
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    // Saved: the text stays on screen, but the record is no longer being edited.
    await screen.findByTestId('saved-after-conflict');
    expect(calls).toEqual(['open iv-praktik', 'close iv-praktik']);
  });
});

describe('VersionedEditForm checks a period in the browser', () => {
  it('refuses an end date before the start date, with the message at the field and in the summary, and sends nothing', () => {
    const save = jest.fn();
    const fields: readonly FormField[] = [
      { key: 'startDate', label: 'Startdato', input: 'date' },
      { key: 'endDate', label: 'Slutdato', input: 'date' },
    ];
    renderForm({ save, fields, record: { id: 'iv-bostotte', version: 2, startDate: '2026-03-01', endDate: '2026-09-01' } });
    fireEvent.change(screen.getByLabelText('Slutdato'), { target: { value: '2026-02-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByText('Slutdato må ikke ligge før startdato.', { selector: '.field-error' })).toBeTruthy();
    expect(within(screen.getByTestId('error-summary')).getByRole('link', { name: 'Slutdato må ikke ligge før startdato.' })).toBeTruthy();
  });
});

describe('VersionedEditForm of a record that did not exist when it opened', () => {
  it('says so when someone else saves it meanwhile, and keeps what I typed', async () => {
    const { rerenderWith } = renderForm({ save: jest.fn(), record: { title: '', notes: '', version: null }, liveVersion: null });
    fireEvent.change(screen.getByLabelText('Noter'), { target: { value: MY_NOTES } });
    rerenderWith({ liveVersion: 1 });
    expect(await screen.findByText('Virksomhedspraktik er gemt af en anden, mens du skrev. Når du gemmer, kan du sammenligne de to udgaver.')).toBeTruthy();
    expect((screen.getByLabelText('Noter') as HTMLTextAreaElement).value).toBe(MY_NOTES);
  });
});
