import { isEnumType, type GraphQLEnumType, type GraphQLSchema } from 'graphql';

/**
 * A GraphQL Code Generator plugin that writes the Danish label of every enum value from
 * the schema's own description of that value, so the client keeps no second list of the
 * server's words. The convention: a value's description is its Danish label, optionally
 * followed by a parenthesis (a source or an explanation), and a full stop:
 *
 *   PHONE: "Telefon (muligt når borgeren er i et beskæftigelsestilbud, …)."  →  "Telefon"
 *
 * Output: one `…_LABELS` map per described enum, keyed by the enum's values (a union of
 * the same string literals as the enum's type in ./graphql, which the client preset only
 * writes for enums the client's documents use).
 */

/** The name under which codegen.ts hands this plugin to GraphQL Code Generator. */
export const ENUM_LABELS_PLUGIN = 'samplan-enum-labels';

/**
 * The label is the description's first sentence, before any parenthesis:
 * "Telefon. Tæller som samtale (lov …)." → "Telefon"; "Leder (teamleder eller chef)." →
 * "Leder"; "0–100 %." → "0–100 %". A sentence ends at a full stop before a capital letter,
 * so "1. februar" does not end one.
 */
export function labelOfDescription(description: string): string {
  const text = description.trim().replace(/\s+/g, ' ');
  const end = text.search(/ \(|\.\s+(?=[A-ZÆØÅ])/);
  return (end >= 0 ? text.slice(0, end) : text).replace(/\.$/, '').trim();
}

/** ProgrammeType → PROGRAMME_TYPE_LABELS. */
export function labelsName(enumName: string): string {
  return `${enumName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_LABELS`;
}

interface EnumLabels {
  type: GraphQLEnumType;
  labels: Array<[value: string, label: string]>;
}

/** The labels of every enum whose values all have a description; the rest are named in `notes`. */
export function enumLabels(schema: GraphQLSchema): { enums: EnumLabels[]; notes: string[] } {
  const enums: EnumLabels[] = [];
  const notes: string[] = [];
  const types = Object.values(schema.getTypeMap())
    .filter(isEnumType)
    .filter((t) => !t.name.startsWith('__'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    const values = type.getValues();
    const missing = values.filter((v) => !v.description?.trim()).map((v) => v.name);
    if (missing.length === values.length) continue; // Not meant to be shown (e.g. EventKind).
    if (missing.length) {
      notes.push(`${type.name}: no labels, as ${missing.join(', ')} ha${missing.length === 1 ? 's' : 've'} no description`);
      continue;
    }
    const labels = values.map((v): [string, string] => [v.name, labelOfDescription(v.description!)]);
    enums.push({ type, labels });
  }
  return { enums, notes };
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The TypeScript module: one map per enum, typed so that it has a label for every value. */
export function enumLabelsModule(schema: GraphQLSchema): { content: string; notes: string[] } {
  const { enums, notes } = enumLabels(schema);
  const lines = ['/* Written by client/codegen/enum-labels.ts from ../schema/schema.graphql: the Danish label of each enum value is its description there. Do not edit. */'];
  for (const { type, labels } of enums) {
    lines.push('');
    if (type.description) lines.push(`/** ${type.description.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/')} */`);
    lines.push(`export const ${labelsName(type.name)}: Readonly<Record<${labels.map(([value]) => quote(value)).join(' | ')}, string>> = {`);
    for (const [value, label] of labels) lines.push(`  ${value}: ${quote(label)},`);
    lines.push('};');
  }
  return { content: `${lines.join('\n')}\n`, notes };
}

/** The plugin as GraphQL Code Generator calls it (https://the-guild.dev/graphql/codegen/docs/custom-codegen/write-your-plugin). */
export const enumLabelsPlugin = {
  plugin(schema: GraphQLSchema): string {
    const { content, notes } = enumLabelsModule(schema);
    for (const note of notes) console.warn(`enum labels: ${note}`);
    return content;
  },
};
