import { Registrations } from '../workshops/port';

/**
 * Who a workshop's survey goes to: the people checked in, if the organizers recorded attendance at
 * all, otherwise everyone with a confirmed place. Ids only, a page at a time.
 */
export const attendanceRecorded = async (workshopId: string): Promise<boolean> => {
  for await (const page of Registrations.confirmedIdPages(workshopId, { attendedOnly: true })) if (page.length > 0) return true;
  return false;
};

export const surveyRecipients = async (workshopId: string): Promise<{ attendedOnly: boolean; pages: AsyncIterable<string[]> }> => {
  const attendedOnly = await attendanceRecorded(workshopId);
  return { attendedOnly, pages: Registrations.confirmedIdPages(workshopId, { attendedOnly }) };
};
