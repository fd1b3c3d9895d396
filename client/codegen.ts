import type { CodegenConfig } from '@graphql-codegen/cli';
import { ENUM_LABELS_PLUGIN, enumLabelsPlugin } from './codegen/enum-labels';
import { OPERATION_NAMES_PLUGIN, operationNamesPlugin } from './codegen/operation-names';

/**
 * Typed GraphQL documents for the client. Reads the committed contract
 * (../schema/schema.graphql, written by the server) and every `graphql(`…`)` call in
 * src/, and writes src/gql/ (git-ignored; `npm run codegen -w client` regenerates it):
 * the operation types, and the Danish labels of the schema's enums (enum-labels.ts). It also
 * writes public/operation-names.json (git-ignored; the build copies it to dist/), the names of
 * the client's operations, which the server's /metrics labels from the start.
 */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        gqlTagName: 'graphql',
        // Apollo's own hook is called useFragment; keep the codegen unmasker distinct.
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
      },
      config: {
        enumType: 'string-literal',
        useTypeImports: true,
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
        strictScalars: true,
        skipTypeNameForRoot: true,
      },
    },
    './src/gql/enum-labels.ts': {
      plugins: [ENUM_LABELS_PLUGIN],
    },
    './public/operation-names.json': {
      plugins: [OPERATION_NAMES_PLUGIN],
    },
  },
  // The enum-labels and operation-names plugins live in this workspace (codegen/), in TypeScript like this file;
  // every other name is loaded as a package, as codegen does by default.
  pluginLoader: (name) => (name === ENUM_LABELS_PLUGIN ? enumLabelsPlugin : name === OPERATION_NAMES_PLUGIN ? operationNamesPlugin : import(name)),
};

export default config;
