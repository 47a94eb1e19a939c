import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { listByIndex } from '../db/query';
import { GROUP_PARTITION, groupIndex, groupKey } from './keys';
import type { Group } from './model';

/** A group as stored: what the organizer set, its status and organizers (the series is planned from it when read). */
export type GroupItem = Omit<Group, 'bounded' | 'upcoming'>;

const strip = (item: Record<string, unknown>): GroupItem => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest as unknown as GroupItem;
};

export const GroupStore = {
  /** A new group; the condition keeps an id from being used twice. */
  async create(group: GroupItem): Promise<void> {
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...groupKey(group.id), ...groupIndex(group.createdAt, group.id), ...group },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  async get(groupId: string): Promise<GroupItem | undefined> {
    const { Item: item } = await db().send(new GetCommand({ TableName: config.tableName, Key: groupKey(groupId), ConsistentRead: true }));
    return item ? strip(item) : undefined;
  },

  /** Every group, oldest first (the index partition GROUP). */
  async list(): Promise<GroupItem[]> {
    return (await listByIndex(GROUP_PARTITION)).map(strip);
  },
};
