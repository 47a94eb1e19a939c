import type { HttpResult } from '../../http/response';
import type { Workshop, WorkshopStatus } from '../../workshops/model';
import { formatWhen } from '../../kernel/zoned-time';
import { consolePage, type ConsoleOrganizer } from './layout';

/**
 * The console's first page: the upcoming workshops (sorted by the handler), each with its time, its
 * status in words and how full it is. Fullness is a <meter> with the same numbers as text beside it,
 * so nothing depends on seeing the bar or its colour.
 */

export type DashboardWorkshop = Pick<
  Workshop,
  'id' | 'title' | 'startsAt' | 'endsAt' | 'timezone' | 'status' | 'capacity' | 'confirmedCount' | 'waitlistCount' | 'waitlist'
>;

export interface DashboardProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshops: DashboardWorkshop[];
}

export const consoleWorkshopPath = (id: string): string => `/console/workshops/${encodeURIComponent(id)}`;

export const statusLabel = (status: WorkshopStatus): string =>
  status === 'draft' ? 'Draft' : status === 'published' ? 'Published' : 'Cancelled';

/** What each status means, for organizers who are new to the words. */
export const statusNote = (status: WorkshopStatus): string =>
  status === 'draft' ? 'not on the public site yet' : status === 'published' ? 'on the public site' : 'taken off the public list';

/** "12 of 20 places taken" */
export const placesTakenLabel = (confirmed: number, capacity: number): string =>
  `${confirmed} of ${capacity} ${capacity === 1 ? 'place' : 'places'} taken`;

const WorkshopItem = ({ workshop, index }: { workshop: DashboardWorkshop; index: number }) => {
  const placesId = `places-${index}`;
  return (
    <li>
      <h2>
        <a href={consoleWorkshopPath(workshop.id)}>{workshop.title}</a>
      </h2>
      <dl class="facts">
        <dt>When</dt>
        <dd>{formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}</dd>
        <dt>Status</dt>
        <dd>
          <span class="status">{statusLabel(workshop.status)}</span> ({statusNote(workshop.status)})
        </dd>
        <dt>Places</dt>
        <dd>
          <div class="places">
            <meter min={0} max={workshop.capacity} value={workshop.confirmedCount} aria-labelledby={placesId}>
              {placesTakenLabel(workshop.confirmedCount, workshop.capacity)}
            </meter>
            <span id={placesId}>{placesTakenLabel(workshop.confirmedCount, workshop.capacity)}</span>
          </div>
          {workshop.waitlistCount > 0 ? (
            <div>{workshop.waitlistCount} on the waitlist</div>
          ) : !workshop.waitlist ? (
            <div>No waitlist</div>
          ) : null}
        </dd>
      </dl>
    </li>
  );
};

export const DashboardView = ({ workshops }: Pick<DashboardProps, 'workshops'>) => (
  <>
    <h1>Upcoming workshops</h1>
    <p>
      <a class="action-link" href="/console/workshops/new">
        New workshop
      </a>
    </p>
    {workshops.length === 0 ? (
      <p>There are no upcoming workshops yet. Use “New workshop” to add one.</p>
    ) : (
      <ul class="workshop-list">
        {workshops.map((workshop, index) => (
          <WorkshopItem workshop={workshop} index={index} />
        ))}
      </ul>
    )}
  </>
);

export const dashboardPage = ({ organizer, csrfToken, workshops }: DashboardProps): HttpResult =>
  consolePage({
    title: 'Upcoming workshops',
    organizer,
    csrfToken,
    current: '/console',
    children: <DashboardView workshops={workshops} />,
  });
