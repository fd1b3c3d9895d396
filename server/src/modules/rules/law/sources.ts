/** The public sources the rules cite, spelled once; those both tiers cite are the shared ones (@samplan/schema). */
export { asForRessourceforloeb, citedFor, LOV_1750, OWN_FRAME, VEJLEDNING } from '@samplan/schema';
export const GUIDE_GE8 = 'STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8';
export const LOV_1160 = 'lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)';
export const BEK_2409 = 'bekendtgørelse nr. 2409 af 13. december 2021, §2';
export const LAB_JOBAFKLARING = 'LAB kapitel 18 (jobafklaringsforløb); målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023';
