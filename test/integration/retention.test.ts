import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTools, devSchedules, postClock } from '../support/clock';
import { campaignState, confirmedSubscriber, draftCampaign, importSubscribers, recipientsOf, waitForCampaign } from '../support/campaigns';
import { addOrganizer, csrfOf, get, post, signIn } from '../support/console';
import { api, createApiKey, form, page, registeredLine, surveyLinkIn, tokenInForm, tokenLinkIn, workshopInput } from '../support/hearth';
import { emailHashIn, startLocal, type LocalHandle } from '../support/local';
import { scanAll } from '../support/raw-table';

/**
 * Retention (issue 13) through the local runtime: the clock is moved past each period with POST
 * /dev/clock (which fires the one-time erasure schedules, then deletes what the TTL let go, as AWS
 * would), and the raw table is read: no personal field is left, and the counts still add up. The
 * clock only moves forward, so the steps run in order, on workshops of their own.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

const A_START = Date.parse('2027-03-02T18:00:00Z');
const A_END = A_START + 90 * MINUTE;
const B_START = Date.parse('2027-03-03T18:00:00Z');
const B_END = B_START + 90 * MINUTE;
const LEAD = 'retention-lead@example.org';
const address = (who: string) => `retention-${who}@example.org`;

let hearth: LocalHandle;
let key: string;
let cookie: string;
let csrf: string;
let documents: DynamoDBDocumentClient;
const { setClock, published, register, mailsTo } = clockTools(() => hearth, () => key, { capacity: 2, waitlist: true });

const rawItems = () => scanAll(documents, hearth.tableName);
const partition = async (workshopId: string) => (await rawItems()).filter((item) => item.pk === `WS#${workshopId}`);
const rawWorkshop = async (workshopId: string) => (await partition(workshopId)).find((item) => item.sk === 'WORKSHOP');
const withPrefix = (items: Record<string, unknown>[], prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
/** Every raw item that holds this text anywhere (an attribute name or value, however deep). */
const holding = async (text: string) => (await rawItems()).filter((item) => JSON.stringify(item).toLowerCase().includes(text.toLowerCase()));

beforeAll(async () => {
  hearth = await startLocal();
  await addOrganizer(hearth, LEAD, 'organizer');
  key = await createApiKey(hearth);
  cookie = await signIn(hearth, LEAD);
  csrf = await csrfOf(hearth, cookie);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
});

afterAll(async () => {
  await hearth?.stop();
});

