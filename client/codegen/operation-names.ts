import { Kind, type DocumentNode } from 'graphql';

/**
 * A GraphQL Code Generator plugin that writes the names of the web client's own operations
 * as a JSON list (public/operation-names.json, so the build puts it in dist/). The server's
 * /metrics labels these names from the start; any other name a caller makes up shares a
 * bounded set of labels and can never crowd them out.
 */

/** The name under which codegen.ts hands this plugin to GraphQL Code Generator. */
export const OPERATION_NAMES_PLUGIN = 'samplan-operation-names';

/** Every named operation in the documents, sorted, once each. */
export function operationNames(documents: ReadonlyArray<{ document?: DocumentNode }>): string[] {
  const names = new Set<string>();
  for (const { document } of documents) {
    for (const definition of document?.definitions ?? []) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return [...names].sort();
}

/** The plugin as GraphQL Code Generator calls it (schema, documents). */
export const operationNamesPlugin = {
  plugin(_schema: unknown, documents: ReadonlyArray<{ document?: DocumentNode }>): string {
    return `${JSON.stringify(operationNames(documents), null, 1)}\n`;
  },
};
