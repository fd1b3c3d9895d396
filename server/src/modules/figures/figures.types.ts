import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UnitKind } from '../org';

/**
 * Key figures are aggregates only (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9). Every number comes with `suppressed`:
 * a group of 1–4 people is hidden ("skjult", never its size), and so is anything from
 * which such a group could be worked out (see suppression.ts).
 *
 * The figures of a month are a list of (figure, value) rather than one field per figure:
 * a dashboard asks for every figure of 13 buckets for the municipality and each unit, and
 * one field per figure priced that document at ~3,000 under the server's query-cost limit
 * of 1,000 (core/http/limits.ts). As a list, the whole dashboard is one cheap document,
 * and tables and CSV export render it generically with the labels in `KeyFigures.figures`.
 *
 * These types are plain data reachable only through `keyFigures` (a root field mentors cannot
 * call), so they use simple resolvers: no per-field middleware on thousands of numbers.
 */
export enum KeyFigure {
  ACTIVE_PROGRAMMES = 'ACTIVE_PROGRAMMES',
  ACTIVE_RESSOURCEFORLOEB = 'ACTIVE_RESSOURCEFORLOEB',
  ACTIVE_JOBAFKLARINGSFORLOEB = 'ACTIVE_JOBAFKLARINGSFORLOEB',
  ACTIVE_HELHEDSORIENTERET = 'ACTIVE_HELHEDSORIENTERET',
  COMPANY_BASED = 'COMPANY_BASED',
  COMPANY_BASED_SHARE = 'COMPANY_BASED_SHARE',
  GUARANTEE_DUE = 'GUARANTEE_DUE',
  GUARANTEE_MET = 'GUARANTEE_MET',
  GUARANTEE_SHARE = 'GUARANTEE_SHARE',
  FOLLOW_UPS_PER_PERSON = 'FOLLOW_UPS_PER_PERSON',
  FOLLOW_UP_REQUIREMENT_SHARE = 'FOLLOW_UP_REQUIREMENT_SHARE',
  ORDINARY_HOURS_PEOPLE = 'ORDINARY_HOURS_PEOPLE',
  ORDINARY_HOURS_TOTAL = 'ORDINARY_HOURS_TOTAL',
  ORDINARY_HOURS_PER_PERSON = 'ORDINARY_HOURS_PER_PERSON',
  STARTED = 'STARTED',
  ENDED = 'ENDED',
  ENDED_EMPLOYMENT = 'ENDED_EMPLOYMENT',
  ENDED_EDUCATION = 'ENDED_EDUCATION',
  ENDED_FLEXJOB = 'ENDED_FLEXJOB',
  ENDED_LEDIGHEDSYDELSE = 'ENDED_LEDIGHEDSYDELSE',
  ENDED_FOERTIDSPENSION = 'ENDED_FOERTIDSPENSION',
  ENDED_RESSOURCEFORLOEB = 'ENDED_RESSOURCEFORLOEB',
  ENDED_HELHEDSORIENTERET = 'ENDED_HELHEDSORIENTERET',
  ENDED_UNEMPLOYMENT_BENEFIT = 'ENDED_UNEMPLOYMENT_BENEFIT',
  ENDED_FIT_FOR_WORK = 'ENDED_FIT_FOR_WORK',
  ENDED_PENSION = 'ENDED_PENSION',
  ENDED_DEATH = 'ENDED_DEATH',
  ENDED_MOVED = 'ENDED_MOVED',
  ENDED_OTHER = 'ENDED_OTHER',
}

/** What kind of number a figure is: how to chart and format it. */
export enum KeyFigureKind {
  COUNT = 'COUNT',
  SHARE = 'SHARE',
  AMOUNT = 'AMOUNT',
}

