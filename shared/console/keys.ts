import { createHash } from 'node:crypto';
import { emailHash, keyedHash } from '../kernel/email-hash';

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
 * | rate counter  | RATE#<scope>#<hmac(key)>#<window> | RATE    |           |                   |
 * | audit entry   | AUDIT#<yyyy-mm>                 | <at>#<id> | AUDIT     | <at>#<id>         |
 */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const organizerKey = async (email: string) => ({ pk: `ORG#${await emailHash(email)}`, sk: 'ORGANIZER' });
export const signInKey = (token: string) => ({ pk: `SIGNIN#${sha256(token)}`, sk: 'SIGNIN' });
export const sessionKey = (sessionId: string) => ({ pk: `SESSION#${sha256(sessionId)}`, sk: 'SESSION' });
export const rateKey = async (scope: string, key: string, window: number) => ({ pk: `RATE#${scope}#${await keyedHash(key)}#${window}`, sk: 'RATE' });
export const auditKey = (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}`, gsi1pk: 'AUDIT', gsi1sk: `${at}#${id}` });
