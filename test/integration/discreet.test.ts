import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../shared/kernel/zoned-time';
import { api, calendarOf, cancelLinkIn, cancelThroughLink, createApiKey, mailsTo, publishedWorkshop, registeredLine } from '../support/hearth';
import { startLocal, type LocalHandle, type StoredMail } from '../support/local';

/**
 * Discreet mode through the local runtime, for an organisation whose name and workshop both name
 * the topic (HEARTH_DISCREET_MODE=on): people register through the public API, and what the SES
 * emulator received (sender, subject, the .ics and its file name, the links) names no topic, while
 * the body does. The workshop's own `discreet` flag round-trips through the organizer API.
 */
let hearth: LocalHandle;
let key: string;
const title = 'Grief circle for survivors';
const topical = /grief|circle|survivors|support|network/i;

beforeAll(async () => {
  hearth = await startLocal({
    env: { HEARTH_DISCREET_MODE: 'on', ORG_NAME: 'Grief Support Network', MAIL_FROM: 'Grief Support Network <no-reply@hearth.localhost>' },
  });
  key = await createApiKey(hearth);
});

afterAll(async () => {
  await hearth?.stop();
});

/** What anyone near the inbox or the calendar sees of a mail, without opening it. */
const expectNeutral = (mail: StoredMail) => {
  expect(mail.subject).not.toMatch(topical);
  expect(mail.from).toBe('"Hearth" <no-reply@hearth.localhost>');
  for (const url of mail.body.text?.match(/https?:\/\/\S+/g) ?? []) expect(url).not.toMatch(topical);
  for (const attachment of mail.attachments) expect(attachment.filename ?? '').not.toMatch(topical);
  const calendar = calendarOf(mail);
  if (calendar) {
    expect(calendar.text).not.toMatch(topical);
    expect(calendar.text).toMatch(/^SUMMARY:Appointment\r?$/m);
    expect(calendar.text).not.toMatch(/^DESCRIPTION/m);
  }
  // Opened, it says what the session is, and where to get help now.
  expect(mail.body.text).toContain(`Workshop: ${title}`);
  expect(mail.body.text).toContain('Need help now?');
};

describe('discreet mode for the whole organisation (HEARTH_DISCREET_MODE=on)', () => {
  it('mails a confirmation, a waitlist place, a cancellation and a promotion that name only the date; the .ics is an "Appointment"', async () => {
    const workshop = await publishedWorkshop(hearth, key, { title, capacity: 1 });
    const on = formatDate(workshop.startsAt, 'America/New_York');
    await registeredLine(hearth, key, workshop.id, 'first@example.org', 'confirmed');
    await registeredLine(hearth, key, workshop.id, 'second@example.org', 'waitlisted');
    await hearth.waitForIdle();

    const [confirmation] = await mailsTo(hearth, 'first@example.org');
    expect(confirmation?.subject).toBe(`Your session on ${on} is confirmed`);
    expectNeutral(confirmation!);
    const calendar = calendarOf(confirmation!)!;
    expect(calendar.url).toBe('https://meet.example.org/secret-room');
    expect(calendar.location).toBe('Room 4, 12 Example Street');
    const [waitlisted] = await mailsTo(hearth, 'second@example.org');
    expect(waitlisted?.subject).toBe(`Your session on ${on}: you are on the waitlist`);
    expectNeutral(waitlisted!);

    expect((await cancelThroughLink(hearth, cancelLinkIn(confirmation!))).status).toBe(200);
    await hearth.waitForIdle();
    const cancelled = await mailsTo(hearth, 'first@example.org', `Your session on ${on}: your registration is cancelled`);
    expect(cancelled).toHaveLength(1);
    expectNeutral(cancelled[0]!);
    const promoted = await mailsTo(hearth, 'second@example.org', `Your session on ${on} is confirmed`);
    expect(promoted).toHaveLength(1);
    expectNeutral(promoted[0]!);
    expect(calendarOf(promoted[0]!)?.method).toBe('REQUEST');
  });
});

describe('a workshop’s discreet flag in the organizer API', () => {
  it('is false unless asked, true when created so, changed by PATCH, and refused when not a boolean', async () => {
    const plain = await api(hearth, 'POST', '/api/organizer/workshops', { ...workshopBody(), title: 'Plain' }, key);
    expect(plain.status, plain.text).toBe(201);
    expect(plain.json.workshop.discreet).toBe(false);

    const created = await api(hearth, 'POST', '/api/organizer/workshops', { ...workshopBody(), discreet: true }, key);
    expect(created.status, created.text).toBe(201);
    expect(created.json.workshop.discreet).toBe(true);
    const id = created.json.workshop.id as string;
    const listed = await api(hearth, 'GET', '/api/organizer/workshops', undefined, key);
    expect(listed.json.workshops.find((w: { id: string }) => w.id === id).discreet).toBe(true);

    const changed = await api(hearth, 'PATCH', `/api/organizer/workshops/${id}`, { discreet: false }, key);
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.workshop.discreet).toBe(false);

    const refused = await api(hearth, 'PATCH', `/api/organizer/workshops/${id}`, { discreet: 'yes' }, key);
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields.discreet).toBe('Must be true or false');
  });

  it('is in the OpenAPI document of create and update', async () => {
    const document = (await api(hearth, 'GET', '/api/openapi.json')).json;
    const schemas = JSON.stringify(document.components.schemas);
    expect(schemas).toContain('"discreet"');
    expect(document.paths['/api/organizer/workshops'].post.description).toContain('discreet: true');
    expect(document.paths['/api/organizer/workshops/{id}'].patch.description).toContain('HEARTH_DISCREET_MODE');
  });
});

const workshopBody = () => {
  const start = new Date(Date.now() + 5 * 24 * 3600 * 1000);
  start.setUTCMinutes(0, 0, 0);
  return {
    title,
    description: 'A facilitated circle.',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3600 * 1000).toISOString(),
    timezone: 'America/New_York',
    capacity: 4,
    waitlist: true,
    onlineUrl: 'https://meet.example.org/room',
  };
};
