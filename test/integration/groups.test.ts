import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';
import { rawItemsOf } from '../support/raw-table';

/**
 * Support groups (issue 14), first part, through the local runtime: an organizer key creates a draft
 * whose series is checked and planned on the group's local clock, reads it back, and gets a 400
 * naming the field, with nothing stored, for every series that cannot be planned.
 */
let hearth: LocalHandle;
let key: string;

const tuesdayCircle = (overrides: Record<string, unknown> = {}) => ({
  title: 'Tuesday circle for new members',
  description: 'A weekly peer circle.',
  facilitator: 'Sam',
  timezone: 'America/New_York',
  firstDate: '2027-03-02',
  startTime: '18:00',
  durationMinutes: 90,
  recurrence: 'FREQ=WEEKLY;BYDAY=TU',
  capacity: 12,
  location: 'Room 4, 12 Example Street',
  membership: 'closed',
  approval: true,
  ...overrides,
});

const groupItems = async () => (await rawItemsOf(hearth)).filter((item) => String(item.pk).startsWith('GROUP#'));

beforeAll(async () => {
  hearth = await startLocal();
  key = await createApiKey(hearth);
});

afterAll(async () => {
  await hearth?.stop();
});

describe('POST /api/organizer/groups', () => {
  it('creates a draft whose next meetings are at 18:00 New York time on both sides of the spring change', async () => {
    const created = await api(hearth, 'POST', '/api/organizer/groups', tuesdayCircle(), key);
    expect(created.status, hearth.output().slice(-3000)).toBe(201);
    const group = created.json.group;
    expect(group).toMatchObject({ status: 'draft', membership: 'closed', approval: true, bounded: false, recurrence: 'FREQ=WEEKLY;BYDAY=TU', reminderOffsetsMinutes: [1440, 60], waitlist: true });
    expect(group.upcoming.slice(0, 3)).toEqual([
      { date: '2027-03-02', startsAt: '2027-03-02T23:00:00.000Z', endsAt: '2027-03-03T00:30:00.000Z' },
      { date: '2027-03-09', startsAt: '2027-03-09T23:00:00.000Z', endsAt: '2027-03-10T00:30:00.000Z' },
      { date: '2027-03-16', startsAt: '2027-03-16T22:00:00.000Z', endsAt: '2027-03-16T23:30:00.000Z' },
    ]);
    expect(group.upcoming).toHaveLength(12);
    const read = await api(hearth, 'GET', `/api/organizer/groups/${group.id}`, undefined, key);
    expect(read.status).toBe(200);
    expect(read.json.group).toEqual(group);
    const listed = await api(hearth, 'GET', '/api/organizer/groups', undefined, key);
    expect(listed.json.groups.map((listedGroup: { id: string }) => listedGroup.id)).toContain(group.id);
    const audit = (await rawItemsOf(hearth)).filter((item) => item.action === 'group-created');
    expect(audit).toMatchObject([{ target: group.id, actorId: expect.stringMatching(/^api-key:/) }]);
  });

  it('refuses each series that cannot be planned with 400 naming the field, and stores nothing', async () => {
    const before = (await groupItems()).length;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=TU;BYMONTHDAY=1' }, 'recurrence', /BYMONTHDAY is not supported/],
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101' }, 'recurrence', /UNTIL \(2027-01-01\) is before the first date/],
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=201' }, 'recurrence', /more than 200 meetings/],
      [{ recurrence: 'FREQ=MONTHLY;BYDAY=1TU;UNTIL=20291231', firstDate: '2027-03-02' }, 'recurrence', /more than 2 years/],
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=1', excludedDates: ['2027-03-02'] }, 'excludedDates', /No meeting is left/],
      [{ recurrence: 'FREQ=WEEKLY;BYDAY=SU', firstDate: '2027-03-07', startTime: '02:30' }, 'startTime', /02:30 does not happen on 2027-03-14 in America\/New_York/],
      [{ firstDate: '2027-03-03' }, 'firstDate', /is a Wednesday/],
      [{ membership: 'drop-in', approval: true }, 'approval', /Only a closed group/],
      [{ startTime: '6pm' }, 'startTime', /24-hour time/],
      [{ timezone: 'Mars/Olympus' }, 'timezone', /IANA time zone/],
    ];
    for (const [overrides, field, message] of cases) {
      const refused = await api(hearth, 'POST', '/api/organizer/groups', tuesdayCircle(overrides), key);
      expect(refused.status, JSON.stringify(overrides)).toBe(400);
      expect(refused.json.error.fields[field], JSON.stringify(overrides)).toMatch(message);
    }
    expect((await groupItems()).length).toBe(before);
  });

  it('answers 404 for an unknown group and 403 to a key that does not organize it; a key without a scope for it gets 403', async () => {
    const created = await api(hearth, 'POST', '/api/organizer/groups', tuesdayCircle({ title: 'Carers monthly', recurrence: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=6', firstDate: '2027-01-29', timezone: 'Europe/Berlin' }), key);
    expect(created.status, created.text).toBe(201);
    expect(created.json.group.upcoming.map((meeting: { date: string }) => meeting.date)).toEqual(['2027-01-29', '2027-02-26', '2027-03-26', '2027-04-30', '2027-05-28', '2027-06-25']);
    expect((await api(hearth, 'GET', '/api/organizer/groups/no-such-group', undefined, key)).status).toBe(404);
    const other = await createApiKey(hearth, { role: 'organizer', scopes: ['workshops'] });
    expect((await api(hearth, 'GET', `/api/organizer/groups/${created.json.group.id}`, undefined, other)).status).toBe(403);
    const campaignsOnly = await createApiKey(hearth, { role: 'organizer', scopes: ['campaigns'] });
    expect((await api(hearth, 'POST', '/api/organizer/groups', tuesdayCircle(), campaignsOnly)).status).toBe(403);
  });
});
