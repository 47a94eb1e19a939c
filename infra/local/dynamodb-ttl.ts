import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { table } from '../../shared/db/table';

/**
 * DynamoDB's Time to Live, played locally. DynamoDB Local keeps expired items for ever, so on one
 * machine (`npm start`) Hearth's promises that an item goes by TTL would not hold. This reaper
 * deletes every item whose TTL attribute (`expiresAt`, epoch seconds) is before the one clock: every
 * ten minutes, and each time POST /dev/clock moves the clock (so tests see what AWS would do).
 *
 * It scans, as DynamoDB's own TTL process does on AWS; it is part of the engine here, not of
 * Hearth's code, which never scans. AWS deletes within a day or two of the instant; the reaper is
 * sooner, which no code may rely on (readers check their own validity times).
 */
export interface TtlReaper {
  /** Deletes what has expired by now; answers how many items went. */
  reap(): Promise<number>;
  /** Reaps every `intervalMs` until close(). */
  start(intervalMs?: number): void;
  close(): void;
}

export const createTtlReaper = (options: { client: () => DynamoDBClient | undefined; tableName: string; now: () => Date; log: (line: string) => void }): TtlReaper => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const sweep = async (client: DynamoDBClient): Promise<number> => {
    const nowSeconds = Math.floor(options.now().getTime() / 1000);
    let deleted = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: options.tableName,
          FilterExpression: '#ttl < :now',
          ProjectionExpression: 'pk, sk',
          ExpressionAttributeNames: { '#ttl': table.ttlAttribute },
          ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
          ExclusiveStartKey: start,
        }),
      );
      const keys = page.Items ?? [];
      for (let i = 0; i < keys.length; i += 25) {
        let requests = keys.slice(i, i + 25).map((key) => ({ DeleteRequest: { Key: { pk: key.pk!, sk: key.sk! } } }));
        while (requests.length > 0) {
          const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [options.tableName]: requests } }));
          requests = (result.UnprocessedItems?.[options.tableName] ?? []) as typeof requests;
        }
      }
      deleted += keys.length;
      start = page.LastEvaluatedKey;
    } while (start);
    return deleted;
  };

  const reap = (): Promise<number> => {
    const client = options.client();
    if (!client) return Promise.resolve(0);
    // One sweep at a time; a caller during a sweep waits for the next one, so it sees its own now.
    const previous = running ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(() => sweep(client));
    running = next;
    return next.then((deleted) => {
      if (deleted > 0) options.log(`[dynamodb] TTL removed ${deleted} expired item${deleted === 1 ? '' : 's'}`);
      return deleted;
    });
  };

  return {
    reap,
    start(intervalMs = 10 * 60_000) {
      const tick = () => {
        reap().catch((error: unknown) => options.log(`[dynamodb] TTL sweep failed: ${error instanceof Error ? error.message : String(error)}`));
      };
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
};
