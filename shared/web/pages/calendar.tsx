import type { HttpResult } from '../../http/response';
import type { PublicWorkshop } from '../../workshops/model';
import { renderPage } from '../../ui/page';
import { formatWhen } from '../../kernel/zoned-time';
import { workshopPath } from '../../workshops/links';

/**
 * "Add to calendar" from a reminder: the registration's calendar file as a download, or a page that
 * says plainly why there is none (the registration or the workshop was cancelled). A link that
 * cannot be read or has expired gets the same page as the cancel link (cancel.tsx).
 */

/** The file name every calendar file of Hearth has; it names no workshop. */
export const calendarDownloadName = 'invite.ics';

/** The .ics file as a download. Not cached: it follows reschedules. */
export const calendarDownload = (content: string): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `attachment; filename="${calendarDownloadName}"`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  },
  body: content,
});

export interface NoCalendarProps {
  workshop: PublicWorkshop;
  /** Why there is no calendar entry to add. */
  reason: 'registration-cancelled' | 'workshop-cancelled';
}

const headingFor = (reason: NoCalendarProps['reason']) =>
  reason === 'workshop-cancelled' ? 'This workshop is cancelled' : 'This registration is cancelled';

export const NoCalendar = ({ workshop, reason }: NoCalendarProps) => (
  <>
    <h1>{headingFor(reason)}</h1>
    <p>
      <strong>{workshop.title}</strong>
      <br />
      {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}
    </p>
    {reason === 'workshop-cancelled' ? (
      <p>The organizers cancelled this workshop, so there is nothing to add to your calendar. If it is there already, you can remove it.</p>
    ) : (
      <>
        <p>This registration was cancelled, so there is nothing to add to your calendar. If it is there already, you can remove it.</p>
        {workshop.cancelled ? null : (
          <p>
            Changed your mind? You can <a href={workshopPath(workshop.id)}>register again</a> while places or the waitlist are open.
          </p>
        )}
      </>
    )}
    <p>
      <a href="/">See all upcoming workshops</a>
    </p>
  </>
);

/** 410 Gone: the link was right, what it pointed to is no longer there. */
export const noCalendarPage = (props: NoCalendarProps): HttpResult =>
  renderPage({ title: headingFor(props.reason), status: 410, children: <NoCalendar {...props} /> });
