import { type Registration, type Workshop, cancelLinkNote, isDiscreet, PlaceHtml, placeText, sessionDate } from '../../workshops/port';
import { describeOffset } from '../offsets';
import { formatWhen } from '../../kernel/zoned-time';
import { Detail, MailLink, renderDetailsMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface ReminderMailInput {
  workshop: Workshop;
  registration: Registration;
  /** The reminder's offset before the start, in minutes (e.g. 1440: "starts in 24 hours"). */
  offsetMinutes: number;
  cancelUrl: string;
  calendarUrl: string;
}

/**
 * "Your session starts in 24 hours": when, in the workshop's zone with the zone's full name and its
 * IANA id (someone travelling can tell which clock is meant, also on the days clocks change), how to
 * join, and two actions: add it to a calendar, or give the place back ("I can't make it", the cancel
 * flow, which offers the place to the waitlist at once). Only for confirmed registrants, so the join
 * link and the address are always included. The subject and preview name no workshop and no topic;
 * a discreet workshop's subject names its date instead, and it goes out under the neutral sender.
 */
export const reminderWhen = (workshop: Pick<Workshop, 'startsAt' | 'endsAt' | 'timezone'>): string =>
  `${formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)} (${workshop.timezone})`;

export const reminderSubject = (offsetMinutes: number, workshop?: Pick<Workshop, 'discreet' | 'startsAt' | 'timezone'>): string =>
  workshop && isDiscreet(workshop)
    ? `Reminder: your session on ${sessionDate(workshop)} starts in ${describeOffset(offsetMinutes)}`
    : `Reminder: your session starts in ${describeOffset(offsetMinutes)}`;

export const reminderMail = ({ workshop, offsetMinutes, cancelUrl, calendarUrl }: ReminderMailInput): MailContent => {
  const subject = reminderSubject(offsetMinutes, workshop);
  const heading = `Your session starts in ${describeOffset(offsetMinutes)}`;
  const lead = 'This is a reminder of a session you have a place in. Here are the details.';
  const when = reminderWhen(workshop);
  const calendarNote = 'The link downloads a calendar file for this session. Open it to add the session to your calendar.';
  const cancelLead = "Can't make it?";
  const cancelNote = `${cancelLinkNote} If you cancel, your place goes to the next person on the waitlist.`;
  return renderDetailsMail({
    subject,
    heading,
    discreet: isDiscreet(workshop),
    lead,
    text: [
      [`When: ${when}`, `Workshop: ${workshop.title}`].join('\n'),
      placeText(workshop),
      `Add to calendar: ${calendarUrl}\n${calendarNote}`,
      `I can't make it: ${cancelUrl}\n${cancelNote}`,
    ],
    children: (
      <>
        <Detail label="When">{when}</Detail>
        <Detail label="Workshop">{workshop.title}</Detail>
        <PlaceHtml workshop={workshop} />
        <h2 style={mailStyle.subheading}>Add to calendar</h2>
        <p style={mailStyle.paragraph}>
          <MailLink href={calendarUrl}>Add to calendar</MailLink>
        </p>
        <p style={mailStyle.paragraph}>{calendarNote}</p>
        <h2 style={mailStyle.subheading}>{cancelLead}</h2>
        <p style={mailStyle.paragraph}>
          <MailLink href={cancelUrl}>I can't make it</MailLink>
        </p>
        <p style={mailStyle.paragraph}>{cancelNote}</p>
      </>
    ),
  });
};
