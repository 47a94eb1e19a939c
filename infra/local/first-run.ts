import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { now, nowIso } from '../../shared/clock';
import { table } from '../../shared/db/table';
import type { DeadLetter } from './bus';

/**
 * What the local runtime keeps and makes on its first run: the link secret in the data dir, the
 * demo workshops and the first admin, and --fresh's wipe; and the dead-letter entry a handler's
 * SendMessage becomes.
 */
const DEMO_MARKER_KEY = { [table.partitionKey]: 'LOCAL#DEMO', [table.sortKey]: 'MARKER' } as const;

/** The secret that signs links, generated once into <dataDir>/link-secret (mode 0600). */
export const ensureLinkSecret = (dataDir: string): string => {
  const file = resolve(dataDir, 'link-secret');
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (existing.length >= 32) return existing;
    rmSync(file);
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
};

/** --fresh: only what the runtime keeps in the data dir, so a custom --data-dir is never emptied wholesale. */
export const wipeData = (dataDir: string) => {
  for (const entry of ['dynamodb', 'link-secret', 'schedules.json']) rmSync(resolve(dataDir, entry), { recursive: true, force: true });
};

/**
 * Local mode only: with no organizer yet, one admin is created so a newcomer can sign in to the
 * console through the mail viewer. On AWS the first admin comes from the CLI.
 */
export const ensureLocalAdmin = async (port: number, log: (line: string) => void) => {
  const { Organizers } = await import('../../shared/console/organizer-store');
  const email = process.env.HEARTH_LOCAL_ADMIN ?? 'admin@hearth.localhost';
  if ((await Organizers.list()).length === 0) {
    await Organizers.add(email, 'admin', now());
    log(`[hearth] created the organizer ${email} (admin): sign in at http://localhost:${port}/console/sign-in, the link arrives in the mail viewer`);
  }
};

/** Seeds demo workshops once: only when the marker item is missing, then writes the marker. */
export const seedDemoIfEmpty = async (client: DynamoDBClient, tableName: string, log: (line: string) => void) => {
  const Key = { [table.partitionKey]: { S: DEMO_MARKER_KEY[table.partitionKey] }, [table.sortKey]: { S: DEMO_MARKER_KEY[table.sortKey] } };
  const marker = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
  if (marker.Item) return;
  try {
    const { seedDemo } = await import('../../shared/workshops/demo');
    await seedDemo(now());
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...Key, seededAt: { S: nowIso() } } }));
    log('[hearth] added the demo workshops');
  } catch (error) {
    log(`[hearth] warning: seeding the demo workshops failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
};

/** A handler's SendMessage to its dead-letter queue, as a dead-letter entry (see shared/events/consume.ts). */
export const toDeadLetter = (body: unknown): Omit<DeadLetter, 'id'> => {
  const message = (typeof body === 'object' && body !== null ? body : { reason: String(body) }) as {
    reason?: unknown;
    functionName?: unknown;
    event?: { source?: unknown; 'detail-type'?: unknown };
  };
  return {
    functionName: typeof message.functionName === 'string' ? message.functionName : 'unknown',
    source: typeof message.event?.source === 'string' ? message.event.source : '',
    detailType: typeof message.event?.['detail-type'] === 'string' ? message.event['detail-type'] : '',
    reason: typeof message.reason === 'string' ? message.reason : 'Sent to the dead-letter queue',
    attempts: 0,
    event: message.event ?? body,
    at: nowIso(),
  };
};
