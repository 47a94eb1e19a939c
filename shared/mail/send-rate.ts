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
 * quota (GetAccount SendQuota.MaxSendRate), read once per container and kept for 5 minutes.
 *
 * Seconds are real seconds (Date.now()), not the business clock: pacing is about what SES receives
 * per second. Sends are granted, and started (`stillGranted`), only while at least GRANT_MARGIN_MS
 * of their second remain, so a granted send does not spill into the next second's allowance; what
 * a grant did not use in time is given up.
 *
 * | item      | pk                          | sk   | attributes                   |
 * |-----------|-----------------------------|------|------------------------------|
 * | send rate | SENDRATE#<epoch second>     | RATE | used, expiresAt (TTL)        |
 */
export const GRANT_MARGIN_MS = 150;
const QUOTA_TTL_MS = 5 * 60_000;

let quota: { rate: number; until: number } | undefined;

export const maxSendRate = async (): Promise<number> => {
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
  /** The real second they belong to. */
  second: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * True while sends of a grant may still start: its second is the current one, with enough of it
 * left that what starts now arrives within it (at least GRANT_MARGIN_MS, more when the caller has
 * seen sends take longer: a loaded machine or a slow network).
 */
export const stillGranted = (grant: Grant, marginMs = GRANT_MARGIN_MS): boolean => {
  const nowMs = Date.now();
  return Math.floor(nowMs / 1000) === grant.second && (grant.second + 1) * 1000 - nowMs >= Math.max(GRANT_MARGIN_MS, marginMs);
};

/**
 * Takes up to `wanted` sends from the current second's allowance: as many as are left (at least one),
 * waiting for the next second when none are.
 */
export const takeSendSlots = async (wanted: number, max?: number): Promise<Grant> => {
  const limit = max ?? (await maxSendRate());
  let count = Math.max(1, Math.min(wanted, limit));
  for (;;) {
    const nowMs = Date.now();
    const second = Math.floor(nowMs / 1000);
    const left = (second + 1) * 1000 - nowMs;
    if (left < GRANT_MARGIN_MS) {
      await sleep(left + 1);
      continue;
    }
    try {
      await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: { pk: `SENDRATE#${second}`, sk: 'RATE' },
          UpdateExpression: 'ADD used :count SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(used) OR used <= :room',
          ExpressionAttributeValues: { ':count': count, ':room': limit - count, ':expires': second + 3600 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { count, second };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The failed condition's item comes back marshalled ({ N: "12" }) even through lib-dynamodb.
      const raw = (error as { Item?: { used?: unknown } }).Item?.used;
      const used = raw === undefined ? limit : Number(typeof raw === 'object' && raw !== null ? (raw as { N?: string }).N : raw);
      const free = limit - used;
      if (free > 0) {
        count = Math.min(count, free);
        continue;
      }
      await sleep((second + 1) * 1000 - Date.now() + 1);
      count = Math.max(1, Math.min(wanted, limit));
    }
  }
};
