import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { FormPanel } from './FormPanel';
import { FormActions } from './FormParts';

function NoteForm(props: { onCancel: () => void }) {
  const [text, setText] = useState('');
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate>
      <label htmlFor="note">Note</label>
      <input id="note" value={text} onChange={(e) => setText(e.target.value)} />
      <FormActions loading={false} submitLabel="Gem" busyLabel="Gemmer…" onCancel={props.onCancel} />
    </form>
  );
}

function renderPanel() {
  render(
    <MockedProvider>
      <FormPanel label="Skriv en note">{(close) => <NoteForm onCancel={close} />}</FormPanel>
    </MockedProvider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Skriv en note' }));
}

const note = () => screen.queryByLabelText('Note') as HTMLInputElement | null;
const question = () => screen.queryByText('Vil du kassere det, du har skrevet?');

describe('Annullér on a form', () => {
  it('closes at once when nothing was typed, by the button and by Escape', () => {
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Annullér' }));
    expect(note()).toBeNull();
    expect(question()).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Skriv en note' }));

    fireEvent.click(screen.getByRole('button', { name: 'Skriv en note' }));
    fireEvent.keyDown(note()!, { key: 'Escape' });
    expect(note()).toBeNull();
    expect(question()).toBeNull();
  });

  it('asks before throwing away typed text; "Fortsæt med at skrive" keeps it, "Kassér" closes', () => {
    renderPanel();
    fireEvent.change(note()!, { target: { value: 'Ringede til Bent' } });
    fireEvent.click(screen.getByRole('button', { name: 'Annullér' }));
    expect(question()).toBeTruthy();
    expect(document.activeElement).toBe(question());
    expect(screen.queryByRole('button', { name: 'Annullér' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Fortsæt med at skrive' }));
    expect(question()).toBeNull();
    expect(note()!.value).toBe('Ringede til Bent');
    expect(document.activeElement).toBe(note());

    fireEvent.click(screen.getByRole('button', { name: 'Annullér' }));
    fireEvent.click(screen.getByRole('button', { name: 'Kassér' }));
    expect(note()).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Skriv en note' }));
  });

  it('asks on Escape as "Annullér" does; Escape again goes back to the text, where the user was', () => {
    renderPanel();
    fireEvent.change(note()!, { target: { value: 'Ringede til Bent' } });
    note()!.focus();
    fireEvent.keyDown(note()!, { key: 'Escape' });
    expect(question()).toBeTruthy();
    expect(note()!.value).toBe('Ringede til Bent');

    fireEvent.keyDown(question()!, { key: 'Escape' });
    expect(question()).toBeNull();
    expect(note()!.value).toBe('Ringede til Bent');
    expect(document.activeElement).toBe(note());

    fireEvent.keyDown(note()!, { key: 'Escape' });
    fireEvent.click(screen.getByRole('button', { name: 'Kassér' }));
    expect(note()).toBeNull();
  });
});
