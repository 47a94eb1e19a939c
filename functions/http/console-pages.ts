import { now } from '../../shared/clock';
import { requireConsole } from '../../shared/console/http';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { listWorkshops } from '../../shared/workshops/workshops';
import { dashboardPage } from '../../shared/web/console/dashboard';
import { errorPage } from '../../shared/web/pages/error';

export const handler = httpHandler(
  routes.consolePages,
  {
    /** Upcoming workshops, soonest first, with how full they are. */
    dashboard: async (event) => {
      const at = now();
      const { organizer, session } = await requireConsole(event, at);
      const workshops = (await listWorkshops()).filter((workshop) => Date.parse(workshop.endsAt) > at.getTime());
      return dashboardPage({ organizer, csrfToken: session.csrf, workshops });
    },
  },
  { errorPage },
);
