import type { HttpResult } from '../../http/response';
import type { PublicWorkshop } from '../../workshops/model';
import { availabilityLabel, formatLabel } from '../labels';
import { renderPage } from '../../ui/page';
import { formatWhen } from '../../kernel/zoned-time';
import { workshopPath } from '../../workshops/links';

/**
 * The public list of upcoming workshops. The caller decides which are upcoming; cancelled ones are
 * left out here too; shown soonest first.
 */
export const WorkshopList = ({ workshops }: { workshops: PublicWorkshop[] }) => {
  const sorted = workshops.filter((workshop) => !workshop.cancelled).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return (
    <>
      <h1>Upcoming workshops</h1>
      <p>
        To take part, choose a workshop and register with your email address. We use it only to send you the details
        of that workshop.
      </p>
      {sorted.length === 0 ? (
        <p class="notice">There are no upcoming workshops right now. Please check again later.</p>
      ) : (
        <ul class="workshop-list">
          {sorted.map((workshop) => (
            <li>
              <h2>
                <a href={workshopPath(workshop.id)}>{workshop.title}</a>
              </h2>
              <p>{formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}</p>
              <p>{formatLabel(workshop.format)}</p>
              <p class="status">{availabilityLabel(workshop)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};

export const workshopListPage = (workshops: PublicWorkshop[]): HttpResult =>
  renderPage({ title: 'Upcoming workshops', children: <WorkshopList workshops={workshops} /> });
