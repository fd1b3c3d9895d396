import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { RecordEditingContext, type RecordEditing } from '../../core/forms/recordEditing';
import type { ActivityItem_ActivityFragment } from '../../gql/graphql';
import { activity } from '../../test-support/plan-page';
import { ActivityControls, UNDO_MS } from './ActivityControls';
import { PlanOpenContext } from './planOpen';
import { UpdateActivityMutation } from './ActivityEditForm';

const save = (input: Record<string, unknown>, rest: Partial<MockLink.MockedResponse>): MockLink.MockedResponse => ({
  request: { query: UpdateActivityMutation, variables: { input: { id: 'act-samtale', ...input } } },
  ...rest,
});

const conflict = () =>
  new CombinedGraphQLErrors({
    errors: [
      {
        message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.',
        extensions: { code: 'CONFLICT', current: { ...activity({ status: 'CANCELLED', version: 3 }), __typename: undefined, updatedBy: undefined } },
      },
    ],
  });

/** The activity's controls with the section's message, as the plan page has them. */
function Section() {
  const notice = useChangeNotice('activity-notice');
  return (
    <section aria-label="Aktiviteter">
      {notice.element}
      <ActivityControls activity={activity() as ActivityItem_ActivityFragment} rights={{ editableInterventionIds: new Set(['iv-praktik']), canShare: false }} onChanged={notice.show} />
    </section>
  );
}

function renderSection(mocks: MockLink.MockedResponse[]) {
  const page = (open: boolean) => (
    <MockedProvider mocks={mocks} cache={createCache()}>
      <PlanOpenContext.Provider value={open}>
        <Section />
      </PlanOpenContext.Provider>
    </MockedProvider>
  );
  const view = render(page(true));
  return { programmeEnds: () => view.rerender(page(false)) };
}

const notice = () => screen.getByTestId('activity-notice');
const noticeShown = () => screen.findByTestId('activity-notice');
const mark = (word: string) => fireEvent.click(screen.getByRole('button', { name: `Markér Samtale med butikschefen som ${word}` }));

describe('"Fortryd" after marking an activity', () => {
  it('says what happened, and "Fortryd" sets the status back with the version the marking produced', async () => {
    renderSection([
      save({ expectedVersion: 1, status: 'DONE' }, { result: { data: { updateActivity: activity({ status: 'DONE', version: 2 }) } } }),
      save({ expectedVersion: 2, status: 'PLANNED' }, { result: { data: { updateActivity: activity({ status: 'PLANNED', version: 3 }) } } }),
    ]);
    mark('udført');
    const undo = await within(await noticeShown()).findByRole('button', { name: 'Fortryd udført på Samtale med butikschefen' });
    expect(notice().getAttribute('role')).toBe('status');
    expect(notice().firstChild?.textContent).toBe('Aktiviteten er markeret som udført.');
    fireEvent.click(undo);
    await waitFor(() => expect(notice().textContent).toBe('»Samtale med butikschefen« er sat tilbage til planlagt.'));
  });

  it('goes when the programme ends meanwhile: nothing can be set back then', async () => {
    const { programmeEnds } = renderSection([save({ expectedVersion: 1, status: 'DONE' }, { result: { data: { updateActivity: activity({ status: 'DONE', version: 2 }) } } })]);
    mark('udført');
    await within(await noticeShown()).findByRole('button', { name: 'Fortryd udført på Samtale med butikschefen' });
    programmeEnds();
    expect(within(notice()).queryByRole('button', { name: /^Fortryd/ })).toBeNull();
    expect(notice().firstChild?.textContent).toBe('Aktiviteten er markeret som udført.');
  });

  it('never overwrites a later change: a conflict says so, and nothing is set back', async () => {
    renderSection([
      save({ expectedVersion: 1, status: 'CANCELLED' }, { result: { data: { updateActivity: activity({ status: 'CANCELLED', version: 2 }) } } }),
      save({ expectedVersion: 2, status: 'PLANNED' }, { error: conflict() }),
    ]);
    mark('aflyst');
    fireEvent.click(await within(await noticeShown()).findByRole('button', { name: 'Fortryd aflyst på Samtale med butikschefen' }));
    await waitFor(() => expect(notice().textContent).toBe('»Samtale med butikschefen« er ændret af en anden i mellemtiden og er ikke sat tilbage.'));
  });

  it('a later change the user saved in another window is told as theirs: "gemt af dig i et andet vindue", not "en anden"', async () => {
    const mine = new CombinedGraphQLErrors({
      errors: [{ message: 'Posten er ændret af en anden, siden du hentede den. Se den nye version.', extensions: { code: 'CONFLICT', current: { ...activity({ status: 'CANCELLED', version: 3 }), __typename: undefined, updatedBy: undefined, updatedById: 'u-anna' } } }],
    });
    const annaOnThePlan: RecordEditing = { open: () => () => undefined, newestHeard: () => null, lastSavedBy: () => null, lastSavedByMe: () => false, isMe: (id) => id === 'u-anna' };
    render(
      <MockedProvider
        mocks={[
          save({ expectedVersion: 1, status: 'CANCELLED' }, { result: { data: { updateActivity: activity({ status: 'CANCELLED', version: 2 }) } } }),
          save({ expectedVersion: 2, status: 'PLANNED' }, { error: mine }),
        ]}
        cache={createCache()}
      >
        <RecordEditingContext.Provider value={annaOnThePlan}>
          <PlanOpenContext.Provider value={true}>
            <Section />
          </PlanOpenContext.Provider>
        </RecordEditingContext.Provider>
      </MockedProvider>,
    );
    mark('aflyst');
    fireEvent.click(await within(await noticeShown()).findByRole('button', { name: 'Fortryd aflyst på Samtale med butikschefen' }));
    await waitFor(() => expect(notice().textContent).toBe('»Samtale med butikschefen« er gemt af dig i et andet vindue i mellemtiden og er ikke sat tilbage.'));
  });

  it('goes away after about 8 seconds; the message stays', async () => {
    jest.useFakeTimers();
    try {
      renderSection([save({ expectedVersion: 1, status: 'DONE' }, { result: { data: { updateActivity: activity({ status: 'DONE', version: 2 }) } } })]);
      mark('udført');
      await act(async () => {
        await jest.advanceTimersByTimeAsync(50);
      });
      expect(within(notice()).getByRole('button', { name: /^Fortryd/ })).toBeTruthy();
      await act(async () => {
        await jest.advanceTimersByTimeAsync(UNDO_MS - 1_000);
      });
      expect(within(notice()).getByRole('button', { name: /^Fortryd/ })).toBeTruthy();
      await act(async () => {
        await jest.advanceTimersByTimeAsync(1_000);
      });
      expect(within(notice()).queryByRole('button', { name: /^Fortryd/ })).toBeNull();
      expect(notice().textContent).toBe('Aktiviteten er markeret som udført.');
    } finally {
      jest.useRealTimers();
    }
  });
});
