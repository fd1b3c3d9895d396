/**
 * The public sources a forløb's rules are cited by, spelled once for both tiers: which source
 * governs a rule for each type of forløb. STAR's vejledning om ressourceforløb 2020 guides
 * ressourceforløb only; a jobafklaringsforløb (LAB kapitel 18) or the municipality's own forløb
 * (its own frame under lov nr. 1750 af 29. december 2025) held to one of its rules cites it "som
 * for ressourceforløb".
 */

export const VEJLEDNING = (afsnit: string) => `STAR’s vejledning om ressourceforløb 2020, afsnit ${afsnit}`;
export const LOV_1750 = 'lov nr. 1750 af 29. december 2025';
export const OWN_FRAME = `kommunens egen ramme for helhedsorienterede forløb (${LOV_1750})`;
/** The chapter of the employment act a jobafklaringsforløb is granted under. */
export const LAB_KAPITEL_18 = 'LAB kapitel 18 (jobafklaringsforløb)';

/**
 * A rule of the ressourceforløb guidance that a jobafklaringsforløb or a municipality's own
 * forløb is held to as well (the guidance itself speaks of ressourceforløb only): its source
 * said as such, after the frame of that kind of forløb where it has one.
 */
export const asForRessourceforloeb = (source: string, frame?: string) => `${frame ? `${frame}; ` : ''}som for ressourceforløb: ${source}`;

/**
 * A source of the ressourceforløb guidance cited for a forløb of this type: as its own law for a
 * ressourceforløb, "som for ressourceforløb" for the others (after the municipality's own frame
 * for a helhedsorienteret forløb).
 */
export function citedFor(type: string, source: string): string {
  if (type === 'JOBAFKLARINGSFORLOEB') return asForRessourceforloeb(source);
  if (type === 'HELHEDSORIENTERET') return asForRessourceforloeb(source, OWN_FRAME);
  return source;
}

/**
 * What a forløb's length and end rest on: a ressourceforløb's on the guidance (afsnit 6.3), a
 * jobafklaringsforløb's on LAB kapitel 18 (fixed in the decision, "som for ressourceforløb"), the
 * municipality's own forløb on the municipality's own frame.
 */
export function lengthSourceFor(type: string): string {
  if (type === 'JOBAFKLARINGSFORLOEB') return `${LAB_KAPITEL_18}; ${asForRessourceforloeb(VEJLEDNING('6.3'))}`;
  if (type === 'HELHEDSORIENTERET') return OWN_FRAME;
  return VEJLEDNING('6.3');
}

/**
 * PROGRAMME_NOT_EXTENDABLE: a later end date for a forløb whose length is fixed in its decision,
 * in words of what the user can do for its type. A ressourceforløb's end moves later only by barsel
 * (`suspends`: its law has suspension); a jobafklaringsforløb has no suspension, so a new
 * jobafklaringsforløb (up to 2 years at a time) is decided instead. Both tiers say it in these words.
 */
export function notExtendableMessage(type: string, suspends: boolean): string {
  if (type === 'JOBAFKLARINGSFORLOEB') {
    return 'Et jobafklaringsforløb kan ikke forlænges. Skal afklaringen fortsætte, så beslut et nyt jobafklaringsforløb (højst 2 år ad gangen) under »Efter forløbet«.';
  }
  const barsel = suspends ? ' Kun barsel flytter slutdatoen senere: brug »Registrér barsel/suspension«.' : '';
  return `Et ressourceforløb kan ikke forlænges.${barsel} Skal indsatsen fortsætte, så beslut det næste forløb under »Efter forløbet«.`;
}
