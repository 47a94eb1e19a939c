import { createHash } from 'node:crypto';
import { emailHash } from '../kernel/email-hash';

/**
 * Keys of the console capability (docs/data-model.md). Secrets (sign-in tokens, session ids) appear
 * in keys only as SHA-256 hashes, addresses and clients only as keyed hashes (../email-hash.ts):
 * a guessed address or IP cannot be confirmed against a copy of the table.
 *
 * | item          | pk                              | sk        | gsi1pk    | gsi1sk            |
 * |---------------|---------------------------------|-----------|-----------|-------------------|
 * | organizer     | ORG#<hmac(email)>               | ORGANIZER | ORGANIZER | <createdAt>#<id>  |
 * | sign-in link  | SIGNIN#<sha256(token)>          | SIGNIN    |           |                   |
 * | session       | SESSION#<sha256(session id)>    | SESSION   |           |                   |
 * (Rate counters and audit entries are the kernel's: ../kernel/rate-limit.ts, ../kernel/audit-store.ts.)
 */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const organizerKey = async (email: string) => ({ pk: `ORG#${await emailHash(email)}`, sk: 'ORGANIZER' });
export const signInKey = (token: string) => ({ pk: `SIGNIN#${sha256(token)}`, sk: 'SIGNIN' });
export const sessionKey = (sessionId: string) => ({ pk: `SESSION#${sha256(sessionId)}`, sk: 'SESSION' });
