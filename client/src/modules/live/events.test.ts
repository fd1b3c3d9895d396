import { highlightKeys, isSomebodysChange, isUnseenBy } from './events';
import { cardFlagText, changedBy, changedFlagText, changeText, eventSentence, newChangesText } from './sentence';

const bent = { id: 'u-bent', name: 'Bent Sørensen' };
const social = { id: 'unit-social', kind: 'SOCIAL' as const, name: 'Socialforvaltningen' };

/** Bent's change of Bostøtte's status and hours, as the server describes it to staff. */
const bostoetteChanged = {
  kind: 'INTERVENTION_STATUS_CHANGED' as const,
  actor: bent,
  unit: social,
  title: 'Bostøtte',
  changes: [
    { field: 'status', label: 'Status', before: 'Planlagt', after: 'Aktiv' },
    { field: 'hoursPerWeek', label: 'Timer om ugen', before: '2', after: '4' },
  ],
  summary: 'Bent Sørensen (Socialforvaltningen) ændrede status på Bostøtte til Aktiv',
  at: '2026-06-30T08:32:00Z',
};

describe('the sentence a person reads about a change', () => {
  it('names the person and unit, the record, and each field before → after', () => {
    expect(eventSentence(bostoetteChanged)).toBe(
      'Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Status Planlagt → Aktiv; Timer om ugen 2 → 4',
    );
  });

  it('says what was created, recorded or ended when no field changed', () => {
    // A mentor grant in the server's words, with the mentor and the day (mentor.service.ts).
    expect(eventSentence({ ...bostoetteChanged, kind: 'MENTOR_GRANT_CREATED', title: 'mentorbevillingen', changes: [], summary: 'Anna Holm (Jobcenter) bevilgede mentorstøtte med Mikkel Lund til 18. december 2026' })).toBe(
      'Anna Holm (Jobcenter) bevilgede mentorstøtte med Mikkel Lund til 18. december 2026',
    );
    // A new intervention is named as one in the server's words (intervention.service.ts).
    expect(eventSentence({ ...bostoetteChanged, kind: 'INTERVENTION_CREATED', changes: [], summary: 'Bent Sørensen (Socialforvaltningen) tilføjede indsatsen Bostøtte' })).toBe(
      'Bent Sørensen (Socialforvaltningen) tilføjede indsatsen Bostøtte',
    );
    expect(eventSentence({ ...bostoetteChanged, kind: 'MENTOR_GRANT_ENDED', title: 'Mentorstøtten', changes: [], summary: 'Anna Holm (Jobcenter) afsluttede mentorstøtten pr. 1. marts 2027' })).toBe(
      'Anna Holm (Jobcenter) afsluttede mentorstøtten pr. 1. marts 2027',
    );
  });

  it('says a first decision on what follows the forløb was made (or proposed), and what; a later one is a change', () => {
    // Told as a change of the programme, with the decision as its record (server: next-step.service.ts).
    const anna = { id: 'u-anna', name: 'Anna Holm' };
    const jobcenter = { id: 'unit-job', kind: 'EMPLOYMENT' as const, name: 'Jobcenter' };
    const first = { ...bostoetteChanged, kind: 'PROGRAMME_UPDATED' as const, actor: anna, unit: jobcenter, title: 'indsatsen efter forløbet', changes: [],
      record: { __typename: 'NextStepDecision' as const, version: 1, decisionStatus: 'DECIDED' as const, stepLabel: 'Fleksjob' } };
    expect(eventSentence(first)).toBe('Anna Holm (Jobcenter) traf beslutning om indsatsen efter forløbet: Fleksjob');
    expect(eventSentence({ ...first, actor: bent, unit: social, record: { ...first.record, decisionStatus: 'PROPOSED' as const } })).toBe(
      'Bent Sørensen (Socialforvaltningen) foreslog indsatsen efter forløbet: Fleksjob',
    );
    const changed = { ...first, changes: [{ field: 'step', label: 'Indsats', before: 'Fleksjob', after: 'Ordinær uddannelse' }],
      record: { ...first.record, version: 2, stepLabel: 'Ordinær uddannelse' } };
    expect(eventSentence(changed)).toBe('Anna Holm (Jobcenter) ændrede indsatsen efter forløbet: Indsats Fleksjob → Ordinær uddannelse');
  });

  it('is the server\'s summary for a progress measurement and a section of the description: their title names only the kind of record', () => {
    // As the server sends them (server/src/modules/live/plan-event-view.ts: TITLE_OF_TYPE).
    const progress = { ...bostoetteChanged, kind: 'SUBGOAL_PROGRESS_RECORDED' as const, title: 'progression på delmål', changes: [],
      summary: 'Bent Sørensen (Socialforvaltningen) registrerede progression 4 af 5 på »Handle selv ind«' };
    expect(eventSentence(progress)).toBe('Bent Sørensen (Socialforvaltningen) registrerede progression 4 af 5 på »Handle selv ind«');
    const ownWords = 'Jeg vil gerne arbejde med dyr. '.repeat(40);
    const section = { ...bostoetteChanged, kind: 'DESCRIPTION_UPDATED' as const, title: 'Mine ønsker og mål', actor: { id: 'u-per', name: 'Per Hansen' }, unit: null,
      changes: [{ field: 'text', label: 'Tekst', before: null, after: ownWords }], summary: 'Per Hansen skrev i Mine ønsker og mål' };
    expect(eventSentence(section)).toBe('Per Hansen skrev i Mine ønsker og mål');
  });

  it('cuts a long value short in a sentence, and keeps it whole where the change is listed on its own', () => {
    const note = 'Ring til borgeren om morgenen før kl. 9, og husk at spørge til medicinen og til aftalen med lægen i næste uge.';
    const changed = { ...bostoetteChanged, changes: [{ field: 'notes', label: 'Noter', before: null, after: note }] };
    const sentence = eventSentence(changed);
    expect(sentence.startsWith('Bent Sørensen (Socialforvaltningen) ændrede Bostøtte: Noter (tom) → Ring til borgeren om morgenen')).toBe(true);
    expect(sentence.endsWith('…')).toBe(true);
    expect(sentence).not.toContain('næste uge');
    expect(changeText({ label: 'Noter', before: null, after: note })).toBe(`Noter (tom) → ${note}`);
  });

  it('names a delmål as one, quoted and cut short, where a change of its fields is told (its title is the delmål itself)', () => {
    // As the server sends a delmål marked nået (server/src/modules/live/plan-event-changes.test.ts).
    const goal = 'Eva vil gerne kunne møde på arbejdspladsen tre dage om ugen uden at melde sig syg, også i de uger, hvor angsten fylder meget';
    const achieved = { ...bostoetteChanged, kind: 'SUBGOAL_UPDATED' as const, actor: { id: 'u-anna', name: 'Anna Holm' }, unit: { id: 'unit-job', kind: 'EMPLOYMENT' as const, name: 'Jobcenter' },
      title: goal, changes: [{ field: 'status', label: 'Status', before: 'I gang', after: 'Nået' }], summary: `Anna Holm (Jobcenter) markerede delmålet »${goal}« som nået`,
      record: { __typename: 'SubGoal' as const } };
    expect(eventSentence(achieved)).toBe('Anna Holm (Jobcenter) ændrede delmålet »Eva vil gerne kunne møde på arbejdspladsen tre dage om ugen uden at melde sig s…«: Status I gang → Nået');
  });

  it('shows an emptied or first-filled field as "(tom)"', () => {
    expect(changeText({ label: 'Leverandør', before: null, after: 'Bostøtteteamet Midt' })).toBe('Leverandør (tom) → Bostøtteteamet Midt');
    expect(changeText({ label: 'Noter', before: 'Ring først', after: null })).toBe('Noter Ring først → (tom)');
  });

  it('is the neutral summary when the receiver may not see what it was about (a mentor), and for the rules’ own re-evaluation', () => {
    const forMentor = { ...bostoetteChanged, title: null, changes: [], unit: null, summary: 'Planen er opdateret' };
    expect(eventSentence(forMentor)).toBe('Planen er opdateret');
    expect(eventSentence({ ...bostoetteChanged, kind: 'WARNINGS_CHANGED', actor: null, unit: null, summary: 'Fristerne er opdateret' })).toBe('Fristerne er opdateret');
  });

  it('names a person without a unit (a mentor) by name, and the system by the unit or Samplan', () => {
    expect(changedBy({ actor: { id: 'u-mikkel', name: 'Mikkel Lund' }, unit: null })).toBe('Mikkel Lund');
    expect(changedBy({ actor: null, unit: social })).toBe('Socialforvaltningen');
    expect(changedBy({ actor: null, unit: null })).toBe('Samplan');
  });

  it('flags a card "Ændret af {person} ({enhed}) · {tid}" in Danish time', () => {
    // The day in Danish time (22.30 UTC on 30 June is 00.30 on 1 July), as an unseen change may be days old.
    expect(changedFlagText({ ...bostoetteChanged, at: '2026-06-30T22:30:00Z' }, new Date('2026-07-01T08:00:00Z'))).toBe('Ændret af Bent Sørensen (Socialforvaltningen) · i dag kl. 00.30');
    expect(changedFlagText({ ...bostoetteChanged, at: '2026-06-30T22:30:00Z' }, new Date('2026-07-04T08:00:00Z'))).toBe('Ændret af Bent Sørensen (Socialforvaltningen) · 1. jul. kl. 00.30');
  });

  it('flags a new card "Oprettet af …", a mentor\'s new entry "Registreret af …", a first decision on what follows "Besluttet af …"; a plan in Mine sager "Ændret af …"', () => {
    const at = '2026-07-01T08:32:00Z';
    const now = new Date('2026-07-01T09:00:00Z');
    expect(cardFlagText({ ...bostoetteChanged, at }, now)).toBe('Ændret af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32');
    const created = { ...bostoetteChanged, kind: 'INTERVENTION_CREATED' as const, at };
    expect(cardFlagText(created, now)).toBe('Oprettet af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32');
    expect(cardFlagText({ kind: 'MENTOR_TASK_LOGGED', actor: { id: 'u-mikkel', name: 'Mikkel Lund' }, unit: null, at }, now)).toBe('Registreret af Mikkel Lund · i dag kl. 10.32');
    const decision = { __typename: 'NextStepDecision' as const, version: 1, decisionStatus: 'DECIDED' as const, stepLabel: 'Fleksjob' };
    expect(cardFlagText({ ...bostoetteChanged, kind: 'PROGRAMME_UPDATED', record: decision, at }, now)).toBe('Besluttet af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32');
    expect(cardFlagText({ ...bostoetteChanged, kind: 'PROGRAMME_UPDATED', record: { ...decision, version: 2 }, at }, now)).toBe('Ændret af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32');
    // The plan itself was changed, whatever the change made in it.
    expect(changedFlagText(created, now)).toBe('Ændret af Bent Sørensen (Socialforvaltningen) · i dag kl. 10.32');
  });

  it('counts new changes in Danish', () => {
    expect(newChangesText(1)).toBe('1 ny ændring');
    expect(newChangesText(3)).toBe('3 nye ændringer');
  });
});

