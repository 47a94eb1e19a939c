import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * Hearth's Lambda code validates with `zod/mini`, the functional, tree-shakable API of the zod
 * package. Unlike `zod`, `zod/mini` sets no locale, and every issue without a custom message would
 * then read just "Invalid input". English here keeps the messages classic zod gives (e.g. "Invalid
 * input: expected boolean, received string"), which API answers and dead-letter reasons show.
 *
 * Every module that builds zod schemas imports this module for its side effect (a unit test checks).
 * Import `en` by name: `z.locales.en` would pull every locale into the bundle, and re-exporting the
 * `z` namespace from a module of ours would pull all of zod/mini.
 */
z.config(en());