/** Danish label, kind and source of every figure, in display order. */
export const KEY_FIGURE_INFO: Record<KeyFigure, { label: string; kind: KeyFigureKind; source: string }> = {
  ACTIVE_PROGRAMMES: { label: 'Borgere i forløb (alle forløbstyper)', kind: KeyFigureKind.COUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9' },
  ACTIVE_RESSOURCEFORLOEB: { label: 'Heraf i ressourceforløb', kind: KeyFigureKind.COUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9' },
  ACTIVE_JOBAFKLARINGSFORLOEB: { label: 'Heraf i jobafklaringsforløb', kind: KeyFigureKind.COUNT, source: 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ACTIVE_HELHEDSORIENTERET: { label: 'Heraf i helhedsorienteret forløb', kind: KeyFigureKind.COUNT, source: 'lov nr. 1750 af 29. december 2025' },
  COMPANY_BASED: { label: 'I virksomhedsrettet indsats', kind: KeyFigureKind.COUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9' },
  COMPANY_BASED_SHARE: { label: 'Andel i virksomhedsrettet indsats', kind: KeyFigureKind.SHARE, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9; Faaborg-Midtfyns borgerpjece om ressourceforløb (måltal 30 %)' },
  GUARANTEE_DUE: { label: 'Ressourceforløb efter 2022-reglerne, der har nået 6 måneder (indsatsgaranti)', kind: KeyFigureKind.COUNT, source: 'LAB §113, stk. 2; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8' },
  GUARANTEE_MET: { label: 'Tilbud efter indsatsgarantien påbegyndt inden 6 måneder', kind: KeyFigureKind.COUNT, source: 'LAB §113, stk. 2; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8' },
  GUARANTEE_SHARE: { label: 'Andel der lever op til indsatsgarantien', kind: KeyFigureKind.SHARE, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8–9' },
  FOLLOW_UPS_PER_PERSON: { label: 'Samtaler pr. person i de første 6 måneder af et ressourceforløb', kind: KeyFigureKind.AMOUNT, source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks 1' },
  FOLLOW_UP_REQUIREMENT_SHARE: { label: 'Andel med mindst 4 samtaler i de første 6 måneder', kind: KeyFigureKind.SHARE, source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.5' },
  ORDINARY_HOURS_PEOPLE: { label: 'Personer med ordinære løntimer', kind: KeyFigureKind.COUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks 1' },
  ORDINARY_HOURS_TOTAL: { label: 'Ordinære løntimer pr. uge i alt', kind: KeyFigureKind.AMOUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks 1' },
  ORDINARY_HOURS_PER_PERSON: { label: 'Ordinære løntimer pr. uge pr. person', kind: KeyFigureKind.AMOUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks 1' },
  STARTED: { label: 'Startede forløb', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb' },
  ENDED: { label: 'Afsluttede forløb', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_EMPLOYMENT: { label: 'Afsluttet: beskæftigelse', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_EDUCATION: { label: 'Afsluttet: uddannelse', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_FLEXJOB: { label: 'Afsluttet: fleksjob', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_LEDIGHEDSYDELSE: { label: 'Afsluttet: ledighedsydelse', kind: KeyFigureKind.COUNT, source: 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_FOERTIDSPENSION: { label: 'Afsluttet: førtidspension', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_RESSOURCEFORLOEB: { label: 'Afsluttet: ressourceforløb', kind: KeyFigureKind.COUNT, source: 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_HELHEDSORIENTERET: { label: 'Afsluttet: helhedsorienteret forløb', kind: KeyFigureKind.COUNT, source: 'lov nr. 1750 af 29. december 2025' },
  ENDED_UNEMPLOYMENT_BENEFIT: { label: 'Afsluttet: a-dagpenge', kind: KeyFigureKind.COUNT, source: 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_FIT_FOR_WORK: { label: 'Afsluttet: raskmeldt', kind: KeyFigureKind.COUNT, source: 'LAB kapitel 18 (jobafklaringsforløb)' },
  ENDED_PENSION: { label: 'Afsluttet: folkepension eller efterløn', kind: KeyFigureKind.COUNT, source: 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)' },
  ENDED_DEATH: { label: 'Afsluttet: dødsfald', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb' },
  ENDED_MOVED: { label: 'Afsluttet: fraflyttet', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_OTHER: { label: 'Afsluttet: andet', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
};

registerEnumType(KeyFigure, {
  name: 'KeyFigure',
  description: 'Nøgletal (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9).',
  valuesConfig: Object.fromEntries(Object.entries(KEY_FIGURE_INFO).map(([k, v]) => [k, { description: `${v.label} (${v.source}).` }])),
});
registerEnumType(KeyFigureKind, {
  name: 'KeyFigureKind',
  description: 'Slags tal.',
  valuesConfig: { COUNT: { description: 'Antal personer.' }, SHARE: { description: 'Andel (brøk 0–1).' }, AMOUNT: { description: 'Gennemsnit eller timetal.' } },
});

@ObjectType({ simpleResolvers: true, description: 'Et nøgletals betegnelse på dansk, slags og kilde.' })
export class KeyFigureInfo {
  @Field(() => KeyFigure, { description: 'Nøgletallet.' })
  figure: KeyFigure;

  @Field({ description: 'Betegnelse (dansk).' })
  label: string;

  @Field(() => KeyFigureKind, { description: 'Slags tal.' })
  kind: KeyFigureKind;

  @Field({ description: 'Kilde: den offentlige kilde til tallets definition (vejledning eller lov).' })
  source: string;
}

@ObjectType({ simpleResolvers: true, description: 'Ét nøgletal. Grupper på 1–4 personer, og tal, de kunne regnes ud fra, vises som "skjult": value er da tom og suppressed sand.' })
export class KeyFigureValue {
  @Field(() => KeyFigure, { description: 'Nøgletallet.' })
  figure: KeyFigure;

  @Field(() => Float, { nullable: true, description: 'Værdien (andele som brøk 0–1); tom når den er skjult eller ikke kan beregnes.' })
  value: number | null;

  @Field({ description: 'Skjult, fordi gruppen er mindre end 5 (eller ellers kunne regnes ud).' })
  suppressed: boolean;

  @Field({ description: 'Til visning på dansk: "12", "34 %", "4,2", "skjult" eller "–".' })
  display: string;
}

@ObjectType({ simpleResolvers: true, description: 'Nøgletal for én måned (eller hele perioden), for kommunen eller én forvaltning.' })
export class KeyFigureBucket {
  @Field({ description: 'Måneden (ÅÅÅÅ-MM), eller "ÅÅÅÅ-MM–ÅÅÅÅ-MM" for hele perioden.' })
  label: string;

  @Field({ description: 'Første dag.' })
  from: string;

  @Field({ description: 'Sidste dag.' })
  to: string;

  @Field(() => [KeyFigureValue], { description: 'Alle nøgletal, i rækkefølgen fra KeyFigures.figures.' })
  values: KeyFigureValue[];
}

@ObjectType({ simpleResolvers: true, description: 'Nøgletal for én forvaltning: forløb fordelt efter den koordinerende sagsbehandlers forvaltning.' })
export class UnitKeyFigures {
  @Field(() => UnitKind, { nullable: true, description: 'Forvaltningen (tom: forløb uden koordinator fra en forvaltning).' })
  unitKind: UnitKind | null;

  @Field({ description: 'Forvaltningens navn.' })
  unitName: string;

  @Field(() => [KeyFigureBucket], { description: 'Måned for måned, ældste først.' })
  months: KeyFigureBucket[];

  @Field(() => KeyFigureBucket, { description: 'Hele perioden.' })
  period: KeyFigureBucket;
}

@ObjectType({
  simpleResolvers: true,
  description: 'Nøgletal for alle forløb i egen kommune – ressourceforløb, jobafklaringsforløb og helhedsorienterede forløb, også fordelt på forløbstype (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9): kun tal, aldrig navne.',
})
export class KeyFigures {
  @Field({ description: 'Kommunen.' })
  municipalityName: string;

  @Field({ description: 'Første måned (ÅÅÅÅ-MM).' })
  fromMonth: string;

  @Field({ description: 'Sidste måned (ÅÅÅÅ-MM).' })
  toMonth: string;

  @Field(() => Float, { description: 'Mål for andelen i virksomhedsrettet indsats (brøk 0–1; en indstilling, standard 30 %).' })
  companyBasedTarget: number;

  @Field(() => Int, { description: 'Mindste gruppe, der vises (5).' })
  minimumGroupSize: number;

  @Field(() => [KeyFigureInfo], { description: 'Nøgletallene med dansk betegnelse, slags og kilde, i visningsrækkefølge.' })
  figures: KeyFigureInfo[];

  @Field(() => [KeyFigureBucket], { description: 'Hele kommunen, måned for måned, ældste først.' })
  months: KeyFigureBucket[];

  @Field(() => KeyFigureBucket, { description: 'Hele kommunen, hele perioden.' })
  period: KeyFigureBucket;

  @Field(() => [UnitKeyFigures], { description: 'Fordelt efter den koordinerende sagsbehandlers forvaltning.' })
  units: UnitKeyFigures[];
}
