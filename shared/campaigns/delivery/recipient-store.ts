import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { db } from '../../db/client';
import { SubscriberStore } from '../../subscribers/subscriber-store';
import { BATCH_PREFIX } from '../keys';
import { DeliveryStore, InvalidRecipientCursorError, type FinalState } from './delivery-store';

/**
 * "Who did not get it, and why": a campaign's recipients by state, a page at a time. Final states
 * (sent, suppressed, failed) are recipient items; `queued` are the planned recipients of unfinished
 * batches who have no final state yet (whole batches per page, so a page may hold a few more than
 * `limit`).
 */
export type RecipientState = FinalState | 'queued';

export interface RecipientLine {
  subscriberId: string;
  email: string;
  state: RecipientState;
  reason?: string;
  at?: string;
}

export { InvalidRecipientCursorError };

const queued = async (campaignId: string, cursor: string | null | undefined, limit: number): Promise<{ recipients: RecipientLine[]; cursor: string | null }> => {
  let start: Record<string, unknown> | undefined;
  if (cursor) {
    const batchId = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!/^[0-9]{6}-[0-9]{2}$/.test(batchId)) throw new InvalidRecipientCursorError();
    start = { pk: `CAMPAIGN#${campaignId}`, sk: `${BATCH_PREFIX}${batchId}` };
  }
  const recipients: RecipientLine[] = [];
  for (;;) {
    const page = await db().send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'done = :no',
        ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}`, ':prefix': BATCH_PREFIX, ':no': false },
        ConsistentRead: true,
        Limit: 10,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const ids = (item.subscriberIds as string[]) ?? [];
      const [finals, subscribers] = await Promise.all([DeliveryStore.recipients(campaignId, ids), SubscriberStore.getMany(ids)]);
      const emails = new Map(subscribers.map((subscriber) => [subscriber.id, subscriber.email]));
      for (const id of ids) if (!finals.has(id)) recipients.push({ subscriberId: id, email: emails.get(id) ?? '', state: 'queued' });
      start = { pk: item.pk, sk: item.sk };
      if (recipients.length >= limit) {
        return { recipients, cursor: Buffer.from(String(item.sk).slice(BATCH_PREFIX.length)).toString('base64url') };
      }
    }
    if (!page.LastEvaluatedKey) return { recipients, cursor: null };
    start = page.LastEvaluatedKey;
  }
};

export const RecipientStore = {
  async list(
    campaignId: string,
    options: { state?: RecipientState; cursor?: string | null; limit?: number } = {},
  ): Promise<{ recipients: RecipientLine[]; cursor: string | null }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
    if (options.state === 'queued') return queued(campaignId, options.cursor, limit);
    const { recipients, cursor } = await DeliveryStore.list(campaignId, { ...(options.state ? { state: options.state } : {}), cursor: options.cursor ?? null, limit });
    return {
      recipients: recipients.map(({ subscriberId, email, state, reason, at }) => ({ subscriberId, email, state, ...(reason ? { reason } : {}), ...(at ? { at } : {}) })),
      cursor,
    };
  },
};
