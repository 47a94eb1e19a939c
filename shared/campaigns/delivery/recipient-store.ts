import { Subscribers } from '../../mailing-list/port';
import { BATCH_ID } from '../keys';
import type { RecipientState } from '../model';
import { DeliveryStore } from './delivery-store';

/**
 * "Who did not get it, and why": a campaign's recipients by state, a page at a time, read from its
 * batches in order (each holds up to 50 recipients and their final states). `queued` are the planned
 * recipients without a final state yet. Pages end on whole batches, so a page may hold up to 49 more
 * than `limit`; the cursor is the last batch read.
 */
export interface RecipientLine {
  subscriberId: string;
  email: string;
  state: RecipientState;
  reason?: string;
  at?: string;
}

export class InvalidRecipientCursorError extends Error {
  constructor() {
    super('This page link is not valid');
    this.name = 'InvalidRecipientCursorError';
  }
}

export const RecipientStore = {
  async list(
    campaignId: string,
    options: { state?: RecipientState; cursor?: string | null; limit?: number } = {},
  ): Promise<{ recipients: RecipientLine[]; cursor: string | null }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
    let after: string | undefined;
    if (options.cursor) {
      after = Buffer.from(options.cursor, 'base64url').toString('utf8');
      if (!BATCH_ID.test(after)) throw new InvalidRecipientCursorError();
    }
    const recipients: RecipientLine[] = [];
    for await (const batches of DeliveryStore.batches(campaignId, { ...(after ? { after } : {}), ...(options.state === 'queued' ? { unfinished: true } : {}) })) {
      for (const batch of batches) {
        if (options.state === 'queued') {
          const waiting = batch.subscriberIds.filter((id) => !batch.recipients.has(id));
          const emails = new Map((await Subscribers.getMany(waiting)).map((subscriber) => [subscriber.id, subscriber.email]));
          recipients.push(...waiting.map((subscriberId): RecipientLine => ({ subscriberId, email: emails.get(subscriberId) ?? '', state: 'queued' })));
        } else {
          for (const id of batch.subscriberIds) {
            const recipient = batch.recipients.get(id);
            if (!recipient || (options.state && recipient.state !== options.state)) continue;
            recipients.push({
              subscriberId: id,
              // Empty once erased at the person's request (../retention.ts).
              email: recipient.email ?? '',
              state: recipient.state,
              ...(recipient.reason ? { reason: recipient.reason } : {}),
              at: recipient.at,
            });
          }
        }
        if (recipients.length >= limit) return { recipients, cursor: Buffer.from(batch.batchId).toString('base64url') };
      }
    }
    return { recipients, cursor: null };
  },
};
