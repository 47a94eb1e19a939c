import { singleUseLinks } from '../kernel/single-use-link';
import { signInKey } from './keys';

/** Single-use sign-in links (keys: ./keys.ts). Only the token's hash is stored. */
export const SIGN_IN_TTL_MS = 15 * 60 * 1000;

export type { Redemption } from '../kernel/single-use-link';

export const SignInLinks = singleUseLinks(signInKey, SIGN_IN_TTL_MS);