describe('plan events on the page', () => {
  const base = { planId: 'p1', entityId: 'e1', record: null };

  it('marks the item, its sub-goal for a progress measurement, and the section for whole-section changes', () => {
    expect(highlightKeys({ ...base, kind: 'INTERVENTION_STATUS_CHANGED' })).toEqual(['e1']);
    expect(highlightKeys({ ...base, kind: 'FOLLOW_UP_RECORDED' })).toEqual(['e1', 'section:followUps']);
    expect(highlightKeys({ ...base, kind: 'SUBGOAL_PROGRESS_RECORDED', record: { __typename: 'SubGoalProgress', subGoalId: 'sg1' } })).toEqual(['e1', 'sg1']);
    expect(highlightKeys({ ...base, kind: 'COORDINATOR_ASSIGNED' })).toContain('section:coordinator');
    expect(highlightKeys({ ...base, kind: 'PLAN_UPDATED' })).toEqual(['e1', 'section:goal', 'p1']);
    // The forløb's own facts, or the decision on what follows it (told as a change of the programme).
    expect(highlightKeys({ ...base, kind: 'PROGRAMME_UPDATED', record: { __typename: 'Programme' } })).toEqual(['e1', 'section:programme']);
    expect(highlightKeys({ ...base, kind: 'PROGRAMME_UPDATED', record: { __typename: 'NextStepDecision', version: 2, decisionStatus: 'DECIDED', stepLabel: 'Fleksjob' } })).toEqual(['e1', 'section:nextStep']);
  });

  it('is new to me when somebody else changed it after my read position', () => {
    const event = { kind: 'ACTIVITY_UPDATED' as const, actor: bent, seq: '12' };
    expect(isUnseenBy(event, 'u-anna', '11')).toBe(true);
    expect(isUnseenBy(event, 'u-anna', null)).toBe(true);
    expect(isUnseenBy(event, 'u-anna', '12')).toBe(false);
    expect(isUnseenBy(event, 'u-bent', '11')).toBe(false);
    // Beyond Number precision, as seq is a bigint as text.
    expect(isUnseenBy({ ...event, seq: '9007199254740993' }, 'u-anna', '9007199254740992')).toBe(true);
    expect(isUnseenBy({ ...event, kind: 'WARNINGS_CHANGED', actor: null }, 'u-anna', '11')).toBe(false);
  });
});

describe('isSomebodysChange', () => {
  it('is false only for the rules re-evaluating warnings', () => {
    expect(isSomebodysChange({ kind: 'WARNINGS_CHANGED' })).toBe(false);
    expect(isSomebodysChange({ kind: 'INTERVENTION_STATUS_CHANGED' })).toBe(true);
    expect(isSomebodysChange({ kind: 'MENTOR_TASK_LOGGED' })).toBe(true);
  });
});
