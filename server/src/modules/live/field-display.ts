import { formatDanishDate, formatDanishDateTime, isIsoDay } from '@samplan/schema';
import { getNamedType, isEnumType, isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';

/**
 * Labels and display values of changed fields, made when an event is read: the words are
 * the schema's own (a field's or an enum value's description, the convention the client's
 * enum labels follow too), so a unit module's new field is labelled without a list here.
 */

/**
 * The Danish label in a description: its first sentence, before a parenthesis, a colon or
 * an example ("Timer om ugen." → "Timer om ugen"; "Lovgrundlag, fx "SEL §85"." →
 * "Lovgrundlag"). A full stop ends a sentence only before a capital, so "1. marts" does not.
 */
export function labelOfDescription(description: string): string {
  const text = description.trim().replace(/\s+/g, ' ');
  const end = text.search(/ \(|: |, (?:fx|e\.g\.) |\.\s+(?=[A-ZÆØÅ])/);
  return (end >= 0 ? text.slice(0, end) : text).replace(/\.$/, '').trim();
}

/** Where a field's description does not start with its label (by field, or by Type.field). */
const FIELD_LABEL: Readonly<Record<string, string>> = {
  title: 'Titel',
  kind: 'Indsatstype',
  employmentGoal: 'Beskæftigelsesmål',
  goalKind: 'Måltype',
  decisionDate: 'Afgørelsesdato',
  teamMeetingDate: 'Møde i rehabiliteringsteamet',
  jointPlanConsentOn: 'Samtykke til fælles plan',
  guaranteeTeamDate: 'Forelagt rehabiliteringsteamet (indsatsgaranti)',
  guaranteeSpecialReasons: 'Særlige grunde (indsatsgaranti)',
  dueAt: 'Tidspunkt',
  assignee: 'Ansvarlig',
  team: 'Enheder på planen',
  subGoalIds: 'Delmål',
  'CoordinatorAssignment.user': 'Koordinerende sagsbehandler',
  // The mentor writes it under this question (the mentor's page); staff read the same words.
  'MentorTask.outcome': 'Hvordan gik det?',
};

function fieldOf(schema: GraphQLSchema, typeName: string, field: string): GraphQLField<unknown, unknown> | undefined {
  const type = schema.getType(typeName);
  return isObjectType(type) ? type.getFields()[field] : undefined;
}

/** True when the record's GraphQL type has this field: nothing else is shown. */
export function isApiField(schema: GraphQLSchema, typeName: string, field: string): boolean {
  return !!fieldOf(schema, typeName, field);
}

export function fieldLabel(schema: GraphQLSchema, typeName: string, field: string): string {
  const description = fieldOf(schema, typeName, field)?.description;
  return FIELD_LABEL[`${typeName}.${field}`] ?? FIELD_LABEL[field] ?? (description ? labelOfDescription(description) : field);
}

const number = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 });

/**
 * A raw stored value as the client shows it: an enum value by its Danish label, a day as
 * "3. marts 2026", an instant as "3. marts 2026 kl. 14.05" (Danish time), yes/no in
 * Danish, a number with a decimal comma. Null for an empty value.
 */
export function displayValue(schema: GraphQLSchema, typeName: string, field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) {
    const parts = value.map((v) => displayValue(schema, typeName, field, v)).filter((v): v is string => v !== null);
    return parts.length ? parts.join(', ') : null;
  }
  const type = fieldOf(schema, typeName, field);
  const named = type ? getNamedType(type.type) : undefined;
  if (named && isEnumType(named)) {
    const description = named.getValue(String(value))?.description;
    return description ? labelOfDescription(description) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (typeof value === 'number') return number.format(value);
  if (value instanceof Date) return formatDanishDateTime(value);
  if (typeof value === 'string') {
    if (isIsoDay(value)) return formatDanishDate(value);
    if (named?.name === 'DateTimeISO') {
      const at = new Date(value);
      return Number.isNaN(at.getTime()) ? value : formatDanishDateTime(at);
    }
    return value;
  }
  // A person outside the municipality on a samtale (MeetingGuest): "Lise Hansen (Pers mor)".
  if (isGuest(value)) return value.relation ? `${value.name} (${value.relation})` : value.name;
  return JSON.stringify(value);
}

const isGuest = (value: unknown): value is { name: string; relation?: string } =>
  typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
