import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { config } from '../../../shared/config';
import { useLinkSecret } from '../../../shared/link-secret';
import type { MailContent } from '../../../shared/ui/mail/layout';
import { reminderMail } from '../../../shared/reminders/mails/reminder';
import { surveyUrl } from '../../../shared/surveys/links';
import { surveyMail } from '../../../shared/surveys/mails/survey';
import { calendarDownload } from '../../../shared/web/pages/calendar';
import { calendarAttachment, calendarFile } from '../../../shared/workshops/calendar';
import { calendarUrl, cancelUrl } from '../../../shared/workshops/links';
import { alreadyRegisteredMail } from '../../../shared/workshops/mails/already-registered';
import { confirmationMail } from '../../../shared/workshops/mails/confirmation';
import { organizerMessageMail } from '../../../shared/workshops/mails/organizer-message';
import { registrationCancelledMail } from '../../../shared/workshops/mails/registration-cancelled';
import { waitlistedMail } from '../../../shared/workshops/mails/waitlisted';
import { workshopCancelledMail } from '../../../shared/workshops/mails/workshop-cancelled';
import { workshopChangedMail } from '../../../shared/workshops/mails/workshop-changed';
import { workshopFormPage } from '../../../shared/web/console/workshop-form';
import { readNewWorkshop, readWorkshopChanges, workshopFormValues } from '../../../shared/web/console/workshop-input';
import { NewWorkshop, type Registration, type Workshop } from '../../../shared/workshops/model';
import { filledWorkshopForm, newWorkshopInput, registration, renderEnvironment, testCrisisLine, workshop } from '../web/fixtures';
import { byId } from '../web/html';

/**
 * Discreet mode (shared/workshops/discreet.ts): every mail about a workshop and every calendar file,
 * rendered by the real templates with real links, for a workshop whose title and organisation name
 * the topic. Nothing seen without opening the mail (sender, subject, preview, the .ics, the file
 * name, any URL) carries a word of either; the body still names the workshop.
 */
useLinkSecret('d'.repeat(64));
renderEnvironment({ baseUrl: 'https://hearth.example.org', orgName: 'Grief Support Network' });

const title = 'Grief circle for survivors';
/** The title's words and the organisation's (its MAIL_FROM name and ORG_NAME name the topic too). */
const topicWords = ['grief', 'circle', 'survivors', 'support', 'network'];
const topical = new RegExp(topicWords.join('|'), 'i');

// 9 PM in New York on Tuesday the 12th is already the 13th in UTC: the subject uses the workshop's zone.
const discreetWorkshop = (overrides: Partial<Workshop> = {}) =>
  workshop({
    title,
    description: 'For those who lost someone to suicide.',
    startsAt: '2027-01-13T02:00:00Z',
    endsAt: '2027-01-13T03:30:00Z',
    timezone: 'America/New_York',
    onlineUrl: 'https://meet.example.org/room-secret-42',
    location: '12 Elm Street, Room 3',
    ...overrides,
  });

interface Rendered {
  name: string;
  mail: MailContent;
  attachments: { fileName: string; content: string }[];
}

