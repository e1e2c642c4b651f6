import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  // THE DOOR (docs/architecture.md, "Tenant isolation"): raw SQL on tenant tables goes through
  // TenantSql, model queries through the scoped client. The unscoped client, the raw-SQL methods and
  // the cross-tenant settings are reachable only from the files whose job is to cross tenants.
  // test/e2e/door-lint.e2e-spec.ts proves the rule fires.
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/database/**',
      'src/tooling/**',
      'src/main.ts',
      '**/*.spec.ts',
      // Cross-tenant by purpose: login/refresh/register before a tenant is known, the nightly jobs.
      'src/auth/auth.repository.ts',
      'src/auth/token-cleanup.service.ts',
      'src/stock-integrity/stock-integrity.service.ts',
      'src/reservations/reservation-expiry.service.ts',
      'src/webhooks/webhook-retention.service.ts',
      // job_runs is not tenant data: the claim of a job's slot is made before any company is in play.
      'src/jobs/job-scheduler.ts',
      // The webhook dispatcher: one look-up of companies with due deliveries, then each company as itself.
      'src/webhooks/webhook-dispatch.repository.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/database/prisma.service', '**/database/cross-tenant', '**/database/tenant-pool', 'pg'],
              message:
                'Unscoped database access crosses tenants. Use TenantSql (raw SQL) or the scoped client (InjectTenantPrisma); see eslint.config.mjs for the allow-list.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)$/]",
          message: 'Raw SQL on tenant tables goes through TenantSql (src/database/tenant-sql.ts), which binds the company itself.',
        },
        {
          selector: "MemberExpression[property.name='pool']",
          message: 'The pool is unscoped: use TenantSql.statement() for named statements.',
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
