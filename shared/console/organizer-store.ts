import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { queryAll } from '../db/query';
import { normalizeEmail } from '../registration/model';
import { organizerKey } from './keys';

/** Organizers: the people who may use the console (keys: ./keys.ts). */
export type OrganizerRole = 'admin' | 'organizer';

export interface Organizer {
  id: string;
  email: string;
  role: OrganizerRole;
  createdAt: string;
}

const strip = (item: Record<string, unknown>): Organizer => ({
  id: String(item.id),
  email: String(item.email),
  role: item.role as OrganizerRole,
  createdAt: String(item.createdAt),
});

export const Organizers = {
  /** Adds an organizer; an address that already belongs to one is answered with that one. */
  async add(email: string, role: OrganizerRole, at: Date): Promise<{ organizer: Organizer; created: boolean }> {
    const organizer: Organizer = { id: randomUUID(), email: normalizeEmail(email), role, createdAt: at.toISOString() };
    try {
      await db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...organizerKey(email), gsi1pk: 'ORGANIZER', gsi1sk: `${organizer.createdAt}#${organizer.id}`, ...organizer },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { organizer, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { organizer: (await this.findByEmail(email))!, created: false };
    }
  },

  async findByEmail(email: string): Promise<Organizer | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: organizerKey(email), ConsistentRead: true }));
    return result.Item ? strip(result.Item) : undefined;
  },

  /** By id: organizers are few, so the list is read (the sign-in mail's lookup). */
  async findById(id: string): Promise<Organizer | undefined> {
    return (await this.list()).find((organizer) => organizer.id === id);
  },

  async list(): Promise<Organizer[]> {
    const { items } = await queryAll({
      TableName: config.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ORGANIZER' },
    });
    return items.map(strip);
  },
};
