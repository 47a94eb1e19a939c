import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { batchGetAll } from '../db/batch';
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
    return (await batchGetAll([...new Set(slugs)].map(topicKey))).map(toTopic);
  },
};
