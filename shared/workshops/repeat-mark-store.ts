import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { conditionally, db } from '../db/client';
import { repeatMarkKey } from './keys';

/**
 * At most one "you already have a place" mail per registration (an address and a workshop) per
 * REPEAT_MAIL_INTERVAL_MS, however often someone asks to register the address again. One item per
 * registration (`REPEAT#<workshopId>#<registrationId>`: the event id that holds the window, `until`
 * in epoch ms, TTL `expiresAt`), claimed by one conditional write, never read-then-write.
 */
export const REPEAT_MAIL_INTERVAL_MS = 10 * 60 * 1000;

export const RepeatMarks = {
  /**
   * Claims the window for `eventId`, starting at the request's instant: granted when no window is
   * held, the held one has lapsed, or it is this event's own (a redelivery or a retry after a
   * failed send; the mail ledger then sends at most once).
   */
  claim: (workshopId: string, registrationId: string, eventId: string, requestedAt: Date): Promise<boolean> => {
    const until = requestedAt.getTime() + REPEAT_MAIL_INTERVAL_MS;
    return conditionally(
      db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...repeatMarkKey(workshopId, registrationId), eventId, until, expiresAt: Math.ceil(until / 1000) + 3600 },
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :at OR eventId = :eventId',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':at': requestedAt.getTime(), ':eventId': eventId },
        }),
      ),
    );
  },
};
