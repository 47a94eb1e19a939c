import { config } from '../config';
import { queryPages } from '../db/query';
import { REG_PREFIX } from '../registration/keys';

/**
 * Who a workshop's survey goes to: the people checked in, if the organizers recorded attendance at
 * all, otherwise everyone with a confirmed place. Reads registration items (keys:
 * ../registration/keys.ts) a page at a time and hands back ids only; it writes nothing.
 * (A paged reader of registrations belongs in RegistrationStore; this one lives here until it has
 * one, so the registration store is not changed under its owners.)
 */
const confirmedPages = (workshopId: string, attendedOnly: boolean, pageSize?: number) =>
  queryPages(
    {
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: attendedOnly ? '#status = :confirmed AND attribute_exists(attendedAt)' : '#status = :confirmed',
      ProjectionExpression: '#id',
      ExpressionAttributeNames: { '#status': 'status', '#id': 'id' },
      ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': REG_PREFIX, ':confirmed': 'confirmed' },
      ConsistentRead: true,
    },
    pageSize,
  );

/** True as soon as one confirmed registrant is checked in. */
export const attendanceRecorded = async (workshopId: string): Promise<boolean> => {
  for await (const page of confirmedPages(workshopId, true)) if (page.length > 0) return true;
  return false;
};

export const surveyRecipients = async (workshopId: string): Promise<{ attendedOnly: boolean; pages: AsyncIterable<string[]> }> => {
  const attendedOnly = await attendanceRecorded(workshopId);
  async function* ids() {
    for await (const page of confirmedPages(workshopId, attendedOnly)) yield page.map((item) => String(item.id));
  }
  return { attendedOnly, pages: ids() };
};
