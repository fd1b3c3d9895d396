import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed GraphQL documents for the client. Reads the committed contract
 * (../schema/schema.graphql, written by the server) and every `graphql(`…`)` call in
 * src/, and writes src/gql/ (git-ignored; `npm run codegen -w client` regenerates it).
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
  },
};

export default config;
