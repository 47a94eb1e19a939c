import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailHashUnder } from '../support/keyed-hash';
import { addOrganizer, post } from '../support/console';
import { api, cancelLinkIn, createApiKey, mailsTo, page, publishedWorkshop, registerJson, tokenLinkIn } from '../support/hearth';
import { emailHashIn, linkSecretOf, startLocal, type LocalHandle } from '../support/local';
import { scanAll } from '../support/raw-table';

/**
 * What a copy of a link or of the table gives away: against the local runtime, a mailed link's token
 * decodes to nothing readable, and every address used as a key in the table is an HMAC under a key
 * derived from the runtime's link secret, not a plain SHA-256 anyone can compute from a guess.
 */
let hearth: LocalHandle;
let key: string;
let documents: DynamoDBDocumentClient;

const items = () => scanAll(documents, hearth.tableName);

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

/** Everything a curious reader could get out of a token: its base64url decoded from each offset. */
const decodings = (token: string) => [0, 1, 2, 3].map((offset) => Buffer.from(token.slice(offset), 'base64url').toString('latin1'));

beforeAll(async () => {
  hearth = await startLocal();
  key = await createApiKey(hearth);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
});

afterAll(async () => {
  await hearth?.stop();
});

describe('link tokens', () => {
  it('a mailed cancel link decodes to no id, works, and an altered one is refused', async () => {
    const title = 'Circle for one reader only';
    const workshop = await publishedWorkshop(hearth, key, { capacity: 3, title });
    await registerJson(hearth, workshop.id, 'opaque@example.org');
    await hearth.waitForIdle();
    const roster = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key);
    const registrationId = roster.json.registrations[0].id as string;
    const link = cancelLinkIn((await mailsTo(hearth, 'opaque@example.org'))[0]!);
    const token = tokenOf(link);
    for (const decoded of decodings(token)) {
      expect(decoded).not.toContain(workshop.id);
      expect(decoded).not.toContain(registrationId);
    }
    // So nothing in the link leads to the workshop's public page and its title.
    expect((await api(hearth, 'GET', `/api/workshops/${workshop.id}`)).json.workshop.title).toBe(title);
    expect(link).not.toContain(workshop.id);

    const opened = await page(hearth, link);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain(title);

    const altered = Buffer.from(token, 'base64url');
    altered[altered.length - 1]! ^= 0x01;
    const refused = await page(hearth, `/registrations/cancel?token=${altered.toString('base64url')}`);
    expect(refused.status).toBe(400);
    expect(refused.html).not.toContain(title);
  });

  it('a mailed subscription link decodes to no id', async () => {
    expect((await api(hearth, 'POST', '/api/subscribers', { email: 'opaque-list@example.org', consent: true })).status).toBe(202);
    await hearth.waitForIdle();
    const link = tokenLinkIn((await mailsTo(hearth, 'opaque-list@example.org'))[0]!, '/subscribe/confirm');
    const subscriber = (await items()).find((item) => item.sk === 'SUB' && item.email === 'opaque-list@example.org')!;
    for (const decoded of decodings(tokenOf(link))) expect(decoded).not.toContain(String(subscriber.id));
  });
});

describe('addresses used as keys', () => {
  it('are HMAC-SHA256 under the key derived from the link secret, for claims, suppressions, the list, organizers and rate limits', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 3 });
    await registerJson(hearth, workshop.id, ' Keyed@Example.org ');
    await registerJson(hearth, workshop.id, 'bounce@simulator.amazonses.com');
    expect((await api(hearth, 'POST', '/api/subscribers', { email: 'keyed-list@example.org', consent: true })).status).toBe(202);
    await addOrganizer(hearth, 'keyed-lead@example.org', 'organizer');
    expect((await post(hearth, '/console/sign-in', { email: 'keyed-lead@example.org' })).status).toBe(200);
    await hearth.waitForIdle();

    const keys = (await items()).map((item) => `${String(item.pk)} ${String(item.sk)}`);
    const expected = [
      `WS#${workshop.id} EMAIL#${emailHashIn(hearth, 'keyed@example.org')}`,
      `SUPPRESS#${emailHashIn(hearth, 'bounce@simulator.amazonses.com')} SUPPRESS`,
      `SUBEMAIL#${emailHashIn(hearth, 'keyed-list@example.org')} SUBEMAIL`,
      `ORG#${emailHashIn(hearth, 'keyed-lead@example.org')} ORGANIZER`,
    ];
    for (const entry of expected) expect(keys).toContain(entry);
    // The sign-in limit per address counts under a keyed hash of its scope and the address, not the address's own keyed hash.
    expect(keys.some((entry) => entry.startsWith('RATE#signin-address#') && entry.includes(`#${emailHashIn(hearth, 'signin-address\nkeyed-lead@example.org')}#`))).toBe(true);
    expect(keys.filter((entry) => entry.startsWith('RATE#') && entry.includes(emailHashIn(hearth, 'keyed-lead@example.org')))).toEqual([]);

    // Not the plain SHA-256 of the address anywhere.
    const everything = JSON.stringify(await items());
    for (const address of ['keyed@example.org', 'bounce@simulator.amazonses.com', 'keyed-list@example.org', 'keyed-lead@example.org']) {
      expect(everything).not.toContain(sha256(address));
    }
    // Another secret gives other keys: the hash says nothing without this deployment's secret.
    const other = emailHashUnder(`${linkSecretOf(hearth)}-other`, 'keyed@example.org');
    expect(other).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.some((entry) => entry.includes(other))).toBe(false);
  });
});
