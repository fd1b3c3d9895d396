/** The public sources the rules cite, spelled once. */
export const VEJLEDNING = (afsnit: string) => `STAR’s vejledning om ressourceforløb 2020, afsnit ${afsnit}`;
export const GUIDE_GE8 = 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8';
export const LOV_1160 = 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)';
export const BEK_2409 = 'bekendtgørelse nr. 2409 af 13. december 2021, §2';
export const LOV_1750 = 'lov nr. 1750 af 29. december 2025';
export const LAB_JOBAFKLARING = 'LAB kapitel 18 (jobafklaringsforløb); målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023';
export const OWN_FRAME = `kommunens egen ramme for helhedsorienterede forløb (${LOV_1750})`;

/**
 * A rule of the ressourceforløb guidance that a jobafklaringsforløb or a municipality's own
 * forløb is held to as well (the guidance itself speaks of ressourceforløb only): its source
 * said as such, after the frame of that kind of forløb where it has one.
 */
export const asForRessourceforloeb = (source: string, frame?: string) => `${frame ? `${frame}; ` : ''}som for ressourceforløb: ${source}`;

/**
 * A source of the ressourceforløb guidance cited for a rule a forløb of this type is refused
 * by: as its own law for a ressourceforløb, "som for ressourceforløb" for the others (after
 * the municipality's own frame for a helhedsorienteret forløb).
 */
export function citedFor(type: string, source: string): string {
  if (type === 'JOBAFKLARINGSFORLOEB') return asForRessourceforloeb(source);
  if (type === 'HELHEDSORIENTERET') return asForRessourceforloeb(source, OWN_FRAME);
  return source;
}
