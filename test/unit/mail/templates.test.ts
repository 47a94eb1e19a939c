import { describe, expect, it } from 'vitest';
import { alreadyRegisteredMail } from '../../../shared/workshops/mails/already-registered';
import { confirmationMail } from '../../../shared/workshops/mails/confirmation';
import type { MailContent } from '../../../shared/ui/mail/layout';
import { registrationCancelledMail } from '../../../shared/workshops/mails/registration-cancelled';
import { waitlistedMail } from '../../../shared/workshops/mails/waitlisted';
import { workshopCancelledMail } from '../../../shared/workshops/mails/workshop-cancelled';
import { workshopChangedMail } from '../../../shared/workshops/mails/workshop-changed';
import { organizerMessageMail } from '../../../shared/workshops/mails/organizer-message';
import { organizerInvitationMail, signInMail } from '../../../shared/console/mails/sign-in';
import { reminderMail } from '../../../shared/reminders/mails/reminder';
import { surveyMail } from '../../../shared/surveys/mails/survey';
import { hostileTitle, registration, renderEnvironment, testCrisisLine, workshop } from '../web/fixtures';
import { text } from '../web/html';

const cancelUrl = 'https://hearth.example.org/registrations/cancel?token=abc.def&x=1';
const joinUrl = 'https://meet.example.org/room-secret-42';
const address = '12 Elm Street, Room 3';
const calendarUrl = 'https://hearth.example.org/registrations/calendar?token=cal.abc';
const surveyUrl = 'https://hearth.example.org/survey?token=srv.abc';

renderEnvironment({
  crisis: [testCrisisLine, { name: 'Walk-in Centre', contact: 'Open every day' }],
  baseUrl: 'https://hearth.example.org',
});

/** Every template, rendered inside the test (after the environment is set). */
const everyMail = (title = 'Grief circle'): [string, () => MailContent][] => {
  const w = workshop({ title, onlineUrl: joinUrl, location: address });
  return [
    ['confirmation', () => confirmationMail({ workshop: w, registration: registration(), cancelUrl, via: 'registration' })],
    ['confirmation from the waitlist', () => confirmationMail({ workshop: w, registration: registration(), cancelUrl, via: 'waitlist' })],
    ['waitlisted', () => waitlistedMail({ workshop: w, position: 4, cancelUrl })],
    ['already registered (a place)', () => alreadyRegisteredMail({ workshop: w, registration: registration(), cancelUrl })],
    ['already registered (waitlisted)', () => alreadyRegisteredMail({ workshop: w, registration: registration({ status: 'waitlisted' }), position: 3, cancelUrl })],
    ['registration cancelled', () => registrationCancelledMail({ workshop: w })],
    ['workshop changed (confirmed)', () => workshopChangedMail({ workshop: w, registration: registration(), cancelUrl, changed: ['time'] })],
    ['workshop changed (waitlisted)', () => workshopChangedMail({ workshop: w, registration: registration({ status: 'waitlisted' }), cancelUrl, changed: ['time', 'place'] })],
    ['workshop cancelled', () => workshopCancelledMail({ workshop: w, message: 'The room is closed.' })],
    ['reminder (24 hours)', () => reminderMail({ workshop: w, registration: registration(), offsetMinutes: 1440, cancelUrl, calendarUrl })],
    ['reminder (1 hour)', () => reminderMail({ workshop: w, registration: registration(), offsetMinutes: 60, cancelUrl, calendarUrl })],
    ['survey invitation', () => surveyMail({ workshop: w, url: surveyUrl, expiresAt: new Date('2027-01-01T00:00:00Z'), kind: 'invitation' })],
    ['survey reminder', () => surveyMail({ workshop: w, url: surveyUrl, expiresAt: new Date('2027-01-01T00:00:00Z'), kind: 'reminder' })],
  ];
};

