import { z } from 'zod';

/*
 * Import this module first, before anything that builds a schema, in code
 * that runs under a Content-Security-Policy without 'unsafe-eval' (the PWA).
 *
 * Zod compiles fast object parsers with `new Function` when it may, and
 * probes for that the first time an object schema is *built* — at module
 * load, long before any parse. Under the PWA's policy the probe fails
 * harmlessly but is reported as a CSP violation; jitless mode skips the probe
 * and the compilation. It is a side effect on the one zod instance the domain
 * uses, so it must run before the domain's modules are evaluated: hence an
 * import-for-effect module rather than a function. The server does not import
 * it and keeps the faster compiled parsers.
 */
z.config({ jitless: true });
