import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { conditionally, db } from '../db/client';

/**
 * DynamoDB access for organizer messages to a workshop's registrants (docs/data-model.md):
 * `pk WS#<workshopId>`, `sk MSG#<messageId>`. The item holds the subject and text (they may name
 * the group, so they never travel on the bus), who sent it (an organizer id) and how many people
 * had a confirmed place when it was sent. It sits in the workshop's partition but under its own
 * prefix, so no registration, claim or waitlist query ever reads it.
 */
export interface WorkshopMessage {
  id: string;
  workshopId: string;
  subject: string;
  text: string;
  /** Organizer id (never an address). */
  sentBy: string;
  createdAt: string;
  /** Confirmed registrants when it was sent: what the organizer was told. */
  recipientCount: number;
}

export const MSG_PREFIX = 'MSG#';

export const messageKey = (workshopId: string, messageId: string) => ({ pk: `WS#${workshopId}`, sk: `${MSG_PREFIX}${messageId}` });

const strip = (item: Record<string, unknown>): WorkshopMessage => ({
  id: String(item.id),
  workshopId: String(item.workshopId),
  subject: String(item.subject),
  text: String(item.text),
  sentBy: String(item.sentBy),
  createdAt: String(item.createdAt),
  recipientCount: Number(item.recipientCount ?? 0),
});

export const MessageStore = {
  async get(workshopId: string, messageId: string): Promise<WorkshopMessage | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: messageKey(workshopId, messageId), ConsistentRead: true }));
    return result.Item ? strip(result.Item) : undefined;
  },

  /** Stores a new message; false when a message with this id exists already (nothing written). */
  async create(message: WorkshopMessage): Promise<boolean> {
    return conditionally(
      db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...messageKey(message.workshopId, message.id), ...message },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  },
};
