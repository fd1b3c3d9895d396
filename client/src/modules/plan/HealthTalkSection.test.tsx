import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { useFragment } from '@apollo/client/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { InMemoryCache } from '@apollo/client';
import { addDays, todayInDenmark } from '@samplan/schema';
import { cacheWith } from '../../test-support/fixtures';
import { praktik } from '../../test-support/plan-page';
import { HEALTH_TALK_PENDING_TEXT, RecordHealthTalkDecisionMutation, RecordHealthTalkRequestMutation } from './HealthTalkSection';
import { UpdateJobcenterInterventionMutation } from './InterventionEditForm';
import { InterventionCard, InterventionCardFragment } from './Interventions';

/**
 * LAB §113, stk. 3 on the card of an employment offer: the citizen asked for the samtale with the
 * sundhedskoordinator, and the jobcenter's decision whether the offer is adjusted; while a request
 * made before the offer began waits, Aktiv is refused at Status.
 */
function CachedCard({ editable, isCoordinator }: { editable: boolean; isCoordinator?: boolean }) {
  const { data, complete } = useFragment({ fragment: InterventionCardFragment, from: { __typename: 'JobcenterIntervention', id: 'iv-praktik' } });
  return complete ? <InterventionCard intervention={data as never} editable={editable} isCoordinator={isCoordinator} /> : null;
}

function renderCard(mocks: ReadonlyArray<MockLink.MockedResponse>, cache: InMemoryCache, editable = true, isCoordinator = false) {
  return render(
    <MockedProvider mocks={mocks} cache={cache}>
      <CachedCard editable={editable} isCoordinator={isCoordinator} />
    </MockedProvider>,
  );
}

const today = todayInDenmark();
const yesterday = addDays(today, -1);
const planned = (overrides: Record<string, unknown> = {}) => praktik({ status: 'PLANNED', startDate: '2099-01-04', healthTalkRight: true, ...overrides });
const cacheOf = (iv: ReturnType<typeof praktik>) => cacheWith(iv as never);
const asked = (overrides: Record<string, unknown> = {}) => planned({ version: 4, healthTalkAskedOn: yesterday, healthTalkBeforeStart: true, ...overrides });
const section = () => screen.getByTestId('health-talk');

describe('the samtale with the sundhedskoordinator on an employment offer (LAB §113, stk. 3)', () => {
  it('the jobcenter records the request with its day; the card then says the offer waits for the jobcenter’s decision', async () => {
    renderCard(
      [{
        request: { query: RecordHealthTalkRequestMutation, variables: { input: { id: 'iv-praktik', expectedVersion: 3, askedOn: yesterday } } },
        result: { data: { recordHealthTalkRequest: asked() } },
      }],
      cacheOf(planned()),
    );
    expect(within(section()).getByRole('heading', { name: 'Samtale med sundhedskoordinator' })).toBeTruthy();
    expect(screen.queryByTestId('health-talk-pending')).toBeNull();
    fireEvent.click(within(section()).getByRole('button', { name: 'Registrér, at borgeren har bedt om en samtale med sundhedskoordinatoren' }));
    const day = within(section()).getByLabelText('Dagen, borgeren bad om samtalen');
    // A day ahead is refused before anything is sent (no mock answers it).
    fireEvent.change(day, { target: { value: addDays(today, 1) } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));
    expect(day.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(day, { target: { value: yesterday } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));

    await screen.findByText('Borgerens ønske om en samtale med sundhedskoordinator er gemt.');
    expect(screen.getByTestId('health-talk-pending').textContent).toBe(`${HEALTH_TALK_PENDING_TEXT}. Tilbuddet kan ikke påbegyndes før da.`);
    expect(section().textContent).toContain(', før det blev påbegyndt.');
    expect(within(section()).getByRole('button', { name: 'Registrér jobcenterets stillingtagen' })).toBeTruthy();
  });

  it('the decision: day, Tilbuddet tilpasses / fastholdes, a note; the wait is over', async () => {
    const decided = asked({ version: 5, healthTalkDecidedOn: today, healthTalkOutcome: 'ADJUSTED', healthTalkDecisionNote: 'Færre timer de første uger' });
    renderCard(
      [{
        request: { query: RecordHealthTalkDecisionMutation, variables: { input: { id: 'iv-praktik', expectedVersion: 4, decidedOn: today, outcome: 'ADJUSTED', note: 'Færre timer de første uger' } } },
        result: { data: { recordHealthTalkDecision: decided } },
      }],
      cacheOf(asked()),
    );
    fireEvent.click(within(section()).getByRole('button', { name: 'Registrér jobcenterets stillingtagen' }));
    fireEvent.change(within(section()).getByLabelText('Dagen, jobcenteret tog stilling'), { target: { value: today } });
    const outcome = within(section()).getByLabelText('Jobcenterets stillingtagen') as HTMLSelectElement;
    expect([...outcome.options].map((o) => o.textContent)).toEqual(expect.arrayContaining(['Tilbuddet tilpasses', 'Tilbuddet fastholdes']));
    fireEvent.change(outcome, { target: { value: 'ADJUSTED' } });
    const note = within(section()).getByLabelText('Note (kan udelades)');
    // The note's limit, as the server checks it, is said in its hint.
    expect(note.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toEqual(['Fx hvordan tilbuddet tilpasses, eller hvorfor det fastholdes. Højst 1.000 tegn.']);
    fireEvent.change(note, { target: { value: 'Færre timer de første uger' } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));

    await screen.findByText('Jobcenterets stillingtagen er gemt.');
    expect(screen.queryByTestId('health-talk-pending')).toBeNull();
    expect(screen.getByTestId('health-talk-decision').textContent).toMatch(/^Jobcenteret tog stilling .*: Tilbuddet tilpasses\. Færre timer de første uger$/);
  });

  it('setting the waiting offer Aktiv is refused at Status, in the server’s words citing the law', async () => {
    const message = 'Borgeren har bedt om en samtale med sundhedskoordinator om tilbuddet, før det blev påbegyndt. Tilbuddet kan ikke påbegyndes, før jobcenteret har taget stilling til, om det skal tilpasses (LAB §113, stk. 3).';
    const error = new CombinedGraphQLErrors({ errors: [{ message, extensions: { code: 'RULE_VIOLATION', rule: 'HEALTH_TALK_PENDING', source: 'LAB §113, stk. 3' } }] });
    renderCard([{ request: { query: UpdateJobcenterInterventionMutation, variables: { input: { id: 'iv-praktik', expectedVersion: 4, status: 'ACTIVE' } } }, error }], cacheOf(asked()));
    fireEvent.click(screen.getByRole('button', { name: 'Redigér Virksomhedspraktik i detailbutik' }));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'ACTIVE' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByTestId('error-summary');
    expect(screen.queryByRole('alert')).toBeNull();
    const field = screen.getByLabelText('Status');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ')).toContain(message);
    expect(screen.getByTestId('intervention-status').textContent).toBe('Planlagt');
  });

  it('the coordinator records it too; another unit reads the state without the buttons; no section where the right does not hold', () => {
    const coordinator = renderCard([], cacheOf(asked()), false, true);
    expect(within(section()).getByRole('button', { name: 'Registrér jobcenterets stillingtagen' })).toBeTruthy();
    coordinator.unmount();

    const other = renderCard([], cacheOf(asked()), false, false);
    expect(screen.getByTestId('health-talk-pending')).toBeTruthy();
    expect(within(section()).queryByRole('button')).toBeNull();
    other.unmount();

    renderCard([], cacheOf(planned({ healthTalkRight: false })));
    expect(screen.queryByTestId('health-talk')).toBeNull();
  });
});