/** Every workshop mail as notify.ts, messages.ts, reminders and surveys send it, with the .ics where they attach one. */
const everyWorkshopMail = async (w: Workshop): Promise<Rendered[]> => {
  const confirmed = registration({ workshopId: w.id });
  const waitlisted = registration({ workshopId: w.id, status: 'waitlisted', waitlistTicket: 2 });
  const cancelled = { ...w, status: 'cancelled' as const, sequence: w.sequence + 1 };
  const cancel = await cancelUrl(w, confirmed.id);
  const ics = (r: Registration, of: Workshop = w, isCancelled = false) => [calendarAttachment({ workshop: of, registration: r, cancelled: isCancelled })];
  const survey = await surveyUrl(w.id, confirmed.id, '2027-01-13T05:00:00Z');
  const expiresAt = new Date('2027-02-12T05:00:00Z');
  const reminder = async (offsetMinutes: number) =>
    reminderMail({ workshop: w, registration: confirmed, offsetMinutes, cancelUrl: cancel, calendarUrl: await calendarUrl(w, confirmed.id) });
  return [
    { name: 'confirmation', mail: confirmationMail({ workshop: w, registration: confirmed, cancelUrl: cancel, via: 'registration' }), attachments: ics(confirmed) },
    { name: 'confirmation from the waitlist', mail: confirmationMail({ workshop: w, registration: confirmed, cancelUrl: cancel, via: 'waitlist' }), attachments: ics(confirmed) },
    { name: 'waitlisted', mail: waitlistedMail({ workshop: w, position: 2, cancelUrl: cancel }), attachments: [] },
    { name: 'already registered (a place)', mail: alreadyRegisteredMail({ workshop: w, registration: confirmed, cancelUrl: cancel }), attachments: ics(confirmed) },
    { name: 'already registered (waitlisted)', mail: alreadyRegisteredMail({ workshop: w, registration: waitlisted, position: 2, cancelUrl: cancel }), attachments: [] },
    { name: 'registration cancelled', mail: registrationCancelledMail({ workshop: w }), attachments: [] },
    { name: 'workshop changed (a place)', mail: workshopChangedMail({ workshop: w, registration: confirmed, cancelUrl: cancel, changed: ['time', 'place'] }), attachments: ics(confirmed) },
    { name: 'workshop changed (waitlisted)', mail: workshopChangedMail({ workshop: w, registration: waitlisted, cancelUrl: cancel, changed: ['time'] }), attachments: [] },
    { name: 'workshop cancelled', mail: workshopCancelledMail({ workshop: cancelled, message: 'The grief circle room is closed tonight.' }), attachments: ics(confirmed, cancelled, true) },
    { name: 'organizer message', mail: organizerMessageMail({ workshop: w, subject: 'Tonight at the grief circle', text: 'We meet in the usual room.' }), attachments: [] },
    { name: 'reminder (24 hours)', mail: await reminder(1440), attachments: [] },
    { name: 'reminder (1 hour)', mail: await reminder(60), attachments: [] },
    { name: 'survey invitation', mail: surveyMail({ workshop: w, url: survey, expiresAt, kind: 'invitation' }), attachments: [] },
    { name: 'survey reminder', mail: surveyMail({ workshop: w, url: survey, expiresAt, kind: 'reminder' }), attachments: [] },
  ];
};

/** Every calendar file of a workshop, as the mails attach them (rendered inside the test, once the environment is set). */
const calendarFiles = ['a place', 'waitlisted', 'registration cancelled', 'workshop cancelled', 'online only'] as const;
const everyCalendarFile = (w: Workshop) => {
  const confirmed = registration({ workshopId: w.id });
  const cancelledWorkshop = { ...w, status: 'cancelled' as const };
  return [
    { name: 'a place', file: calendarAttachment({ workshop: w, registration: confirmed, cancelled: false }) },
    { name: 'waitlisted', file: calendarAttachment({ workshop: w, registration: registration({ status: 'waitlisted' }), cancelled: false }) },
    { name: 'registration cancelled', file: calendarAttachment({ workshop: w, registration: registration({ status: 'cancelled' }), cancelled: true }) },
    { name: 'workshop cancelled', file: calendarAttachment({ workshop: cancelledWorkshop, registration: confirmed, cancelled: true }) },
    { name: 'online only', file: calendarAttachment({ workshop: { ...w, location: undefined }, registration: confirmed, cancelled: false }) },
  ];
};

const preheader = (html: string) => /<div style="display:none[^"]*" aria-hidden="true">([^<]*)<\/div>/.exec(html)?.[1] ?? '';
const urlsIn = (mail: MailContent): string[] => [
  ...[...mail.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!),
  ...(mail.text.match(/https?:\/\/\S+/g) ?? []),
];
/** The .ics's content lines, unfolded (RFC 5545 3.1). */
const icsLines = (content: string) => content.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter(Boolean);
/** The From header sendMail gives SES for this mail. */
const senderOf = (mail: MailContent) => mail.from ?? config.mailFrom;

const modes = [
  { how: 'the organisation’s HEARTH_DISCREET_MODE=on', env: 'on', discreet: false },
  { how: 'the workshop’s discreet: true', env: undefined, discreet: true },
] as const;

const mailFrom = 'Grief Support Network <hello@example.org>';

