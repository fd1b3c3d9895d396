import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UnitKind } from '../org';
import { ProgrammeType } from '../plan';

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
  OWN_FRAME_DUE = 'OWN_FRAME_DUE',
  OWN_FRAME_SHARE = 'OWN_FRAME_SHARE',
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
  ENDED_JOBAFKLARINGSFORLOEB = 'ENDED_JOBAFKLARINGSFORLOEB',
  ENDED_REVALIDERING = 'ENDED_REVALIDERING',
  ENDED_CASH_BENEFIT = 'ENDED_CASH_BENEFIT',
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

/** The municipality's own frame for its helhedsorienterede forløb, which the law leaves to it. */
const OWN_FRAME_SOURCE = 'kommunens egen ramme for helhedsorienterede forløb (lov nr. 1750 af 29. december 2025)';

/** Danish label, kind and source of every figure, in display order. */
export const KEY_FIGURE_INFO: Record<KeyFigure, { label: string; kind: KeyFigureKind; source: string }> = {
  ACTIVE_PROGRAMMES: { label: 'Borgere i forløb (alle forløbstyper)', kind: KeyFigureKind.COUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9' },
  ACTIVE_RESSOURCEFORLOEB: { label: 'Heraf i ressourceforløb', kind: KeyFigureKind.COUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9' },
  ACTIVE_JOBAFKLARINGSFORLOEB: { label: 'Heraf i jobafklaringsforløb', kind: KeyFigureKind.COUNT, source: 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ACTIVE_HELHEDSORIENTERET: { label: 'Heraf i helhedsorienteret forløb', kind: KeyFigureKind.COUNT, source: 'lov nr. 1750 af 29. december 2025' },
  COMPANY_BASED: { label: 'I virksomhedsrettet indsats', kind: KeyFigureKind.COUNT, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9' },
  COMPANY_BASED_SHARE: { label: 'Andel i virksomhedsrettet indsats', kind: KeyFigureKind.SHARE, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9; Faaborg-Midtfyns borgerpjece om ressourceforløb' },
  GUARANTEE_DUE: { label: 'Ressourceforløb efter 2022-reglerne, der har nået 6 måneder (indsatsgaranti)', kind: KeyFigureKind.COUNT, source: 'LAB §113, stk. 2; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8' },
  GUARANTEE_MET: { label: 'Tilbud efter indsatsgarantien påbegyndt inden 6 måneder', kind: KeyFigureKind.COUNT, source: 'LAB §113, stk. 2; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8' },
  GUARANTEE_SHARE: { label: 'Andel der lever op til indsatsgarantien', kind: KeyFigureKind.SHARE, source: 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8–9' },
  FOLLOW_UPS_PER_PERSON: { label: 'Samtaler pr. person i de første 6 måneder af et ressourceforløb', kind: KeyFigureKind.AMOUNT, source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, appendiks 1' },
  FOLLOW_UP_REQUIREMENT_SHARE: { label: 'Andel med mindst 4 samtaler i de første 6 måneder', kind: KeyFigureKind.SHARE, source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 5.5' },
  OWN_FRAME_DUE: { label: 'Egne forløb i gang ved månedens udgang (målt mod kommunens ramme for samtaler)', kind: KeyFigureKind.COUNT, source: OWN_FRAME_SOURCE },
  OWN_FRAME_SHARE: { label: 'Andel af egne forløb inden for kommunens ramme for samtaler', kind: KeyFigureKind.SHARE, source: OWN_FRAME_SOURCE },
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
  ENDED_JOBAFKLARINGSFORLOEB: { label: 'Afsluttet: nyt jobafklaringsforløb', kind: KeyFigureKind.COUNT, source: 'LAB kapitel 18 (jobafklaringsforløb)' },
  ENDED_REVALIDERING: { label: 'Afsluttet: revalidering', kind: KeyFigureKind.COUNT, source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.5' },
  ENDED_CASH_BENEFIT: { label: 'Afsluttet: kontanthjælp med jobsøgning', kind: KeyFigureKind.COUNT, source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 6.5' },
  ENDED_UNEMPLOYMENT_BENEFIT: { label: 'Afsluttet: a-dagpenge', kind: KeyFigureKind.COUNT, source: 'målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_FIT_FOR_WORK: { label: 'Afsluttet: raskmeldt', kind: KeyFigureKind.COUNT, source: 'LAB kapitel 18 (jobafklaringsforløb)' },
  ENDED_PENSION: { label: 'Afsluttet: folkepension eller efterløn', kind: KeyFigureKind.COUNT, source: 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)' },
  ENDED_DEATH: { label: 'Afsluttet: dødsfald', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb' },
  ENDED_MOVED: { label: 'Afsluttet: fraflyttet', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
  ENDED_OTHER: { label: 'Afsluttet: andet', kind: KeyFigureKind.COUNT, source: 'Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023' },
};

/** "Afsluttede forløb" as counted (figures.sql.ts, aggregate): the base of every end reason's definition. */
const ENDED_DEFINITION =
  'Forløb, der er afsluttet i Samplan med en slutdato i måneden. Hvert forløb tælles, så en borger med to afsluttede forløb tæller to gange. Kan være skjult, også ved 0, når det sammen med borgere i forløb og startede forløb i næste måned ellers ville vise en lille gruppe. For hele perioden: summen af månederne; er en måned skjult, står der »mindst« og summen af de viste måneder.';

/**
 * What each figure counts, in Danish, for the leader who reads it: what is counted, in which
 * month, and whether a person counts once or each forløb does. Written from what
 * figures.sql.ts (aggregate) counts; a change there changes these.
 */
export const KEY_FIGURE_DEFINITIONS: Record<KeyFigure, string> = {
  ACTIVE_PROGRAMMES:
    'Borgere med et ressourceforløb, jobafklaringsforløb eller helhedsorienteret forløb, der har været i gang mindst én dag i måneden (i indeværende måned til og med i dag). Et igangværende forløb tæller med, også efter slutdatoen, indtil det afsluttes. Hver borger tælles én gang, også med to forløb i samme måned. For hele perioden: gennemsnittet pr. måned (skjult, hvis en måned er skjult).',
  ACTIVE_RESSOURCEFORLOEB:
    'Borgere i ressourceforløb i måneden, talt som »Borgere i forløb«. En borger, der skifter forløbstype i måneden, tælles under begge typer, så typerne tilsammen kan give mere end det samlede antal.',
  ACTIVE_JOBAFKLARINGSFORLOEB:
    'Borgere i jobafklaringsforløb i måneden, talt som »Borgere i forløb«. En borger, der skifter forløbstype i måneden, tælles under begge typer.',
  ACTIVE_HELHEDSORIENTERET:
    'Borgere i helhedsorienteret forløb i måneden, talt som »Borgere i forløb«. En borger, der skifter forløbstype i måneden, tælles under begge typer.',
  COMPANY_BASED:
    'Borgere i forløb, der i måneden har haft en påbegyndt virksomhedspraktik, løntilskudsjob eller ordinære løntimer fra jobcentret. Hver borger tælles én gang. For hele perioden: gennemsnittet pr. måned.',
  COMPANY_BASED_SHARE: 'Borgere i virksomhedsrettet indsats delt med borgere i forløb i samme måned. For hele perioden: månedernes tal lagt sammen og delt.',
  GUARANTEE_DUE:
    'Ressourceforløb efter reglerne fra 2022, hvis første 6 måneder sluttede i måneden, og hvis frist (6 måneder efter start) er passeret. Et forløb, der sluttede før de 6 måneder, tæller ikke. Hvert forløb tælles. For hele perioden: summen af månederne (»mindst«, hvis en måned er skjult).',
  GUARANTEE_MET:
    'Af de ressourceforløb, der har nået 6 måneder: dem, hvor en indsats efter LAB kapitel 11, 12 eller 14, serviceloven eller sundhedsloven er påbegyndt senest 6 måneder efter forløbets start. Særlige grunde fritager ikke: sådan et forløb tæller som ikke opfyldt.',
  GUARANTEE_SHARE: 'Tilbud påbegyndt inden 6 måneder delt med ressourceforløb efter 2022-reglerne, der har nået 6 måneder, i samme måned.',
  FOLLOW_UPS_PER_PERSON:
    'Gennemsnitligt antal afholdte opfølgningssamtaler i de første 6 måneder, for ressourceforløb (alle regelsæt), hvis første 6 måneder sluttede i måneden før i dag. Et forløb, der sluttede før de 6 måneder, tæller ikke. Gennemsnittet er pr. forløb.',
  FOLLOW_UP_REQUIREMENT_SHARE: 'Af de samme ressourceforløb: andelen med mindst 4 afholdte samtaler i de første 6 måneder.',
  OWN_FRAME_DUE:
    'Kommunens egne helhedsorienterede forløb, der er i gang ved månedens udgang (i indeværende måned: i dag), når kommunen har sat en ramme for, hvor mange dage der højst må gå mellem samtaler. Uden ramme tælles ingen. Hvert forløb tælles. Rammen er den, der gjaldt ved månedens udgang (i indeværende måned: den, der er sat nu): en ændret ramme gælder fra den måned, den blev ændret i, og ændrer ikke tallene for måneder før. For hele perioden: gennemsnittet pr. måned.',
  OWN_FRAME_SHARE:
    'Af de samme egne forløb: andelen, hvor der ved månedens udgang højst er gået så mange dage, som rammen tillader, siden den seneste afholdte samtale (eller siden forløbets start, hvis der ikke er holdt en samtale endnu) – samme prøve som advarslen til den koordinerende sagsbehandler. Samtaler over telefon og video tæller med. For hele perioden: månedernes tal lagt sammen og delt.',
  ORDINARY_HOURS_PEOPLE:
    'Borgere med påbegyndte ordinære løntimer med timer om ugen, der gælder ved månedens udgang (i indeværende måned: i dag), i et forløb, der ikke er afsluttet inden da. Timer, der sluttede inden da eller holdt pause den dag (fra den dag, status blev sat til »Sat på pause«, til den dag, den blev ændret igen; hver pause gemmes, så en senere ændring af indsatsen eller en ny pause ændrer ikke en måned, der er gået), og løntimer uden angivne timer tæller kun med under »I virksomhedsrettet indsats«. Hver borger tælles én gang. For hele perioden: gennemsnittet pr. måned.',
  ORDINARY_HOURS_TOTAL:
    'Summen af de ugentlige ordinære løntimer, der gælder ved månedens udgang (i indeværende måned: i dag), for borgerne under »Personer med ordinære løntimer«: for hver borger de gældende timer lagt sammen (6 og 4 timer hos to arbejdsgivere er 10). Kun måned for måned.',
  ORDINARY_HOURS_PER_PERSON: 'Ordinære løntimer pr. uge i alt delt med antal borgere med ordinære løntimer. Kun måned for måned.',
  STARTED: 'Forløb med startdato i måneden, til og med i dag. Hvert forløb tælles, ikke hver borger. Kan være skjult, også ved 0, når det sammen med borgere i forløb og afsluttede forløb i måneden før ellers ville vise en lille gruppe. For hele perioden: summen af månederne; er en måned skjult, står der »mindst« og summen af de viste måneder.',
  ENDED: ENDED_DEFINITION,
  ENDED_EMPLOYMENT: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen beskæftigelse.`,
  ENDED_EDUCATION: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen uddannelse.`,
  ENDED_FLEXJOB: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen fleksjob.`,
  ENDED_LEDIGHEDSYDELSE: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen ledighedsydelse.`,
  ENDED_FOERTIDSPENSION: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen førtidspension.`,
  ENDED_RESSOURCEFORLOEB: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen ressourceforløb (et nyt forløb).`,
  ENDED_HELHEDSORIENTERET: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen helhedsorienteret forløb.`,
  ENDED_JOBAFKLARINGSFORLOEB: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen nyt jobafklaringsforløb.`,
  ENDED_REVALIDERING: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen revalidering.`,
  ENDED_CASH_BENEFIT: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen kontanthjælp med jobsøgning.`,
  ENDED_UNEMPLOYMENT_BENEFIT: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen a-dagpenge.`,
  ENDED_FIT_FOR_WORK: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen raskmeldt.`,
  ENDED_PENSION: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen folkepension eller efterløn.`,
  ENDED_DEATH: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen dødsfald.`,
  ENDED_MOVED: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen fraflyttet.`,
  ENDED_OTHER: `${ENDED_DEFINITION} Her kun dem med afslutningsårsagen andet.`,
};

/** Which forløb a figure counts: its programme types, and the same in words for a leader. */
export interface Coverage {
  types: ProgrammeType[];
  text: string;
}
const ALL_TYPES: Coverage = { types: [ProgrammeType.RESSOURCEFORLOEB, ProgrammeType.JOBAFKLARINGSFORLOEB, ProgrammeType.HELHEDSORIENTERET], text: 'Alle forløbstyper' };
const RESSOURCE_2022: Coverage = { types: [ProgrammeType.RESSOURCEFORLOEB], text: 'Kun ressourceforløb (reglerne fra 2022)' };
const RESSOURCE_ANY: Coverage = { types: [ProgrammeType.RESSOURCEFORLOEB], text: 'Kun ressourceforløb (reglerne fra 2013 og 2022)' };
const OWN: Coverage = { types: [ProgrammeType.HELHEDSORIENTERET], text: 'Kun kommunens egne helhedsorienterede forløb' };

/**
 * What each figure covers, as aggregate (figures.sql.ts) counts it: the indsatsgaranti came with
 * the 2022 rules for ressourceforløb (LAB §113, stk. 2), the 4 samtaler are a ressourceforløb rule
 * (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5), and the municipality's frame is for its
 * own forløb. Since lov nr. 1750 af 29. december 2025 no new ressourceforløb are granted, so a
 * figure for ressourceforløb alone covers fewer forløb month by month, and must say so.
 */
export const KEY_FIGURE_COVERAGE: Record<KeyFigure, Coverage> = {
  ...(Object.fromEntries(Object.values(KeyFigure).map((f) => [f, ALL_TYPES])) as Record<KeyFigure, Coverage>),
  ACTIVE_RESSOURCEFORLOEB: { types: [ProgrammeType.RESSOURCEFORLOEB], text: 'Kun ressourceforløb' },
  ACTIVE_JOBAFKLARINGSFORLOEB: { types: [ProgrammeType.JOBAFKLARINGSFORLOEB], text: 'Kun jobafklaringsforløb' },
  ACTIVE_HELHEDSORIENTERET: OWN,
  GUARANTEE_DUE: RESSOURCE_2022,
  GUARANTEE_MET: RESSOURCE_2022,
  GUARANTEE_SHARE: RESSOURCE_2022,
  FOLLOW_UPS_PER_PERSON: RESSOURCE_ANY,
  FOLLOW_UP_REQUIREMENT_SHARE: RESSOURCE_ANY,
  OWN_FRAME_DUE: OWN,
  OWN_FRAME_SHARE: OWN,
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

  @Field({ description: 'Kort definition på dansk: hvad der tælles, hvornår, og om en borger tælles én gang eller hvert forløb.' })
  definition: string;

  @Field(() => [ProgrammeType], { description: 'De forløbstyper, tallet omfatter (fx kun ressourceforløb for indsatsgarantien).' })
  programmeTypes: ProgrammeType[];

  @Field({ description: 'De forløbstyper, tallet omfatter, på dansk til lederen, fx "Kun ressourceforløb (reglerne fra 2022)".' })
  covers: string;
}

@ObjectType({ simpleResolvers: true, description: 'Ét nøgletal. Grupper på 1–4 personer, og tal, de kunne regnes ud fra, vises som "skjult": value er da tom og suppressed sand.' })
export class KeyFigureValue {
  @Field(() => KeyFigure, { description: 'Nøgletallet.' })
  figure: KeyFigure;

  @Field(() => Float, { nullable: true, description: 'Værdien (andele som brøk 0–1); tom når den er skjult eller ikke kan beregnes.' })
  value: number | null;

  @Field({ description: 'Skjult, fordi gruppen er mindre end 5 (eller ellers kunne regnes ud).' })
  suppressed: boolean;

  @Field({ description: 'Til visning på dansk: "12", "34 %", "4,2", "skjult", "mindst 12" eller "–".' })
  display: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Kun for hele perioden, for startede og afsluttede forløb og kohorterne (indsatsgaranti, samtaler): når en måned i perioden er skjult, summen af de viste måneder. Det rigtige tal er større; hvor meget siges ikke. display er da "mindst N", value tom og suppressed sand.',
  })
  atLeast?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Nøgletal for én måned (eller hele perioden), for kommunen eller én forvaltning. Hele perioden regnes kun ud fra månedernes viste tal: antal i forløb som gennemsnit pr. måned, startede og afsluttede som sum (»mindst N«, hvis en måned er skjult), så to perioder ikke kan trækkes fra hinanden.' })
export class KeyFigureBucket {
  @Field({ description: 'Måneden (ÅÅÅÅ-MM), eller "ÅÅÅÅ-MM–ÅÅÅÅ-MM" for hele perioden.' })
  label: string;

  @Field({ description: 'Første dag.' })
  from: string;

  @Field({ description: 'Sidste dag.' })
  to: string;

  @Field({ description: 'Sand for en måned før Samplans data for kommunen begynder (se KeyFigures.dataFrom): da er alle værdier tomme (ukendt), ikke 0.' })
  beforeDataFrom: boolean;

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

  @Field(() => String, {
    nullable: true,
    description:
      'Den dag, Samplan har data fra (ÅÅÅÅ-MM-DD): den dag, kommunens første forløb blev registreret i Samplan; tom, når kommunen endnu intet forløb har. Måneder før dens måned er ukendte: deres værdier er tomme (value null, display "–", beforeDataFrom sand), aldrig 0; hele perioden regnes fra dens måned. Dens egen måned tæller med.',
  })
  dataFrom: string | null;

  @Field(() => Float, { description: 'Mål for andelen i virksomhedsrettet indsats (brøk 0–1; en indstilling, standard 30 %).' })
  companyBasedTarget: number;

  @Field({ description: 'Hvor målet for andelen i virksomhedsrettet indsats kommer fra, og hvilke forløbstyper det holdes op mod (på dansk).' })
  companyBasedTargetSource: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Kommunens ramme for helhedsorienterede forløb: højst så mange dage mellem samtaler, som den er sat nu (tom: ingen ramme sat, og andelen inden for rammen måles ikke).',
  })
  ownFollowUpIntervalDays: number | null;

  @Field(() => Int, { description: 'Mindste gruppe, der vises (5).' })
  minimumGroupSize: number;

  @Field(() => [KeyFigureInfo], { description: 'Nøgletallene med dansk betegnelse, slags og kilde, i visningsrækkefølge.' })
  figures: KeyFigureInfo[];

  @Field(() => [KeyFigureBucket], { description: 'Hele kommunen, måned for måned, ældste først.' })
  months: KeyFigureBucket[];

  @Field(() => KeyFigureBucket, { description: 'Hele kommunen, hele perioden (fra den første måned med data; se dataFrom).' })
  period: KeyFigureBucket;

  @Field(() => [UnitKeyFigures], { description: 'Fordelt efter den koordinerende sagsbehandlers forvaltning.' })
  units: UnitKeyFigures[];
}
