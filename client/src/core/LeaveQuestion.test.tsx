import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LeaveQuestion } from './LeaveQuestion';
import { Link, navigate, usePathname } from './router';
import { formSaved } from './unsaved-text';

/**
 * A page with a form of work, a search form, a link to another page and one within the page.
 * The form stays open after its save, as a form for the next entry does; `refused`: the server
 * refuses every save.
 */
function Page(props: { refused?: boolean }) {
  const pathname = usePathname();
  return (
    <>
      <p data-testid="path">{pathname}</p>
      <form
        aria-label="Registrér samtale"
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.refused) formSaved(e.currentTarget);
        }}
      >
        <label>
          Resumé
          <textarea />
        </label>
        <button type="submit">Gem</button>
      </form>
      <form role="search" aria-label="Søg og filtrér">
        <label>
          Søg
          <input type="search" />
        </label>
      </form>
      <Link to="/andet">Andet sted</Link>
      <Link to={`${pathname}#afsnit`}>Afsnittet</Link>
      <LeaveQuestion />
    </>
  );
}

const path = () => screen.getByTestId('path').textContent;
const question = () => screen.queryByRole('alertdialog', { name: 'Vil du forlade siden?' });

beforeEach(() => {
  act(() => navigate('/plan/p1', { force: true }));
});

it('a link to another page asks first while a form holds typed text; staying keeps the text and the page', () => {
  render(<Page />);
  fireEvent.input(screen.getByLabelText('Resumé'), { target: { value: 'Borgeren vil gerne i praktik' } });
  fireEvent.click(screen.getByRole('link', { name: 'Andet sted' }));

  expect(question()).not.toBeNull();
  expect(question()?.textContent).toContain('Du har skrevet noget, der ikke er gemt');
  expect(path()).toBe('/plan/p1');
  expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Bliv på siden' }));

  fireEvent.click(screen.getByRole('button', { name: 'Bliv på siden' }));
  expect(question()).toBeNull();
  expect(path()).toBe('/plan/p1');
  expect((screen.getByLabelText('Resumé') as HTMLTextAreaElement).value).toBe('Borgeren vil gerne i praktik');

  // Escape stays too.
  fireEvent.click(screen.getByRole('link', { name: 'Andet sted' }));
  fireEvent.keyDown(screen.getByRole('button', { name: 'Bliv på siden' }), { key: 'Escape' });
  expect(question()).toBeNull();
  expect(path()).toBe('/plan/p1');
});

it('"Forlad siden" goes where the link pointed', () => {
  render(<Page />);
  fireEvent.input(screen.getByLabelText('Resumé'), { target: { value: 'Noget' } });
  fireEvent.click(screen.getByRole('link', { name: 'Andet sted' }));
  fireEvent.click(screen.getByRole('button', { name: 'Forlad siden' }));
  expect(question()).toBeNull();
  expect(path()).toBe('/andet');
});

it('no question once the form was saved, for a search box, or for a place on the same page', () => {
  render(<Page />);
  fireEvent.input(screen.getByLabelText('Søg'), { target: { value: 'Hansen' } });
  fireEvent.click(screen.getByRole('link', { name: 'Afsnittet' }));
  expect(question()).toBeNull();
  expect(window.location.hash).toBe('#afsnit');

  fireEvent.input(screen.getByLabelText('Resumé'), { target: { value: 'Noget' } });
  fireEvent.click(screen.getByRole('link', { name: 'Afsnittet' }));
  expect(question()).toBeNull();
  fireEvent.submit(screen.getByRole('form', { name: 'Registrér samtale' }));
  fireEvent.click(screen.getByRole('link', { name: 'Andet sted' }));
  expect(question()).toBeNull();
  expect(path()).toBe('/andet');
});

it('the browser\'s back button: the page stays while the user is asked', async () => {
  render(<Page />);
  act(() => navigate('/plan/p2'));
  expect(path()).toBe('/plan/p2');
  fireEvent.input(screen.getByLabelText('Resumé'), { target: { value: 'Noget' } });
  act(() => window.history.back());
  await waitFor(() => expect(question()).not.toBeNull());
  expect(path()).toBe('/plan/p2');
  expect(window.location.pathname).toBe('/plan/p2');

  fireEvent.click(screen.getByRole('button', { name: 'Forlad siden' }));
  expect(path()).toBe('/plan/p1');
});

it('a reload or a closed tab: the browser is told to ask while typed text is unsaved', () => {
  render(<Page />);
  const leave = () => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  };
  expect(leave()).toBe(false);
  fireEvent.input(screen.getByLabelText('Resumé'), { target: { value: 'Noget' } });
  expect(leave()).toBe(true);
  fireEvent.submit(screen.getByRole('form', { name: 'Registrér samtale' }));
  expect(leave()).toBe(false);
});

it('a save refused keeps the text unsaved: a link to another page and a reload still ask', () => {
  render(<Page refused />);
  fireEvent.input(screen.getByLabelText('Resumé'), { target: { value: 'Borgeren vil gerne i praktik' } });
  fireEvent.submit(screen.getByRole('form', { name: 'Registrér samtale' }));
  fireEvent.click(screen.getByRole('link', { name: 'Andet sted' }));
  expect(question()).not.toBeNull();
  expect(path()).toBe('/plan/p1');
  fireEvent.click(screen.getByRole('button', { name: 'Bliv på siden' }));
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  expect(event.defaultPrevented).toBe(true);
});