describe.each(modes)('discreet mode, from $how', ({ env, discreet }) => {
  beforeEach(() => {
    process.env.MAIL_FROM = mailFrom;
    if (env) process.env.HEARTH_DISCREET_MODE = env;
  });
  afterEach(() => {
    delete process.env.MAIL_FROM;
    delete process.env.HEARTH_DISCREET_MODE;
  });
  const subject = discreetWorkshop({ discreet });

  it('every workshop mail keeps the topic out of its sender, subject, preview, URLs and attachments; the body names the workshop', async () => {
    const rendered = await everyWorkshopMail(subject);
    expect(rendered).toHaveLength(14);
    for (const { name, mail, attachments } of rendered) {
      expect(mail.subject, name).not.toMatch(topical);
      expect(senderOf(mail), name).toBe('"Hearth" <hello@example.org>');
      expect(preheader(mail.html), name).not.toMatch(topical);
      expect(preheader(mail.html).length, name).toBeGreaterThan(10);
      expect(mail.text.slice(0, 120), name).not.toMatch(topical);
      expect(mail.html, name).toContain(`<title>${mail.subject}</title>`);
      for (const url of urlsIn(mail)) expect(url, name).not.toMatch(topical);
      for (const attachment of attachments) {
        expect(attachment.fileName, name).not.toMatch(topical);
        for (const line of icsLines(attachment.content)) expect(line, name).not.toMatch(topical);
      }
      // For the person who opens it: what the session is, and the crisis resources.
      expect(mail.text, name).toContain(`Workshop: ${title}`);
      expect(mail.html, name).toContain(title);
      expect(mail.text, name).toContain(`${testCrisisLine.name}: ${testCrisisLine.contact}`);
      expect(mail.html, name).toContain(testCrisisLine.name);
    }
  });

  it('subjects name the session’s date in the workshop’s zone, and say what happened', async () => {
    const subjects = Object.fromEntries((await everyWorkshopMail(subject)).map(({ name, mail }) => [name, mail.subject]));
    const on = 'Tuesday, January 12, 2027';
    expect(subjects).toEqual({
      confirmation: `Your session on ${on} is confirmed`,
      'confirmation from the waitlist': `Your session on ${on} is confirmed`,
      waitlisted: `Your session on ${on}: you are on the waitlist`,
      'already registered (a place)': `Your session on ${on}: you already have a place`,
      'already registered (waitlisted)': `Your session on ${on}: you are already on the waitlist`,
      'registration cancelled': `Your session on ${on}: your registration is cancelled`,
      'workshop changed (a place)': `Your session on ${on}: the details have changed`,
      'workshop changed (waitlisted)': `Your session on ${on}: the details have changed`,
      'workshop cancelled': `Your session on ${on} is cancelled`,
      'organizer message': `A message about your session on ${on}`,
      'reminder (24 hours)': `Reminder: your session on ${on} starts in 24 hours`,
      'reminder (1 hour)': `Reminder: your session on ${on} starts in 1 hour`,
      'survey invitation': `How was your session on ${on}?`,
      'survey reminder': `A reminder: how was your session on ${on}?`,
    });
  });

  it('an organizer’s own subject, which may name the group, opens the message inside', async () => {
    const message = (await everyWorkshopMail(subject)).find(({ name }) => name === 'organizer message')!.mail;
    expect(message.text).toContain('Their subject: Tonight at the grief circle');
    expect(message.html).toContain('Tonight at the grief circle');
  });

  it.each(calendarFiles)('the calendar file (%s) is an "Appointment" with no description and no topic on any line', (which) => {
    const { file } = everyCalendarFile(subject).find(({ name }) => name === which)!;
    expect(file.fileName).toBe('invite.ics');
    for (const line of icsLines(file.content)) expect(line).not.toMatch(topical);
    const calendar = new ICAL.Component(ICAL.parse(file.content));
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe('Appointment');
    expect(vevent.hasProperty('description')).toBe(false);
    expect(calendar.getFirstPropertyValue('prodid')).not.toMatch(topical);
    expect(String(vevent.getFirstProperty('organizer')?.getParameter('cn'))).toBe('Hearth');
  });

  it('keeps the join details in the calendar file of a place: the time, the address, the online link', () => {
    const [place, , , , online] = everyCalendarFile(subject);
    const event = new ICAL.Component(ICAL.parse(place!.file.content)).getFirstSubcomponent('vevent')!;
    expect((event.getFirstPropertyValue('dtstart') as unknown as ICAL.Time).toJSDate().toISOString()).toBe('2027-01-13T02:00:00.000Z');
    expect(event.getFirstPropertyValue('location')).toBe('12 Elm Street, Room 3');
    expect(event.getFirstPropertyValue('url')).toBe('https://meet.example.org/room-secret-42');
    // No address: the online link is the location, for calendars that do not show URL.
    const onlineOnly = new ICAL.Component(ICAL.parse(online!.file.content)).getFirstSubcomponent('vevent')!;
    expect(onlineOnly.getFirstPropertyValue('location')).toBe('https://meet.example.org/room-secret-42');
  });

  it('the "Add to calendar" download is named neutrally too', () => {
    const download = calendarDownload(calendarFile({ workshop: subject, registration: registration(), cancelled: false }));
    expect(download.headers?.['content-disposition']).toBe('attachment; filename="invite.ics"');
    for (const line of icsLines(String(download.body))) expect(line).not.toMatch(topical);
  });
});