/** The mails that are not about one registration: they share the footer and document rules. */
const otherMails = (title = 'Grief circle'): [string, () => MailContent][] => [
  ['organizer message', () => organizerMessageMail({ workshop: workshop({ title }), subject: 'A note for tonight', text: 'We meet in the usual room.' })],
  ['sign-in link', () => signInMail({ url: 'https://hearth.example.org/console/sign-in/confirm?token=abc' })],
  ['organizer invitation', () => organizerInvitationMail({ url: 'https://hearth.example.org/console/sign-in', role: 'organizer' })],
];

const preheader = (html: string) => /<div style="display:none[^"]*" aria-hidden="true">([^<]*)<\/div>/.exec(html)?.[1] ?? '';
const htmlBody = (html: string) => html.slice(html.indexOf('role="article"'));

describe('every mail', () => {
  it.each([...everyMail(), ...otherMails()])('%s ends with the crisis resources and "not crisis care", in text and HTML', (_name, render) => {
    const mail = render();
    const footerText = [
      'Need help now?',
      'Peer support is not crisis care and is not a substitute for professional help. If you are in crisis or might be in danger, contact:',
      '- Test Crisis Line: Call 000-TEST (https://crisis.example.org/help)',
      '- Walk-in Centre: Open every day',
    ].join('\n');
    expect(mail.text.trimEnd().endsWith(footerText)).toBe(true);

    const html = text(mail.html);
    expect(html.endsWith('Need help now? Peer support is not crisis care and is not a substitute for professional help. If you are in crisis or might be in danger, contact: Test Crisis Line: Call 000-TEST Walk-in Centre: Open every day')).toBe(true);
    expect(mail.html).toContain('<a href="https://crisis.example.org/help"');
  });

  it.each(everyMail())('%s has a neutral subject and preview: no workshop title, no topic words', (_name, render) => {
    const mail = render();
    expect([
      'Your place is confirmed',
      'You are on the waitlist',
      'You already have a place',
      'You are already on the waitlist',
      'Your registration is cancelled',
      'A session you registered for has changed',
      'A session you registered for is cancelled',
      'Reminder: your session starts in 24 hours',
      'Reminder: your session starts in 1 hour',
      'How was your session?',
      'A reminder: how was your session?',
    ]).toContain(mail.subject);
    expect(mail.subject).not.toMatch(/grief|circle|workshop|support|mental|therapy/i);
    const preview = preheader(mail.html);
    expect(preview.length).toBeGreaterThan(10);
    expect(preview).not.toMatch(/grief|circle/i);
    // Clients that preview the text part show its first line or so.
    expect(mail.text.slice(0, 120)).not.toMatch(/grief|circle/i);
  });

  it.each([...everyMail(), ...otherMails()])('%s is an accessible HTML document: lang, title, one h1, real links', (_name, render) => {
    const mail = render();
    expect(mail.html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(mail.html).toContain(`<title>${mail.subject}</title>`);
    expect(htmlBody(mail.html).match(/<h1\b/g)).toHaveLength(1);
    expect(mail.html).not.toMatch(/<script/i);
    for (const href of mail.html.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^https?:\/\//);
  });

  it.each(otherMails())('%s keeps the workshop title out of its subject, preview and opening line', (_name, render) => {
    const mail = render();
    expect(mail.subject).not.toMatch(/grief|circle/i);
    expect(preheader(mail.html)).not.toMatch(/grief|circle/i);
    expect(mail.text.slice(0, 120)).not.toMatch(/grief|circle/i);
  });

  it.each(everyMail(hostileTitle))('%s escapes a hostile workshop title in HTML', (_name, render) => {
    const mail = render();
    expect(mail.html).not.toContain('<script>alert(1)</script>');
    expect(mail.html).toContain('&lt;script>alert(1)&lt;/script> &quot;quoted&quot; &amp; more');
    expect(mail.subject).not.toContain('script');
    expect(mail.text).toContain(`Workshop: ${hostileTitle}`);
  });
});

describe('confirmation', () => {
  it('has the time with zone name, join link, address, facilitator, calendar note and cancel link', () => {
    const mail = confirmationMail({ workshop: workshop({ onlineUrl: joinUrl, location: address }), registration: registration(), cancelUrl, via: 'registration' });
    for (const body of [mail.text, text(mail.html)]) {
      expect(body).toContain('Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time');
      expect(body).toContain(joinUrl);
      expect(body).toContain(address);
      expect(body).toContain('Facilitator: Sam');
      expect(body).toContain('A calendar file is attached');
      expect(body).toContain('The link opens a page with a button. Nothing changes until you press it.');
    }
    expect(mail.text).toContain(`Can't make it? Cancel here: ${cancelUrl}`);
    expect(mail.html).toContain(`<a href="${joinUrl}"`);
    expect(mail.html).toContain(`<a href="${cancelUrl.replace('&', '&amp;')}" style="color:#0b57a4;text-decoration:underline;">Cancel my registration</a>`);
    expect(mail.html).not.toContain('person@example.org');
    expect(mail.text).not.toContain('person@example.org');
  });

  it('says a place opened up when it came from the waitlist', () => {
    const fromWaitlist = confirmationMail({ workshop: workshop(), registration: registration(), cancelUrl, via: 'waitlist' });
    expect(text(fromWaitlist.html)).toContain('A place opened up for you');
    expect(fromWaitlist.text).toMatch(/A place opened up/);
    const direct = confirmationMail({ workshop: workshop(), registration: registration(), cancelUrl, via: 'registration' });
    expect(direct.text).not.toMatch(/opened up/);
  });

  it('leaves the join link and address out if the registration is not confirmed', () => {
    const mail = confirmationMail({ workshop: workshop({ onlineUrl: joinUrl, location: address }), registration: registration({ status: 'waitlisted' }), cancelUrl, via: 'registration' });
    expect(mail.text + mail.html).not.toContain('room-secret-42');
    expect(mail.text + mail.html).not.toContain('12 Elm Street');
  });

  it('shows only what the session has: online-only has no address line', () => {
    const mail = confirmationMail({ workshop: workshop({ onlineUrl: joinUrl, location: undefined, facilitator: undefined }), registration: registration(), cancelUrl, via: 'registration' });
    expect(mail.text).toContain(`Join online: ${joinUrl}`);
    expect(mail.text).not.toMatch(/Where:|in person at:|Facilitator:/);
  });
});

describe('waitlisted', () => {
  it('gives the position, the promise and how to leave, but no join link or address', () => {
    const mail = waitlistedMail({ workshop: workshop({ onlineUrl: joinUrl, location: address }), position: 4, cancelUrl });
    for (const body of [mail.text, text(mail.html)]) {
      expect(body).toContain('You are number 4 on the waitlist.');
      expect(body).toContain('If a place opens up, we email you at once');
      expect(body).not.toContain('room-secret-42');
      expect(body).not.toContain('meet.example.org');
      expect(body).not.toContain('12 Elm Street');
    }
    expect(mail.html).not.toContain('room-secret-42');
    expect(mail.text).toContain(`Want to leave the waitlist? Use this link: ${cancelUrl}`);
  });
});

describe('already registered', () => {
  it('with a place: nothing changed, the current time in the workshop zone, how to join and the cancel link', () => {
    const mail = alreadyRegisteredMail({ workshop: workshop({ onlineUrl: joinUrl, location: address }), registration: registration(), cancelUrl });
    expect(mail.subject).toBe('You already have a place');
    for (const body of [mail.text, text(mail.html)]) {
      expect(body).toContain('nothing has changed');
      expect(body).toContain('You already have a place.');
      expect(body).toContain('Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time');
      expect(body).toContain(joinUrl);
      expect(body).toContain(address);
      expect(body).toContain('A calendar file is attached');
      expect(body).toMatch(/If it was not you, you do not need to do anything/);
    }
    expect(mail.text).toContain(`Can't make it? Cancel here: ${cancelUrl}`);
    expect(mail.text + mail.html).not.toContain('person@example.org');
  });

  it('on the waitlist: the current position and how to leave, but no join link or address', () => {
    const mail = alreadyRegisteredMail({ workshop: workshop({ onlineUrl: joinUrl, location: address }), registration: registration({ status: 'waitlisted' }), position: 2, cancelUrl });
    expect(mail.subject).toBe('You are already on the waitlist');
    for (const body of [mail.text, text(mail.html)]) {
      expect(body).toContain('You are number 2 on the waitlist.');
      expect(body).not.toContain('room-secret-42');
      expect(body).not.toContain('12 Elm Street');
      expect(body).not.toContain('calendar file');
    }
    expect(mail.text).toContain(`Want to leave the waitlist? Use this link: ${cancelUrl}`);
  });
});

describe('workshop changed', () => {
  const changed = workshop({ startsAt: '2026-12-03T18:00:00-05:00', endsAt: '2026-12-03T19:00:00-05:00', onlineUrl: joinUrl, location: address, sequence: 2 });

  it('gives confirmed registrants the new time, place and an updated calendar file', () => {
    const mail = workshopChangedMail({ workshop: changed, registration: registration(), cancelUrl, changed: ['time', 'place'] });
    for (const body of [mail.text, text(mail.html)]) {
      expect(body).toContain('The time and the place of a session you registered for have changed.');
      expect(body).toContain('Thursday, December 3, 2026, 6:00 – 7:00 PM Eastern Standard Time');
      expect(body).toContain(joinUrl);
      expect(body).toContain(address);
      expect(body).toContain('An updated calendar file is attached.');
    }
  });

  it('gives waitlisted registrants the new time only', () => {
    const mail = workshopChangedMail({ workshop: changed, registration: registration({ status: 'waitlisted' }), cancelUrl, changed: ['place'] });
    for (const body of [mail.text, text(mail.html)]) {
      expect(body).toContain('The place of a session you registered for has changed.');
      expect(body).toContain('Thursday, December 3, 2026, 6:00 – 7:00 PM Eastern Standard Time');
      expect(body).toContain('You are still on the waitlist.');
      expect(body).not.toContain('calendar file');
    }
    expect(mail.text + mail.html).not.toContain('room-secret-42');
    expect(mail.text + mail.html).not.toContain('12 Elm Street');
  });
});

describe('cancellations', () => {
  it('registration cancelled names the session and how to register again', () => {
    const mail = registrationCancelledMail({ workshop: workshop() });
    expect(mail.text).toContain('Your registration for this session is cancelled.');
    expect(mail.text).toContain('Workshop: Grief circle');
    expect(mail.text).toContain('https://hearth.example.org/workshops/wk_123');
    expect(mail.text + mail.html).not.toContain('room-secret-42');
  });

  it('workshop cancelled shows the organizers message as escaped text with its line breaks', () => {
    const message = 'Sorry, the room is closed.\nWe will be back <soon> & "well".';
    const mail = workshopCancelledMail({ workshop: workshop({ onlineUrl: joinUrl, location: address }), message });
    expect(mail.text).toContain(`Message from the organizers:\n${message}`);
    expect(mail.html).toContain('white-space:pre-line;">Sorry, the room is closed.\nWe will be back &lt;soon> &amp; &quot;well&quot;.</p>');
    expect(mail.html).not.toMatch(/<br/i);
    expect(mail.html).not.toContain('<soon>');
    expect(mail.text + mail.html).not.toContain('room-secret-42');
    expect(mail.text + mail.html).not.toContain('12 Elm Street');
  });

  it('workshop cancelled falls back to the stored message, and shows none when there is none', () => {
    expect(workshopCancelledMail({ workshop: workshop({ cancellationMessage: 'Stored note' }) }).text).toContain('Message from the organizers:\nStored note');
    const silent = workshopCancelledMail({ workshop: workshop() });
    expect(silent.text).not.toContain('Message from the organizers');
    expect(silent.html).not.toContain('Message from the organizers');
  });
});
