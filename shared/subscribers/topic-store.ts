import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { conditionally, db } from '../db/client';
import { listByIndex } from '../db/query';
import { TOPIC_PARTITION, topicIndex, topicKey } from './keys';
import type { Topic } from './model';

/** DynamoDB access for topics (keys: ./keys.ts). A topic is named once and never renamed here. */
const toTopic = (item: Record<string, unknown>): Topic => ({ slug: String(item.slug), name: String(item.name), createdAt: String(item.createdAt) });

export const TopicStore = {
  /** Answers false when a topic with this slug already exists (nothing written). */
  async create(topic: Topic): Promise<boolean> {
    return conditionally(
      db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...topicKey(topic.slug), ...topicIndex(topic.slug), ...topic },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  },

  /** Every topic, by slug (eventually consistent: for display). */
  async list(): Promise<Topic[]> {
    return (await listByIndex(TOPIC_PARTITION)).map(toTopic).sort((a, b) => a.slug.localeCompare(b.slug));
  },

  /** The topics with these slugs that exist, strongly consistent (a topic made a moment ago counts). */
  async getMany(slugs: readonly string[]): Promise<Topic[]> {
    const unique = [...new Set(slugs)];
    const found: Topic[] = [];
    for (let start = 0; start < unique.length; start += 100) {
      let keys: Record<string, unknown>[] = unique.slice(start, start + 100).map(topicKey);
      for (let round = 0; keys.length > 0; round++) {
        if (round === 5) throw new Error('DynamoDB left keys unprocessed; retry');
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const result = await db().send(new BatchGetCommand({ RequestItems: { [config.tableName]: { Keys: keys, ConsistentRead: true } } }));
        found.push(...(result.Responses?.[config.tableName] ?? []).map(toTopic));
        keys = result.UnprocessedKeys?.[config.tableName]?.Keys ?? [];
      }
    }
    return found;
  },
};