describe('not discreet (the same checks would catch a topical sender or calendar)', () => {
  beforeEach(() => {
    process.env.MAIL_FROM = mailFrom;
  });
  afterEach(() => {
    delete process.env.MAIL_FROM;
  });

  it('keeps MAIL_FROM, the subjects without a date, and the organisation’s name and the description in the .ics', async () => {
    const w = discreetWorkshop({ discreet: false });
    const rendered = await everyWorkshopMail(w);
    for (const { name, mail } of rendered) expect(senderOf(mail), name).toBe(mailFrom);
    expect(rendered[0]!.mail.subject).toBe('Your place is confirmed');
    expect(rendered.find(({ name }) => name === 'organizer message')!.mail.subject).toBe('Tonight at the grief circle');
    const ics = calendarFile({ workshop: w, registration: registration(), cancelled: false });
    expect(ics).toMatch(/SUMMARY:Grief Support Network session/);
    expect(ics).toMatch(/DESCRIPTION:Join online/);
  });
});

describe('HEARTH_DISCREET_MODE and HEARTH_DISCREET_NAME', () => {
  afterEach(() => {
    delete process.env.HEARTH_DISCREET_MODE;
    delete process.env.HEARTH_DISCREET_NAME;
  });

  it('is on or off (off when unset); anything else is refused loudly', () => {
    expect(config.discreetMode).toBe(false);
    for (const [value, on] of [['on', true], ['ON', true], ['off', false], ['', false]] as const) {
      process.env.HEARTH_DISCREET_MODE = value;
      expect(config.discreetMode, value).toBe(on);
    }
    process.env.HEARTH_DISCREET_MODE = 'yes';
    expect(() => config.discreetMode).toThrow(/HEARTH_DISCREET_MODE must be on or off/);
  });

  it('sends discreet mail under the configured neutral name, quoted, or encoded when it is not ASCII', () => {
    process.env.HEARTH_DISCREET_MODE = 'on';
    process.env.HEARTH_DISCREET_NAME = 'Appointments "Desk"';
    expect(senderOf(registrationCancelledMail({ workshop: discreetWorkshop() }))).toBe('"Appointments Desk" <no-reply@hearth.localhost>');
    process.env.HEARTH_DISCREET_NAME = 'Rendez-vous à Paris';
    expect(senderOf(registrationCancelledMail({ workshop: discreetWorkshop() }))).toBe(
      `=?UTF-8?B?${Buffer.from('Rendez-vous à Paris').toString('base64')}?= <no-reply@hearth.localhost>`,
    );
  });
});

describe('the discreet field in the API’s schema and the console’s form', () => {
  it('is false unless given, and must be a boolean', () => {
    expect(NewWorkshop.parse(newWorkshopInput).discreet).toBe(false);
    expect(NewWorkshop.parse({ ...newWorkshopInput, discreet: true }).discreet).toBe(true);
    expect(NewWorkshop.safeParse({ ...newWorkshopInput, discreet: 'on' }).success).toBe(false);
  });

  it('a ticked box makes a discreet workshop; the edit form shows it ticked, and unticking it is the one change', () => {
    expect(readNewWorkshop(filledWorkshopForm({ discreet: 'true' }))).toMatchObject({ ok: true, value: { discreet: true } });
    expect(readNewWorkshop(filledWorkshopForm())).toMatchObject({ ok: true, value: { discreet: false } });
    const current = workshop({ discreet: true, startsAt: '2030-01-15T23:00:00.000Z', endsAt: '2030-01-16T00:30:00.000Z' });
    const values = workshopFormValues(current);
    expect(values.discreet).toBe('true');
    expect(readWorkshopChanges(values, current)).toEqual({ ok: true, value: undefined });
    expect(readWorkshopChanges({ ...values, discreet: undefined }, current)).toEqual({ ok: true, value: { discreet: false } });
    const html = workshopFormPage({ organizer: { email: 'sam@example.org', role: 'organizer' }, csrfToken: 'c', workshop: current }).body!;
    expect(byId(html, 'discreet').attrs).toMatchObject({ type: 'checkbox', name: 'discreet', value: 'true', checked: '' });
    const plain = workshopFormPage({ organizer: { email: 'sam@example.org', role: 'organizer' }, csrfToken: 'c', workshop: { ...current, discreet: false } }).body!;
    expect(byId(plain, 'discreet').attrs.checked).toBeUndefined();
  });
});
