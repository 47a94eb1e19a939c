import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { sesClient } from './send';

/**
 * Hearth's sending rate, shared by every function sending in bulk, in any number of Lambdas at
 * once: one counter item per second in the table, taken from with a conditional ADD, so no second
 * ever grants more than the maximum.
 *
 * The maximum is HEARTH_SES_MAX_SEND_RATE (mails per second) when set, else the SES account's
 * quota (GetAccount SendQuota.MaxSendRate), read again at most every 5 minutes per container.
 *
 * Seconds are real seconds (Date.now()), not the business clock: pacing is about what SES receives
 * per second. A send is counted in every second it may arrive in (see LATE_MS); what a grant did
 * not use in time is given up.
 *
 * | item      | pk                          | sk   | attributes                   |
 * |-----------|-----------------------------|------|------------------------------|
 * | send rate | SENDRATE#<epoch second>     | RATE | used, expiresAt (TTL)        |
 */
const QUOTA_TTL_MS = 5 * 60_000;

let quota: { rate: number; until: number } | undefined;

const maxSendRate = async (): Promise<number> => {
  const configured = process.env.HEARTH_SES_MAX_SEND_RATE;
  if (configured !== undefined && configured.trim() !== '') {
    const rate = Number(configured);
    if (!Number.isFinite(rate) || rate < 1) throw new Error(`HEARTH_SES_MAX_SEND_RATE must be a number of at least 1, got "${configured}"`);
    return Math.floor(rate);
  }
  if (quota && quota.until > Date.now()) return quota.rate;
  const account = await sesClient().send(new GetAccountCommand({}));
  const rate = Math.max(1, Math.floor(account.SendQuota?.MaxSendRate ?? 1));
  quota = { rate, until: Date.now() + QUOTA_TTL_MS };
  return rate;
};

export interface Grant {
  /** How many mails may be sent now. */
  count: number;
  /** The real second they were granted in. */
  second: number;
  /**
   * True when granted late in its second: the sends may arrive in the next second, so they were
   * counted in both.
   */
  spansNext: boolean;
}

/**
 * Sends started in the last LATE_MS of a second may reach SES in the next one: a grant taken then
 * is counted in both seconds, and a grant taken earlier is used only until LATE_MS remain. So
 * whatever second a send arrives in, it was counted there, as long as a send takes less than
 * LATE_MS to arrive (or, started late, less than the next whole second).
 */
const LATE_MS = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True while sends of a grant may still start. */
export const stillGranted = (grant: Grant): boolean => {
  const nowMs = Date.now();
  if (Math.floor(nowMs / 1000) !== grant.second) return false;
  return grant.spansNext || (grant.second + 1) * 1000 - nowMs >= LATE_MS;
};

/** Takes up to `count` from one second's allowance; answers how many it got (0: none left). */
const takeIn = async (second: number, count: number, limit: number): Promise<number> => {
  for (let want = count; want > 0; ) {
    try {
      await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: { pk: `SENDRATE#${second}`, sk: 'RATE' },
          UpdateExpression: 'ADD used :count SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(used) OR used <= :room',
          ExpressionAttributeValues: { ':count': want, ':room': limit - want, ':expires': second + 3600 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return want;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The failed condition's item comes back marshalled ({ N: "12" }) even through lib-dynamodb.
      const raw = (error as { Item?: { used?: unknown } }).Item?.used;
      const used = raw === undefined ? limit : Number(typeof raw === 'object' && raw !== null ? (raw as { N?: string }).N : raw);
      want = Math.min(want, limit - used);
    }
  }
  return 0;
};

/** Gives back what a second granted but will not be used. */
const giveBack = async (second: number, count: number): Promise<void> => {
  if (count <= 0) return;
  await db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: { pk: `SENDRATE#${second}`, sk: 'RATE' },
      UpdateExpression: 'ADD used :minus',
      ExpressionAttributeValues: { ':minus': -count },
    }),
  );
};

/**
 * Takes up to `wanted` sends from the allowance: as many as are left (at least one), waiting for the
 * next second when none are. Late in a second, the grant is taken from this second and the next.
 */
export const takeSendSlots = async (wanted: number, max?: number): Promise<Grant> => {
  const limit = max ?? (await maxSendRate());
  for (;;) {
    const nowMs = Date.now();
    const second = Math.floor(nowMs / 1000);
    const spansNext = (second + 1) * 1000 - nowMs < LATE_MS;
    const want = Math.max(1, Math.min(wanted, limit));
    let count = await takeIn(second, want, limit);
    if (count > 0 && spansNext) {
      const next = await takeIn(second + 1, count, limit);
      await giveBack(second, count - next);
      count = next;
    }
    if (count > 0 && Math.floor(Date.now() / 1000) === second) return { count, second, spansNext };
    if (count > 0) {
      // The second ended while we asked: what it granted is of no use now.
      await giveBack(second, count);
      if (spansNext) await giveBack(second + 1, count);
      continue;
    }
    await sleep((second + 1) * 1000 - Date.now() + 1);
  }
};