describe('retention', () => {
  const a = { id: '', reg: {} as Record<string, string> };
  const b = { id: '' };

  it('refuses a workshop period longer than the organisation’s, naming the field', async () => {
    const longer = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput({ retentionDays: 91 }), key);
    expect(longer.status, longer.text).toBe(400);
    expect(longer.json.error.fields.retentionDays).toMatch(/At most 90 days/);
    const notWhole = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput({ retentionDays: 1.5 }), key);
    expect(notWhole.status).toBe(400);
    expect(notWhole.json.error.fields.retentionDays).toMatch(/whole number/);
  });

  it('changes a workshop’s period through the API: a shorter one is stored, a longer one refused on the field, null brings back the organisation’s', async () => {
    const created = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput({ retentionDays: 20 }), key);
    expect(created.status, created.text).toBe(201);
    const id = created.json.workshop.id as string;
    const shorter = await api(hearth, 'PATCH', `/api/organizer/workshops/${id}`, { retentionDays: 10 }, key);
    expect(shorter.status, shorter.text).toBe(200);
    expect(shorter.json.workshop.retentionDays).toBe(10);
    expect((await rawWorkshop(id))?.retentionDays).toBe(10);
    const longer = await api(hearth, 'PATCH', `/api/organizer/workshops/${id}`, { retentionDays: 91 }, key);
    expect(longer.status).toBe(400);
    expect(longer.json.error.fields.retentionDays).toMatch(/At most 90 days/);
    expect((await rawWorkshop(id))?.retentionDays).toBe(10);
    const back = await api(hearth, 'PATCH', `/api/organizer/workshops/${id}`, { retentionDays: null }, key);
    expect(back.status, back.text).toBe(200);
    expect(back.json.workshop.retentionDays).toBeUndefined();
    expect((await rawWorkshop(id))?.retentionDays).toBeUndefined();
  });

  it('erases a campaign’s recipient rows 30 days after it was sent; its counts stay', async () => {
    await confirmedSubscriber(hearth, address('reader'));
    const id = await draftCampaign(hearth, key, { subject: 'Budget vote', bodyMarkdown: 'Hello,\n\nThe vote is on Tuesday.' });
    const sent = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key);
    expect(sent.status, sent.text).toBeLessThan(300);
    const done = await waitForCampaign(hearth, key, id, ['sent']);
    expect(done.counts).toMatchObject({ recipients: 1, sent: 1 });
    const batches = async () => withPrefix((await rawItems()).filter((item) => item.pk === `CAMPAIGN#${id}`), 'BATCH#');
    expect(JSON.stringify(await batches())).toContain(address('reader'));
    const finishedAt = Date.parse(String((await rawItems()).find((item) => item.pk === `CAMPAIGN#${id}` && item.sk === 'CAMPAIGN')!.finishedAt));
    // Scheduler instants are whole seconds: the erasure fires at the first one not before it is due.
    expect(Date.parse((await devSchedules(hearth)).find((s) => s.name === `campaign-retention-${id}`)!.at)).toBe(Math.ceil((finishedAt + 30 * DAY) / 1000) * 1000);

    await setClock(iso(finishedAt + 30 * DAY + MINUTE));
    const erased = await batches();
    expect(erased).toHaveLength(1);
    expect(erased[0]).not.toHaveProperty('recipients');
    expect(erased[0]).not.toHaveProperty('subscriberIds');
    expect(erased[0]).toMatchObject({ sent: 1, done: true });
    // Only the subscriber item, still on the list, holds the address now.
    expect((await holding(address('reader'))).map((item) => String(item.pk).replace(/#.*/, '#'))).toEqual(['SUB#']);
    const after = await campaignState(hearth, key, id);
    expect(after.counts).toMatchObject({ recipients: 1, sent: 1 });
    expect(after.campaign).toMatchObject({ status: 'sent', recipientsErasedAt: expect.any(String) });
    expect(await recipientsOf(hearth, key, id, 'sent')).toEqual([]);
  });

  it('erases the address and name of someone who left the list 30 days later; the keyed hash keeps an import from adding them back', async () => {
    await confirmedSubscriber(hearth, address('stayer'));
    // A fresh campaign for a fresh unsubscribe link (the first one's has lapsed with the month gone by).
    const second = await draftCampaign(hearth, key, { subject: 'Vote reminder', bodyMarkdown: 'Hello,\n\nTomorrow.' });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${second}/send`, {}, key)).status).toBeLessThan(300);
    await waitForCampaign(hearth, key, second, ['sent']);
    const [campaignMail] = await mailsTo(address('reader'), 'Vote reminder');
    const leave = () => fetch(tokenLinkIn(campaignMail!, '/unsubscribe'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const first = await leave();
    expect(first.status, `${tokenLinkIn(campaignMail!, '/unsubscribe')} ${await first.text()}`).toBe(200);
    expect((await leave()).status).toBe(200);
    await hearth.waitForIdle();
    const subscriber = () => rawItems().then((items) => items.find((item) => String(item.pk).startsWith('SUB#') && item.unsubscribedAt)!);
    const leftAt = Date.parse(String((await subscriber()).unsubscribedAt));
    const subscriberId = String((await subscriber()).id);
    expect(Date.parse((await devSchedules(hearth)).find((s) => s.name === `subscriber-retention-${subscriberId}`)!.at)).toBe(Math.ceil((leftAt + 30 * DAY) / 1000) * 1000);

    await setClock(iso(leftAt + 30 * DAY - MINUTE));
    expect(await subscriber()).toHaveProperty('email', address('reader'));
    await setClock(iso(leftAt + 30 * DAY + MINUTE));
    const erased = await subscriber();
    for (const field of ['email', 'displayName', 'topics', 'consent']) expect(erased, field).not.toHaveProperty(field);
    expect(erased).toMatchObject({ status: 'unsubscribed', erasedAt: expect.any(String) });
    expect(await holding(address('reader'))).toEqual([]);
    // The claim, a keyed hash of the address, stays: importing the address again adds nobody.
    const claim = `SUBEMAIL#${emailHashIn(hearth, address('reader'))}`;
    expect((await rawItems()).filter((item) => item.pk === claim)).toHaveLength(1);
    await importSubscribers(hearth, [{ email: address('reader') }]);
    const subscribers = (await rawItems()).filter((item) => String(item.pk).startsWith('SUB#'));
    expect(subscribers).toHaveLength(2);
    expect(await holding(address('reader'))).toEqual([]);
    // The one who stayed keeps everything.
    expect(subscribers.find((item) => item.email === address('stayer'))).toMatchObject({ status: 'confirmed' });
    // Asking to join again is their own wish: the address comes back with the new request.
    expect((await api(hearth, 'POST', '/api/subscribers', { email: address('reader'), consent: true })).status).toBe(202);
    await hearth.waitForIdle();
    const confirmation = (await mailsTo(address('reader'))).filter((mail) => (mail.body.text ?? '').includes('/subscribe/confirm')).at(-1)!;
    const token = decodeURIComponent(new URL(tokenLinkIn(confirmation, '/subscribe/confirm')).searchParams.get('token')!);
    expect((await form(hearth, '/subscribe/confirm', { token })).status).toBe(200);
    const back = (await rawItems()).find((item) => item.pk === `SUB#${subscriberId}`)!;
    expect(back).toMatchObject({ status: 'confirmed', email: address('reader') });
    expect(back).not.toHaveProperty('erasedAt');
  });

  it('sets up two workshops with places, a waitlist, a check-in, a message and a survey answer', async () => {
    // The clock moved a month for the campaign: the console session from beforeAll has lapsed.
    cookie = await signIn(hearth, LEAD);
    csrf = await csrfOf(hearth, cookie);
    const workshopA = await published(iso(A_START), { title: 'Retention A' });
    const workshopB = await published(iso(B_START), { title: 'Retention B', retentionDays: 10 });
    a.id = workshopA.id;
    b.id = workshopB.id;
    for (const person of ['ana', 'ben']) a.reg[person] = await register(a.id, address(person));
    a.reg.cy = await register(a.id, address('cy'), 'waitlisted');
    a.reg.dee = (await registeredLine(hearth, key, a.id, address('dee'), 'waitlisted', { displayName: 'Dee Example', accessibilityNeeds: 'A step-free way in, please' })).id;
    await register(b.id, address('bo'));
    const set = await api(hearth, 'PUT', `/api/organizer/workshops/${a.id}/organizers`, { organizers: [LEAD] }, key);
    expect(set.status, set.text).toBe(200);

    // An organizer removes Ben (Cy is promoted); Dee stays on the waitlist; Ana is checked in.
    const cancelled = await post(hearth, `/console/workshops/${a.id}/registrations/${a.reg.ben}/remove`, { csrf, confirm: 'yes' }, { cookie });
    expect(cancelled.status).toBeLessThan(400);
    await hearth.waitForIdle();
    const checkedIn = await post(hearth, `/console/workshops/${a.id}/registrations/${a.reg.ana}/check-in`, { csrf, attended: 'true' }, { cookie });
    expect(checkedIn.status).toBeLessThan(400);
    const message = await get(hearth, `/console/workshops/${a.id}/message`, cookie);
    const messageId = (await message.text()).match(/name="messageId" value="([^"]+)"/)![1]!;
    const sent = await post(hearth, `/console/workshops/${a.id}/message`, { csrf, messageId, subject: 'Room change', text: 'Ana, we meet in the blue room.' }, { cookie });
    expect(sent.status).toBe(303);
    await hearth.waitForIdle();

    // Both workshops' erasures are scheduled: A's 90 days after its end, B's 10.
    const schedules = await devSchedules(hearth);
    expect(schedules.find((s) => s.name === `retention-${a.id}`)?.at).toBe(iso(A_END + 90 * DAY));
    expect(schedules.find((s) => s.name === `retention-${b.id}`)?.at).toBe(iso(B_END + 10 * DAY));

    // The survey goes out an hour after A ends; Ana answers.
    await setClock(iso(B_END + 2 * 60 * MINUTE));
    const invitation = (await mailsTo(address('ana'), 'How was your session?')).at(-1)!;
    const opened = await page(hearth, surveyLinkIn(invitation));
    expect(opened.status).toBe(200);
    const answered = await form(hearth, '/survey', { token: tokenInForm(opened.html)!, 'q-supported': '5', 'q-safe': 'yes', 'q-recommend': '9', 'q-better': 'More time to talk.' });
    expect(answered.status).toBeLessThan(400);
    const items = await partition(a.id);
    // Only Ana was checked in, so only she is invited.
    expect(withPrefix(items, 'SURVEY#INV#')).toHaveLength(1);
    expect(withPrefix(items, 'SURVEY#RESP#')).toHaveLength(1);
  });

  it('erases a workshop’s registrations when its own shorter period ends, and not another’s', async () => {
    await setClock(iso(B_END + 10 * DAY - MINUTE));
    expect(withPrefix(await partition(b.id), 'REG#')).toHaveLength(1);
    await setClock(iso(B_END + 10 * DAY + MINUTE));
    const items = await partition(b.id);
    expect(withPrefix(items, 'REG#')).toEqual([]);
    expect(withPrefix(items, 'EMAIL#')).toEqual([]);
    expect(items.find((item) => item.sk === 'RETAINED')).toMatchObject({ registered: 1, confirmed: 1, attended: 0, cancelled: 0, waitlisted: 0 });
    expect(await holding(address('bo'))).toEqual([]);
    // A is untouched: its period is the organisation's 90 days.
    expect(withPrefix(await partition(a.id), 'REG#')).toHaveLength(4);
  });

  it('lets survey invitee markers go by TTL when the survey closes, 30 days after the invitation; the answer and the counts stay', async () => {
    const invitedAt = Date.parse(String(withPrefix(await partition(a.id), 'SURVEY#INV#')[0]!.invitedAt));
    await setClock(iso(invitedAt + 30 * DAY + MINUTE));
    const items = await partition(a.id);
    expect(withPrefix(items, 'SURVEY#INV#')).toEqual([]);
    expect(withPrefix(items, 'SURVEY#RESP#')).toHaveLength(1);
    expect(items.find((item) => item.sk === 'SURVEY#RESULTS')).toMatchObject({ invited: 1, responses: 1 });
  });

  it('erases every registration 90 days after the workshop ends: no address, name, need or message text is left, and the counts add up', async () => {
    const before = await partition(a.id);
    const workshopBefore = before.find((item) => item.sk === 'WORKSHOP')!;
    expect(withPrefix(before, 'REG#')).toHaveLength(4);
    await setClock(iso(A_END + 90 * DAY + MINUTE));
    const items = await partition(a.id);
    expect(withPrefix(items, 'REG#')).toEqual([]);
    expect(withPrefix(items, 'EMAIL#')).toEqual([]);
    expect(withPrefix(items, 'WAIT#')).toEqual([]);
    const retained = items.find((item) => item.sk === 'RETAINED')!;
    expect(retained).toMatchObject({ registered: 4, confirmed: 2, attended: 1, cancelled: 1, waitlisted: 1 });
    expect((retained.confirmed as number) + (retained.cancelled as number) + (retained.waitlisted as number)).toBe(retained.registered);
    const workshop = items.find((item) => item.sk === 'WORKSHOP')!;
    expect(workshopBefore.facilitator).toBe('Sam');
    expect(workshop).not.toHaveProperty('facilitator');
    expect(workshop).toMatchObject({ title: 'Retention A', status: 'published' });
    expect(workshop.confirmedCount).toBe(workshopBefore.confirmedCount);
    expect(workshop.confirmedCount).toBe(retained.confirmed);
    const [message] = withPrefix(items, 'MSG#');
    expect(message).toMatchObject({ recipientCount: 2 });
    expect(message).not.toHaveProperty('subject');
    expect(message).not.toHaveProperty('text');
    for (const person of ['ana', 'ben', 'cy', 'dee']) expect(await holding(address(person)), person).toEqual([]);
    expect(await holding('blue room')).toEqual([]);
    expect(await holding('step-free')).toEqual([]);
    expect(await holding('Dee Example')).toEqual([]);
    // The organizer API shows no registrations any more; the schedule is gone.
    const registrations = await api(hearth, 'GET', `/api/organizer/workshops/${a.id}/registrations`, undefined, key);
    expect(registrations.json.registrations).toEqual([]);
    expect((await devSchedules(hearth)).map((s) => s.name)).not.toContain(`retention-${a.id}`);
  });

  it('lets audit entries go by TTL after a year', async () => {
    const audit = (await rawItems()).filter((item) => String(item.pk).startsWith('AUDIT#'));
    expect(audit.length).toBeGreaterThan(0);
    for (const entry of audit) expect(entry.expiresAt).toBe(Math.ceil((Date.parse(String(entry.at)) + 365 * DAY) / 1000));
    const oldest = Math.min(...audit.map((entry) => Date.parse(String(entry.at))));
    const response = await postClock(hearth, { set: iso(oldest + 365 * DAY + MINUTE) });
    expect(response.status).toBe(200);
    const left = (await rawItems()).filter((item) => String(item.pk).startsWith('AUDIT#'));
    expect(left.length).toBeLessThan(audit.length);
    for (const entry of left) expect(Date.parse(String(entry.at))).toBeGreaterThan(oldest + MINUTE - 1);
  });

  it('deletes survey answers two years after the workshop ends; the counts stay', async () => {
    await setClock(iso(A_END + 730 * DAY - DAY));
    expect(withPrefix(await partition(a.id), 'SURVEY#RESP#')).toHaveLength(1);
    await setClock(iso(A_END + 730 * DAY + DAY));
    const items = await partition(a.id);
    expect(withPrefix(items, 'SURVEY#RESP#')).toEqual([]);
    expect(await holding('More time to talk')).toEqual([]);
    expect(items.find((item) => item.sk === 'SURVEY#RESULTS')).toMatchObject({ invited: 1, responses: 1 });
    expect(items.find((item) => item.sk === 'RETAINED')).toMatchObject({ registered: 4 });
  });
});
