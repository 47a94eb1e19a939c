import { createHash } from 'node:crypto';
import { emailHash } from '../kernel/email-hash';

/**
 * Keys of the people capability (docs/data-model.md): what a person asks about themselves.
 *
 * | item          | pk                        | sk    | gsi1pk                 | gsi1sk          |
 * |---------------|---------------------------|-------|------------------------|-----------------|
 * | my-data link  | MYDATA#<sha256(token)>    | LINK  | MYDATA#<hmac(email)>   | <created at>    |
 * | erasure token | MYDATA#<sha256(token)>    | ERASE | MYDATA#<hmac(email)>   | <created at>    |
 *
 * The token itself is never stored, only its SHA-256. The index partition finds every link and
 * token of an address, so an erasure deletes them with the rest.
 */
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const myDataLinkKey = (token: string) => ({ pk: `MYDATA#${sha256(token)}`, sk: 'LINK' });
export const erasureTokenKey = (token: string) => ({ pk: `MYDATA#${sha256(token)}`, sk: 'ERASE' });
export const myDataPartition = async (email: string) => `MYDATA#${await emailHash(email)}`;
export const myDataIndex = async (email: string, at: Date) => ({ gsi1pk: await myDataPartition(email), gsi1sk: at.toISOString() });
