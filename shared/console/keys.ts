import { createHash } from 'node:crypto';
import { normalizeEmail } from '../registration/model';

/**
 * Keys of the console capability (docs/data-model.md). Secrets (sign-in tokens, session ids) and
 * addresses appear in keys only as SHA-256 hashes.
 *
 * | item          | pk                              | sk        | gsi1pk    | gsi1sk            |
 * |---------------|---------------------------------|-----------|-----------|-------------------|
 * | organizer     | ORG#<sha256(email)>             | ORGANIZER | ORGANIZER | <createdAt>#<id>  |
 * | sign-in link  | SIGNIN#<sha256(token)>          | SIGNIN    |           |                   |
 * | session       | SESSION#<sha256(session id)>    | SESSION   |           |                   |
 * | rate counter  | RATE#<scope>#<sha256(key)>#<window> | RATE  |           |                   |
 * | audit entry   | AUDIT#<yyyy-mm>                 | <at>#<id> | AUDIT     | <at>#<id>         |
 */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const organizerKey = (email: string) => ({ pk: `ORG#${sha256(normalizeEmail(email))}`, sk: 'ORGANIZER' });
export const signInKey = (token: string) => ({ pk: `SIGNIN#${sha256(token)}`, sk: 'SIGNIN' });
export const sessionKey = (sessionId: string) => ({ pk: `SESSION#${sha256(sessionId)}`, sk: 'SESSION' });
export const rateKey = (scope: string, key: string, window: number) => ({ pk: `RATE#${scope}#${sha256(key)}#${window}`, sk: 'RATE' });
export const auditKey = (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}`, gsi1pk: 'AUDIT', gsi1sk: `${at}#${id}` });
