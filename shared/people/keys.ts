import { createHash } from 'node:crypto';

/**
 * Keys of the people capability (docs/data-model.md): what a person asks about themselves.
 *
 * | item         | pk                        | sk   |
 * |--------------|---------------------------|------|
 * | my-data link | MYDATA#<sha256(token)>    | LINK |
 *
 * The token itself is never stored, only its SHA-256.
 */
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const myDataLinkKey = (token: string) => ({ pk: `MYDATA#${sha256(token)}`, sk: 'LINK' });
