import { formatWhen } from '../../kernel/zoned-time';
import type { Workshop } from '../../workshops/model';

/** The workshop a link-page is about, in one paragraph: its title, and when in its own zone. */
export const WorkshopLine = ({ workshop }: { workshop: Pick<Workshop, 'title' | 'startsAt' | 'endsAt' | 'timezone'> }) => (
  <p>
    <strong>{workshop.title}</strong>
    <br />
    {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}
  </p>
);
