import type { OutgoingEvent } from './define';
import { publish } from './publish';

/**
 * Fan-out for work over many people (reminders, surveys, campaigns): one event per batch of ids,
 * built page by page so nothing holds the whole list in memory. Each batch event's id derives from
 * the parent event and the batch's first id, so a redelivered parent republishes the same batches,
 * and the per-person mail ledger makes any overlap harmless.
 */
export const BATCH_SIZE = 25;

export const fanOut = async (
  pages: AsyncIterable<readonly string[]>,
  toEvent: (ids: string[]) => OutgoingEvent,
  batchSize = BATCH_SIZE,
): Promise<{ batches: number; ids: number }> => {
  let pending: OutgoingEvent[] = [];
  const carry: string[] = [];
  let batches = 0;
  let ids = 0;
  const flush = async (force: boolean) => {
    while (carry.length >= batchSize || (force && carry.length > 0)) {
      pending.push(toEvent(carry.splice(0, batchSize)));
      batches++;
    }
    // PutEvents takes 10 entries a call: publish as soon as a call is full.
    if (pending.length >= 10 || (force && pending.length > 0)) {
      await publish(pending);
      pending = [];
    }
  };
  for await (const page of pages) {
    carry.push(...page);
    ids += page.length;
    await flush(false);
  }
  await flush(true);
  return { batches, ids };
};
