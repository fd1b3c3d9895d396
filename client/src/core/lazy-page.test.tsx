import { act, fireEvent, render, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { lazyPage, PageLoader, PageLoadFailed } from './lazy-page';

/** What the app shows above the page loader: here, whatever error reaches it. */
class Outer extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? <p data-testid="outer-error">{String(this.state.error)}</p> : this.props.children;
  }
}

const Plan = () => <h1>Per Hansens plan</h1>;

describe('pages fetched on their first visit', () => {
  afterEach(() => jest.restoreAllMocks());

  it('shows "Henter…" while the page comes, then the page', async () => {
    let arrive!: (page: typeof Plan) => void;
    const PlanPage = lazyPage(() => new Promise<typeof Plan>((resolve) => (arrive = resolve)));
    render(
      <PageLoader>
        <PlanPage />
      </PageLoader>,
    );
    expect(screen.getByRole('status').textContent).toBe('Henter…');
    await act(async () => arrive(Plan));
    expect(screen.getByRole('heading', { name: 'Per Hansens plan' })).toBeTruthy();
  });

  it('a page that cannot be fetched (a new deploy, or no network) says so and offers a reload; the app around it stays', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const PlanPage = lazyPage<object>(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/PlanPage-old.js')));
    const Other = () => <h1>Mine sager</h1>;
    const view = (page: string) => (
      <Outer>
        <nav>Hovedmenu</nav>
        <PageLoader key={page}>{page === 'plan' ? <PlanPage /> : <Other />}</PageLoader>
      </Outer>
    );
    const { rerender } = render(view('plan'));
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('.notice-title')?.textContent).toBe('Siden kunne ikke hentes');
    expect(screen.getByRole('button', { name: 'Genindlæs siden' })).toBeTruthy();
    expect(screen.getByText('Hovedmenu')).toBeTruthy();
    expect(screen.queryByTestId('outer-error')).toBeNull();

    // Going to another page shows it.
    rerender(view('caseload'));
    expect(screen.getByRole('heading', { name: 'Mine sager' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('any other error is not caught here', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const Broken = () => {
      throw new Error('en fejl i siden');
    };
    render(
      <Outer>
        <PageLoader>
          <Broken />
        </PageLoader>
      </Outer>,
    );
    expect(screen.getByTestId('outer-error').textContent).toBe('Error: en fejl i siden');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('"Genindlæs siden" reloads, which fetches the current build', () => {
    const reload = jest.fn();
    render(<PageLoadFailed reload={reload} />);
    fireEvent.click(screen.getByRole('button', { name: 'Genindlæs siden' }));
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
