import type { CaseloadSort, ProgrammeStatus, ProgrammeType, UnitKind, WarningSeverity } from '../../gql/graphql';

/** What Mine sager is showing: the search, the filters and the order. */
export interface Choices {
  search: string;
  status: ProgrammeStatus | '';
  unit: UnitKind | '';
  programmeType: ProgrammeType | '';
  warningLevel: WarningSeverity | '';
  sort: CaseloadSort;
}

export const SEARCH_MAX_LENGTH = 100;

export const DEFAULT_CHOICES: Choices = { search: '', status: 'ACTIVE', unit: '', programmeType: '', warningLevel: '', sort: 'NAME' };

/** The query-string names of the choices (Danish, as the address bar shows them). */
export const PARAMS: Readonly<Record<keyof Choices, string>> = {
  search: 'soeg',
  status: 'status',
  unit: 'forvaltning',
  programmeType: 'forloebstype',
  warningLevel: 'advarsler',
  sort: 'sortering',
};

/**
 * The values of the choices as the address writes them, the one place that says it: Danish words as
 * the page labels them, lower case, æ ø å written ae oe aa (as the names: "soeg", "forloebstype").
 * A caseworker copies and reads these links. Each table is read both ways: a value to its word when the
 * address is written, a word to its value when it is read. Every value of the schema's enum has its
 * word: one the schema adds is a type error here until it has one.
 * The "all" of a filter is its default and never in the address, except for the status, whose default
 * is Igangværende: "Alle" needs a word of its own there.
 */
export const ADDRESS_WORDS: {
  readonly status: Readonly<Record<ProgrammeStatus | '', string>>;
  readonly unit: Readonly<Record<UnitKind, string>>;
  readonly programmeType: Readonly<Record<ProgrammeType, string>>;
  readonly warningLevel: Readonly<Record<WarningSeverity, string>>;
  readonly sort: Readonly<Record<CaseloadSort, string>>;
} = {
  // Igangværende / Afsluttede / Alle
  status: { ACTIVE: 'igangvaerende', ENDED: 'afsluttede', '': 'alle' },
  // Named as the areas the page shows (Beskæftigelse, Social, Sundhed), not as units ("Jobcenter").
  unit: { EMPLOYMENT: 'beskaeftigelse', SOCIAL: 'social', HEALTH: 'sundhed' },
  // Ressourceforløb / Jobafklaringsforløb / Helhedsorienteret forløb
  programmeType: { RESSOURCEFORLOEB: 'ressourceforloeb', JOBAFKLARINGSFORLOEB: 'jobafklaringsforloeb', HELHEDSORIENTERET: 'helhedsorienteret' },
  // Med advarsler / Handl nu eller overskredet / Kun overskredne frister
  warningLevel: { INFO: 'med-advarsler', WARNING: 'handl-nu', OVERDUE: 'overskredne' },
  // Navn / Næste samtale / Advarsler først / Senest ændret
  sort: { NAME: 'navn', NEXT_MEETING: 'naeste-samtale', WARNING_LEVEL: 'advarsler-foerst', LAST_CHANGE: 'senest-aendret' },
};

/**
 * A choice's value from the address: its Danish word, or the schema's own value, as links made before the
 * words were Danish have it ("?sortering=WARNING_LEVEL"; rewritten with the word when the page next writes
 * the address). Anything else is the fallback.
 */
function fromAddress<T extends string>(word: string | null, words: Readonly<Partial<Record<T, string>>>, fallback: T): T {
  if (word === null) return fallback;
  const values = Object.keys(words) as T[];
  return values.find((value) => words[value] === word) ?? values.find((value) => value !== '' && value === word) ?? fallback;
}

/**
 * The choices kept in the address (e.g. "?soeg=Hansen&forvaltning=sundhed&sortering=advarsler-foerst"), so Back
 * from a plan and a reload show the list as it was left. The address can be edited by hand or be an old link:
 * anything unknown is the default.
 */
export function choicesFromSearch(search: string): Choices {
  const params = new URLSearchParams(search);
  return {
    search: (params.get(PARAMS.search) ?? '').slice(0, SEARCH_MAX_LENGTH),
    status: fromAddress(params.get(PARAMS.status), ADDRESS_WORDS.status, DEFAULT_CHOICES.status),
    unit: fromAddress<UnitKind | ''>(params.get(PARAMS.unit), ADDRESS_WORDS.unit, DEFAULT_CHOICES.unit),
    programmeType: fromAddress<ProgrammeType | ''>(params.get(PARAMS.programmeType), ADDRESS_WORDS.programmeType, DEFAULT_CHOICES.programmeType),
    warningLevel: fromAddress<WarningSeverity | ''>(params.get(PARAMS.warningLevel), ADDRESS_WORDS.warningLevel, DEFAULT_CHOICES.warningLevel),
    sort: fromAddress(params.get(PARAMS.sort), ADDRESS_WORDS.sort, DEFAULT_CHOICES.sort),
  };
}

/**
 * The address's query string for the choices (e.g. "?status=alle&forloebstype=ressourceforloeb&advarsler=handl-nu"):
 * only what differs from the default, each value as its Danish word; other parameters are kept.
 * A search with a digit in it (a CPR number, or the start of one) is left out: the address goes into the
 * browser's history and, on a reload, into the logs of any proxy on the way, where a CPR number has no place
 * (databeskyttelsesloven §11). A name has no digits.
 */
export function searchOfChoices(choices: Choices, current = ''): string {
  const params = new URLSearchParams(current);
  for (const key of Object.keys(PARAMS) as Array<keyof Choices>) {
    const value = choices[key];
    const word = key === 'search' ? value : (ADDRESS_WORDS[key] as Readonly<Record<string, string>>)[value];
    if (value === DEFAULT_CHOICES[key] || !word || (key === 'search' && /\d/.test(value))) params.delete(PARAMS[key]);
    else params.set(PARAMS[key], word);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
