/** Layer rules: the domain is plain TypeScript; libraries never reach into apps. */
module.exports = {
  forbidden: [
    {
      name: 'no-domain-to-infra-deps',
      comment:
        'libs/domain holds aggregates, events and rules only: no Nest, database, queue or HTTP imports.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: [
          '^node_modules/(@nestjs|pg|@electric-sql|@kurrent|bullmq|ioredis|redis|fastify|express|axios|undici|supertest|nestjs-pino|pino|class-validator|class-transformer)(/|$)',
          '^libs/(?!domain/)',
          '^apps/',
          '^config/',
        ],
      },
    },
    {
      name: 'no-domain-to-node-io',
      comment: 'The domain decides; it does not do I/O.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process|dgram|dns|tls)$' },
    },
    {
      name: 'no-lib-to-app',
      comment: 'Apps compose libraries, never the other way round.',
      severity: 'error',
      from: { path: '^(libs|config)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'console-uses-the-rest-api-only',
      comment:
        'The web console runs in the browser and talks to the service over its public REST API, never through its code.',
      severity: 'error',
      from: { path: '^apps/console/' },
      to: { path: ['^(libs|config)/', '^apps/(?!console/)'] },
    },
    {
      name: 'no-server-to-console',
      comment: 'The API serves the built console (dist/console); it never imports its sources.',
      severity: 'error',
      from: { path: '^(libs|config|apps/(?!console/))' },
      to: { path: '^apps/console/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
