import { config } from 'zod';

// Runs before any page code. zod builds object schemas with `new Function` when eval is allowed,
// probing for it first; under Baton's CSP (no 'unsafe-eval') the probe is refused and reported as a
// CSP violation. Jitless mode skips the probe and parses the same way without generated code.
config({ jitless: true });
