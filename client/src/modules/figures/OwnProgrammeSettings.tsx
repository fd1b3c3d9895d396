import type { ApolloCache } from '@apollo/client';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { FormPanel } from '../../core/forms/FormPanel';
import { VersionedEditForm, type FormField } from '../../core/forms/VersionedEditForm';
import { ErrorNotice, StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import { useViewer } from '../org/viewer';

export const OwnProgrammeSettingsQuery = graphql(`
  query OwnProgrammeSettings {
    ownProgrammeSettings {
      maxLengthMonths
      followUpIntervalDays
      version
    }
  }
`);

export const SetOwnProgrammeSettingsMutation = graphql(`
  mutation SetOwnProgrammeSettings($input: SetOwnProgrammeSettingsInput!) {
    setOwnProgrammeSettings(input: $input) {
      maxLengthMonths
      followUpIntervalDays
      version
    }
  }
`);

const FIELDS: readonly FormField[] = [
  {
    key: 'maxLengthMonths',
    label: 'Længste varighed (måneder)',
    input: 'integer',
    min: 1,
    max: 120,
    hint: 'Tom: ingen ramme. Slutdatoen kan højst ligge så mange måneder efter starten.',
  },
  {
    key: 'followUpIntervalDays',
    label: 'Højst dage mellem samtaler',
    input: 'integer',
    min: 1,
    max: 365,
    hint: 'Tom: ingen ramme. Samtaler over telefon og video tæller med.',
  },
];

type Settings = { maxLengthMonths?: number | null; followUpIntervalDays?: number | null; version: number };

function describeSettings(s: Settings): { length: string; interval: string } {
  return {
    length: s.maxLengthMonths ? `Højst ${s.maxLengthMonths} måneder` : 'Ingen ramme',
    interval: s.followUpIntervalDays ? `Højst ${s.followUpIntervalDays} dage mellem samtaler` : 'Ingen ramme',
  };
}

function SettingsForm(props: { settings: Settings; onDone: (message: string) => void; onCancel: () => void }) {
  const client = useApolloClient();
  // The settings have no id: an answer (or the frames as they are now) replaces what the query holds.
  const show = (cache: ApolloCache, settings: Settings) =>
    cache.writeQuery({ query: OwnProgrammeSettingsQuery, data: { ownProgrammeSettings: { maxLengthMonths: settings.maxLengthMonths ?? null, followUpIntervalDays: settings.followUpIntervalDays ?? null, version: settings.version } } });
  const [set, { loading }] = useMutation(SetOwnProgrammeSettingsMutation, {
    // Nøgletal measure the own forløb against the frame: shown beside it, they follow a change at once.
    refetchQueries: ['KeyFigures'],
    update: (cache, { data }) => {
      if (data) show(cache, data.setOwnProgrammeSettings);
    },
  });
  return (
    <VersionedEditForm
      heading="Ret egne forløb"
      subject="Rammerne"
      typename="OwnProgrammeSettings"
      fields={FIELDS}
      record={{ maxLengthMonths: props.settings.maxLengthMonths ?? null, followUpIntervalDays: props.settings.followUpIntervalDays ?? null, version: props.settings.version }}
      // Both are set at once (an empty one removes that frame): the changed field on top of the
      // other, on the version read, so another leader's change meanwhile is a CONFLICT to see, not undone.
      save={(changed, expectedVersion, onTopOf) => {
        const all = { ...onTopOf, ...changed } as Partial<Settings>;
        return set({ variables: { input: { maxLengthMonths: all.maxLengthMonths ?? null, followUpIntervalDays: all.followUpIntervalDays ?? null, expectedVersion: expectedVersion ?? 0 } } });
      }}
      onTakeTheirs={(current) => show(client.cache, current as unknown as Settings)}
      loading={loading}
      submitLabel="Gem rammer"
      failedTitle="Rammerne blev ikke gemt"
      savedMessage="Rammerne for egne forløb er gemt."
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}

/**
 * Egne forløb: since lov nr. 1750 af 29. december 2025 the helhedsorienterede forløb are the municipality's own, so a leader sets
 * their longest length and the most days between samtaler (the warnings follow them). Caseworkers, who run the forløb, see them.
 */
export function OwnProgrammeSettings() {
  const viewer = useViewer();
  const role = viewer?.role;
  const mayRead = role === 'LEADER' || role === 'CASEWORKER';
  const { data, error } = useQuery(OwnProgrammeSettingsQuery, { skip: !mayRead });
  const [message, setMessage] = useState<string | null>(null);
  if (!mayRead) return null;
  const settings = data?.ownProgrammeSettings;
  const shown = settings ? describeSettings(settings) : null;
  return (
    <section className="card" aria-labelledby="own-programmes-heading" data-testid="own-programme-settings">
      <h2 id="own-programmes-heading">Egne forløb: helhedsorienteret forløb</h2>
      <p className="hint">Kommunens egne rammer for de helhedsorienterede forløb (lov nr. 1750 af 29. december 2025).</p>
      {error ? <ErrorNotice error={error} title="Rammerne kunne ikke hentes." /> : null}
      {shown ? (
        <dl className="facts">
          <div>
            <dt>Længste varighed</dt>
            <dd data-testid="own-max-length">{shown.length}</dd>
          </div>
          <div>
            <dt>Samtaler</dt>
            <dd data-testid="own-interval">{shown.interval}</dd>
          </div>
        </dl>
      ) : null}
      <StatusNotice message={message} />
      {settings && role === 'LEADER' ? (
        <FormPanel label="Ret rammer" onDone={setMessage}>
          {(close, done) => <SettingsForm settings={settings} onCancel={close} onDone={done} />}
        </FormPanel>
      ) : null}
    </section>
  );
}
