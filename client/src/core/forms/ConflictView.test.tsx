import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { chosenValues, mergeDraft, type FieldChoice } from './conflict';
import { ConflictView, type ConflictField } from './ConflictView';

const FIELDS: readonly ConflictField[] = [
  { key: 'title', label: 'Titel', input: 'text', required: true },
  { key: 'status', label: 'Status', input: 'select', format: (v) => ({ PLANNED: 'Planlagt', ACTIVE: 'Aktiv', PAUSED: 'Sat på pause' })[String(v)] ?? String(v) },
  { key: 'notes', label: 'Noter', input: 'textarea' },
  { key: 'provider', label: 'Leverandør', input: 'text' },
];

const base = { title: 'Bostøtte', status: 'PLANNED', notes: 'Per kommer om tirsdagen.', provider: 'Bostøtteteamet' };
const theirs = { ...base, version: 3, status: 'ACTIVE', notes: 'Per kommer om tirsdagen. Anna: nøglen ligger hos naboen.', updatedAt: '2026-11-23T09:41:00.000Z' };
const mine = { status: 'PAUSED', notes: 'Per kommer om tirsdagen og torsdagen.' };

function renderView(overrides: Partial<Parameters<typeof ConflictView>[0]> = {}) {
  const onSave = jest.fn();
  const onTakeTheirs = jest.fn();
  const view = render(
    <ConflictView title="Bostøtte" fields={FIELDS} base={base} mine={mine} theirs={theirs} theirAuthor="Anna Holm" onSave={onSave} onTakeTheirs={onTakeTheirs} {...overrides} />,
  );
  return { ...view, onSave, onTakeTheirs };
}

const field = (label: string) => screen.getByRole('group', { name: label });

