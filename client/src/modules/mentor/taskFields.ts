import { TEXT_LIMITS } from '@samplan/schema';
import type { FormField } from '../../core/forms/VersionedEditForm';

/**
 * Who reads a task's note besides the mentor: everyone who holds the citizen's plan — the
 * coordinator and the caseworkers of the units on its team — under "Mentorens log", as they
 * read the rest of the entry. The citizen's Min plan, other units and other mentors do not.
 */
export const NOTE_READERS = 'Læses af den koordinerende sagsbehandler og sagsbehandlerne på borgerens plan.';

/** "What was done", as the form asks it: "Hvad har du gjort med Eva?" when logging, "Hvad har du gjort?" when correcting. */
export const taskTitleField = (label: string): FormField => ({
  key: 'title',
  label,
  input: 'text',
  required: true,
  requiredMessage: 'Skriv, hvad du har gjort.',
  maxChars: TEXT_LIMITS.title,
});

/** The optional texts of a task, with the limits LogMentorTaskInput and UpdateMentorTaskInput hold them to. */
export const OUTCOME_FIELD: FormField = { key: 'outcome', label: 'Hvordan gik det?', input: 'text', maxChars: TEXT_LIMITS.short };
export const NEXT_STEP_FIELD: FormField = { key: 'nextStep', label: 'Næste skridt', input: 'text', maxChars: TEXT_LIMITS.short };
export const NOTE_FIELD: FormField = { key: 'note', label: 'Note', input: 'textarea', hint: NOTE_READERS, maxChars: TEXT_LIMITS.long };

/**
 * The day of a task, logged or corrected, by the server's rules and in its words: done by today,
 * and not before the grant's first day. A day typed by hand passes a date picker's bounds.
 */
export function taskDateProblem(date: string, grantStart: string | undefined, today: string): string | null {
  if (date > today) return 'En opgave kan først logges, når den er udført.';
  if (grantStart && date < grantStart) return 'Datoen ligger før bevillingens start.';
  return null;
}
