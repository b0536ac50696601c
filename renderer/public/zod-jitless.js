// zod builds fast object parsers with new Function() when a schema is created, unless told not to,
// and the page's CSP allows no eval (shared/security/csp.ts). This classic script runs before the
// app's modules create any schema; z.config({ jitless: true }) writes this same shared object.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