describe('ConflictView', () => {
  it('names who saved, shows theirs and mine per changed field, and focuses its heading', () => {
    renderView();
    const heading = screen.getByRole('heading', { name: 'Bostøtte er ændret af en anden, mens du redigerede' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByText(/^Anna Holm gemte en nyere udgave/)).toBeTruthy();

    const status = field('Status');
    expect(within(status).getByText('Anna Holms udgave').nextElementSibling?.textContent).toBe('Aktiv (ændret)');
    expect(within(status).getByText('Din udgave').nextElementSibling?.textContent).toBe('Sat på pause (din ændring)');
    // My text is on screen as "Din tekst".
    expect(within(field('Noter')).getByText('Din tekst').nextElementSibling?.textContent).toBe('Per kommer om tirsdagen og torsdagen. (din ændring)');
    // Fields nobody changed are not shown.
    expect(screen.queryByRole('group', { name: 'Titel' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Leverandør' })).toBeNull();
  });

  it('says so when the newer version is my own, saved in another window', () => {
    renderView({ theirAuthorIsYou: true });
    expect(screen.getByRole('heading', { name: 'Bostøtte er gemt af dig i et andet vindue, mens du redigerede' })).toBeTruthy();
    expect(screen.getByText(/^Du gemte en nyere udgave i et andet vindue/)).toBeTruthy();
    const status = field('Status');
    expect(within(status).getByText('Din gemte udgave').nextElementSibling?.textContent).toBe('Aktiv (ændret)');
    expect(within(status).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Behold min', 'Tag den gemte']);
    expect(document.body.textContent).not.toMatch(/en anden|Anna Holm/);
  });

  it('offers a choice for each of my fields, "Flet" only for a longer text both changed', () => {
    renderView();
    expect(within(field('Status')).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Behold min', 'Tag deres']);
    expect(within(field('Noter')).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Behold min', 'Tag deres', 'Flet']);
    expect((within(field('Noter')).getByRole('radio', { name: 'Behold min' }) as HTMLInputElement).checked).toBe(true);
  });

  it('shows a field only they changed, without a choice', () => {
    renderView({ theirs: { ...theirs, provider: 'Bostøtteteamet Midt' } });
    const provider = field('Leverandør');
    expect(within(provider).queryAllByRole('radio')).toHaveLength(0);
    expect(within(provider).getByText('Du har ikke ændret feltet; den nyeste udgave gælder.')).toBeTruthy();
  });

  it('"Flet" opens a text with both texts to edit; saving sends the choices', () => {
    const { onSave } = renderView();
    fireEvent.click(within(field('Noter')).getByRole('radio', { name: 'Flet' }));
    const merged = screen.getByLabelText('Flettet tekst: Noter') as HTMLTextAreaElement;
    expect(merged.value).toBe('Per kommer om tirsdagen. Anna: nøglen ligger hos naboen.\n\nPer kommer om tirsdagen og torsdagen.');
    fireEvent.change(merged, { target: { value: 'Per kommer tirsdag og torsdag. Nøglen ligger hos naboen.' } });
    fireEvent.click(within(field('Status')).getByRole('radio', { name: 'Tag deres' }));
    // My text stays visible while I merge.
    expect(within(field('Noter')).getByText('Din tekst')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).toHaveBeenCalledWith({ status: { take: 'theirs' }, notes: { take: 'merged', text: 'Per kommer tirsdag og torsdag. Nøglen ligger hos naboen.' } });
  });

  it('a required text cannot be merged into nothing', () => {
    const { onSave } = renderView({
      base: { ...base, title: 'Bostøtte' },
      mine: { title: 'Bostøtte i egen bolig' },
      theirs: { ...theirs, title: 'Bostøtte (bolig)' },
      fields: FIELDS.map((f) => (f.key === 'title' ? { ...f, input: 'textarea' } : f)),
    });
    fireEvent.click(within(field('Titel')).getByRole('radio', { name: 'Flet' }));
    fireEvent.change(screen.getByLabelText('Flettet tekst: Titel'), { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).not.toHaveBeenCalled();
    const text = screen.getByLabelText('Flettet tekst: Titel');
    expect(text.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(text.getAttribute('aria-describedby')!)?.textContent).toBe('Skriv den flettede tekst til titel.');
  });

  it('taking theirs for every field saves nothing', () => {
    const { onSave, onTakeTheirs } = renderView();
    fireEvent.click(within(field('Status')).getByRole('radio', { name: 'Tag deres' }));
    fireEvent.click(within(field('Noter')).getByRole('radio', { name: 'Tag deres' }));
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(onTakeTheirs).toHaveBeenCalledTimes(1);
  });

  it('keeps my choices and merged text when a newer version arrives', async () => {
    const { rerender, onSave, onTakeTheirs } = renderView();
    fireEvent.click(within(field('Noter')).getByRole('radio', { name: 'Flet' }));
    fireEvent.change(screen.getByLabelText('Flettet tekst: Noter'), { target: { value: 'Min flettede tekst' } });
    rerender(
      <ConflictView
        title="Bostøtte"
        fields={FIELDS}
        base={base}
        mine={mine}
        theirs={{ ...theirs, version: 4, notes: 'Bent: Per flytter 1. december.' }}
        theirAuthor="Bent Sørensen"
        notice="Der er gemt en endnu nyere udgave."
        onSave={onSave}
        onTakeTheirs={onTakeTheirs}
      />,
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Der er gemt en endnu nyere udgave.'));
    expect(within(field('Noter')).getByText('Bent Sørensens udgave').nextElementSibling?.textContent).toBe('Bent: Per flytter 1. december. (ændret)');
    expect((screen.getByLabelText('Flettet tekst: Noter') as HTMLTextAreaElement).value).toBe('Min flettede tekst');
    expect(within(field('Noter')).getByText('Din tekst').nextElementSibling?.textContent).toContain('Per kommer om tirsdagen og torsdagen.');
  });
});

describe('a choice the user may set anew (pickable)', () => {
  const OPTIONS = [{ value: 'PLANNED', label: 'Planlagt' }, { value: 'ACTIVE', label: 'Aktiv' }, { value: 'PAUSED', label: 'Sat på pause' }, { value: 'COMPLETED', label: 'Afsluttet' }];
  const pickable = (options = OPTIONS, hint?: string) => FIELDS.map((f) => (f.key === 'status' ? { ...f, options, pickable: true, hint } : f));

  it('"Vælg en anden" offers the other options; the one picked is saved', () => {
    const { onSave } = renderView({ fields: pickable() });
    expect(within(field('Status')).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Behold min', 'Tag deres', 'Vælg en anden']);
    fireEvent.click(within(field('Status')).getByRole('radio', { name: 'Vælg en anden' }));
    const pick = within(field('Status')).getByLabelText('Vælg status') as HTMLSelectElement;
    // Mine (Sat på pause) and theirs (Aktiv) are choices of their own.
    expect([...pick.options].map((o) => o.textContent)).toEqual(['Vælg …', 'Planlagt', 'Afsluttet']);
    fireEvent.change(pick, { target: { value: 'COMPLETED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).toHaveBeenCalledWith({ status: { take: 'picked', text: 'COMPLETED' }, notes: { take: 'mine' } });
  });

  it('my value no longer among the options cannot be kept: the field says why, and one is picked', () => {
    const { onSave } = renderView({ fields: pickable(OPTIONS.filter((o) => o.value !== 'PAUSED'), 'Kan ikke sættes på pause længere.') });
    expect(within(field('Status')).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['Tag deres', 'Vælg en anden']);
    expect(within(field('Status')).getByText('Kan ikke sættes på pause længere.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).not.toHaveBeenCalled();
    const pick = within(field('Status')).getByLabelText('Vælg status');
    expect(document.getElementById(pick.getAttribute('aria-describedby')!)?.textContent).toBe('Vælg status.');
  });
});

describe('when nothing can be saved any longer (cannotSave)', () => {
  const REASON = 'Forløbet er afsluttet, så det, du har skrevet her, kan ikke længere gemmes. Det står stadig i felterne, så du kan kopiere det, før du lukker.';

  it('offers no "Gem valgene", says why, and still offers the newest version, with my text on screen', async () => {
    const { onSave, onTakeTheirs } = renderView({ cannotSave: REASON });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(REASON));
    expect(screen.queryByRole('button', { name: 'Gem valgene' })).toBeNull();
    expect(screen.getByText(/^Dine valg kan ikke gemmes\./)).toBeTruthy();
    expect(screen.queryByText(/Vælg for hvert af dine felter/)).toBeNull();
    // My text stays to copy; there is nothing to choose.
    expect(within(field('Noter')).getByText('Din tekst').nextElementSibling?.textContent).toBe('Per kommer om tirsdagen og torsdagen. (din ændring)');
    for (const radio of screen.getAllByRole('radio')) expect((radio as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Tag den nyeste udgave' }));
    expect(onTakeTheirs).toHaveBeenCalledTimes(1);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('a merge begun before keeps its text to copy, and is not saved', async () => {
    const { rerender, onSave, onTakeTheirs } = renderView();
    fireEvent.click(within(field('Noter')).getByRole('radio', { name: 'Flet' }));
    fireEvent.change(screen.getByLabelText('Flettet tekst: Noter'), { target: { value: 'Min flettede tekst' } });
    rerender(
      <ConflictView title="Bostøtte" fields={FIELDS} base={base} mine={mine} theirs={theirs} theirAuthor="Anna Holm" cannotSave={REASON} onSave={onSave} onTakeTheirs={onTakeTheirs} />,
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(REASON));
    const merged = screen.getByLabelText('Flettet tekst: Noter') as HTMLTextAreaElement;
    expect(merged.value).toBe('Min flettede tekst');
    expect(merged.readOnly).toBe(true);
    expect(screen.queryByRole('button', { name: 'Gem valgene' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Tag den nyeste udgave' })).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe('merging and choosing', () => {
  it('starts a merge from both texts, or from the one that holds the other', () => {
    expect(mergeDraft('Deres', 'Min')).toBe('Deres\n\nMin');
    expect(mergeDraft('Per kommer. Og mere.', 'Per kommer.')).toBe('Per kommer. Og mere.');
    expect(mergeDraft('Per', 'Per kommer.')).toBe('Per kommer.');
    expect(mergeDraft('', 'Min')).toBe('Min');
  });

  it('sends mine where kept, the merged text as the API takes it, and nothing where theirs was taken', () => {
    expect(
      chosenValues({ status: { take: 'mine' }, notes: { take: 'merged', text: ' flettet ' }, title: { take: 'theirs' } }, { status: 'PAUSED', notes: 'min', title: 'Min titel' }, (_key, text) => text.trim()),
    ).toEqual({ status: 'PAUSED', notes: 'flettet' });
    expect(chosenValues({ status: { take: 'picked', text: 'COMPLETED' } }, { status: 'CANCELLED' }, (_key, text) => text)).toEqual({ status: 'COMPLETED' });
  });
});

describe('whose version it is, in Danish', () => {
  it('a name ending in s, x or z takes an apostrophe', () => {
    renderView({ theirAuthor: 'Lars Jens' });
    expect(screen.getAllByText("Lars Jens' udgave").length).toBeGreaterThan(0);
    expect(screen.queryByText('Lars Jenss udgave')).toBeNull();
  });
});

describe('a field whose value goes only with some values of another (keptOnlyWith)', () => {
  // A begun intervention: Annulleret is no longer among the statuses; a reason goes with Afsluttet or Annulleret only.
  const STATUSES = [{ value: 'PLANNED', label: 'Planlagt' }, { value: 'ACTIVE', label: 'Aktiv' }, { value: 'COMPLETED', label: 'Afsluttet' }];
  const label = (v: unknown) => ({ PLANNED: 'Planlagt', ACTIVE: 'Aktiv', COMPLETED: 'Afsluttet', CANCELLED: 'Annulleret' })[String(v)] ?? String(v);
  const fields: readonly ConflictField[] = [
    { key: 'status', label: 'Status', input: 'select', options: STATUSES, format: label, pickable: true },
    { key: 'endReason', label: 'Begrundelse', input: 'textarea', keptOnlyWith: { key: 'status', values: ['COMPLETED', 'CANCELLED'] } },
    { key: 'endDate', label: 'Slutdato', input: 'date' },
    { key: 'notes', label: 'Noter', input: 'textarea' },
  ];
  const annulled = { status: 'CANCELLED', endReason: 'Per er flyttet', notes: 'Aftalt i telefonen' };
  const begun = { ...base, version: 3, status: 'ACTIVE', endReason: null, endDate: null };
  const choicesAt = (name: string) => within(field(name)).getAllByRole('radio').map((r) => r.closest('label')?.textContent);

  it('"Tag deres" on Status takes "Behold min" from Begrundelse and says why in the view’s own choices; Afsluttet brings it back', () => {
    const { onSave } = renderView({ fields, base: { ...base, endReason: null, endDate: null }, mine: annulled, theirs: begun });
    expect(choicesAt('Begrundelse')).toEqual(['Behold min', 'Tag deres']);

    fireEvent.click(within(field('Status')).getByRole('radio', { name: 'Tag deres' }));
    expect(choicesAt('Begrundelse')).toEqual(['Tag deres']);
    expect((within(field('Begrundelse')).getByRole('radio', { name: 'Tag deres' }) as HTMLInputElement).checked).toBe(true);
    // Annulleret is not offered for a begun intervention, so the line does not name it.
    expect(within(field('Begrundelse')).getByText('Begrundelse gemmes kun med status Afsluttet. Med status Aktiv gælder den nyeste udgave; vælg Afsluttet under Status for at gemme din tekst.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).toHaveBeenLastCalledWith({ status: { take: 'theirs' }, endReason: { take: 'theirs' }, notes: { take: 'mine' } });

    // Afsluttet picked: my reason may be kept again, as I had chosen.
    fireEvent.click(within(field('Status')).getByRole('radio', { name: 'Vælg en anden' }));
    fireEvent.change(within(field('Status')).getByLabelText('Vælg status'), { target: { value: 'COMPLETED' } });
    expect(choicesAt('Begrundelse')).toEqual(['Behold min', 'Tag deres']);
    expect((within(field('Begrundelse')).getByRole('radio', { name: 'Behold min' }) as HTMLInputElement).checked).toBe(true);
    expect(within(field('Begrundelse')).queryByText(/gemmes kun med/)).toBeNull();
  });

  it('shows at the pick what it brings (an end date), to correct; the corrected date is saved with it, and a problem with it is said there', () => {
    const followOf = (key: string, text: string): Record<string, string> => (key === 'status' && text === 'COMPLETED' ? { endDate: '2026-12-07' } : {});
    let refuse = true;
    const checkFollows = (choices: Readonly<Record<string, FieldChoice>>): Record<string, string> => {
      const picked = choices.status;
      return refuse && picked?.take === 'picked' && picked.follows?.endDate ? { endDate: 'Slutdatoen må ikke ligge efter i dag.' } : {};
    };
    const { onSave } = renderView({ fields, base: { ...base, endReason: null, endDate: null }, mine: annulled, theirs: begun, followOf, checkFollows });
    fireEvent.change(within(field('Status')).getByLabelText('Vælg status'), { target: { value: 'PLANNED' } });
    expect(within(field('Status')).queryByLabelText('Slutdato')).toBeNull();

    fireEvent.change(within(field('Status')).getByLabelText('Vælg status'), { target: { value: 'COMPLETED' } });
    const end = within(field('Status')).getByLabelText('Slutdato') as HTMLInputElement;
    expect(end.value).toBe('2026-12-07');
    expect(document.getElementById(end.getAttribute('aria-describedby')!)?.textContent).toBe('Gemmes med status Afsluttet.');
    fireEvent.change(end, { target: { value: '2026-12-24' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(end.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toBe('Slutdatoen må ikke ligge efter i dag.');

    refuse = false;
    fireEvent.change(end, { target: { value: '2026-12-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem valgene' }));
    expect(onSave).toHaveBeenCalledWith({ status: { take: 'picked', text: 'COMPLETED', follows: { endDate: '2026-12-01' } }, endReason: { take: 'mine' }, notes: { take: 'mine' } });
  });
});
