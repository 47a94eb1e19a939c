import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { mailLeaseMs } from './ses-timing';

/**
 * The mail ledger: SES has no idempotency key, so every mail Hearth sends is claimed here first.
 *
 * | item        | pk                    | sk       | attributes                                      |
 * |-------------|-----------------------|----------|-------------------------------------------------|
 * | ledger      | MAIL#<mail key>       | MAIL     | status sending/sent/suppressed, leaseUntil, messageId, expiresAt |
 * | suppression | SUPPRESS#<hmac(email)> | SUPPRESS | reason bounce/complaint, at                  |
 *
 * The mail key is built from an event id and a registration id: no address, no name.
 */
export type LedgerStatus = 'sending' | 'sent' | 'suppressed';

const ledgerKey = (key: string) => ({ pk: `MAIL#${key}`, sk: 'MAIL' });
/** Ledger entries outlive every retry window (EventBridge: 24 h) by far. */
const RETENTION_SECONDS = 35 * 24 * 3600;

export type Claim = { claimed: true } | { claimed: false; status: LedgerStatus };

export const MailLedger = {
  async claim(key: string, at: Date): Promise<Claim> {
    try {
      await db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: {
            ...ledgerKey(key),
            status: 'sending',
            // Longer than a send can take (./ses-timing.ts): past it, the send was lost and may be tried again.
            leaseUntil: at.getTime() + mailLeaseMs(),
            expiresAt: Math.floor(at.getTime() / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': at.getTime() },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await db().send(new GetCommand({ TableName: config.tableName, Key: ledgerKey(key), ConsistentRead: true }));
      return { claimed: false, status: (current.Item?.status as LedgerStatus | undefined) ?? 'sending' };
    }
  },

  async settle(key: string, status: 'sent' | 'suppressed', detail: { messageId?: string; reason?: string }, at: Date): Promise<void> {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: ledgerKey(key),
        UpdateExpression:
          'SET #status = :status, settledAt = :at, expiresAt = :expires' +
          (detail.messageId ? ', messageId = :id' : '') +
          (detail.reason ? ', reason = :reason' : '') +
          ' REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at.toISOString(),
          ':expires': Math.floor(at.getTime() / 1000) + RETENTION_SECONDS,
          ...(detail.messageId ? { ':id': detail.messageId } : {}),
          ...(detail.reason ? { ':reason': detail.reason } : {}),
        },
      }),
    );
  },

  /** Gives the claim back after a failed send, so a retry sends at once. */
  async release(key: string): Promise<void> {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: ledgerKey(key),
        UpdateExpression: 'SET leaseUntil = :zero',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':zero': 0, ':sending': 'sending' },
      }),
    ).catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
  },
};
