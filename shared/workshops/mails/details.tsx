import type { Workshop } from '../model';
import { formatWhen } from '../../kernel/zoned-time';
import { Detail, MailLink } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

/**
 * Pieces several mails share. The join link and the address are private: only the templates for
 * registrants with a place use `placeText` / `PlaceHtml`.
 */

export const when = (workshop: Workshop): string => formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone);

/**
 * "When" comes before the title: some clients preview the first ~120 characters of the text part,
 * and the title (which may name the topic) should not be among them.
 */
export const workshopText = (workshop: Workshop): string =>
  [`When: ${when(workshop)}`, `Workshop: ${workshop.title}`].join('\n');

export const WorkshopHtml = ({ workshop }: { workshop: Workshop }) => (
  <>
    <Detail label="When">{when(workshop)}</Detail>
    <Detail label="Workshop">{workshop.title}</Detail>
  </>
);

const inPersonLabel = (workshop: Workshop) => (workshop.onlineUrl ? 'Or in person at' : 'Where');

/** Join link, address and facilitator: for confirmed registrants only. */
export const placeText = (workshop: Workshop): string =>
  [
    workshop.onlineUrl && `Join online: ${workshop.onlineUrl}`,
    workshop.location && `${inPersonLabel(workshop)}: ${workshop.location}`,
    workshop.facilitator && `Facilitator: ${workshop.facilitator}`,
  ]
    .filter(Boolean)
    .join('\n');

export const PlaceHtml = ({ workshop }: { workshop: Workshop }) => (
  <>
    {workshop.onlineUrl ? (
      <Detail label="Join online">
        <MailLink href={workshop.onlineUrl} />
      </Detail>
    ) : null}
    {workshop.location ? (
      <Detail label={inPersonLabel(workshop)} preLine>
        {workshop.location}
      </Detail>
    ) : null}
    {workshop.facilitator ? <Detail label="Facilitator">{workshop.facilitator}</Detail> : null}
  </>
);

export const cancelLinkNote = 'The link opens a page with a button. Nothing changes until you press it.';

export const CancelHtml = ({ lead, linkText, cancelUrl }: { lead: string; linkText: string; cancelUrl: string }) => (
  <>
    <h2 style={mailStyle.subheading}>{lead}</h2>
    <p style={mailStyle.paragraph}>
      <MailLink href={cancelUrl}>{linkText}</MailLink>
    </p>
    <p style={mailStyle.paragraph}>{cancelLinkNote}</p>
  </>
);
