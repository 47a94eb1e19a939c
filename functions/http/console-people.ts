import { consoleChange, consoleRead } from '../../shared/console/http';
import type { OrganizerRole } from '../../shared/console/organizer-store';
import { httpHandler } from '../../shared/http/handler';
import { jsonDownload } from '../../shared/http/response';
import { erasePerson } from '../../shared/people/erase';
import { MyDataEmail } from '../../shared/people/model';
import { exportPersonData } from '../../shared/people/my-data';
import { routes } from '../../shared/routes';
import { confirmErasurePage, peoplePage } from '../../shared/web/console/people';
import { errorPage } from '../../shared/web/pages/error';

/**
 * The admins' "People's data" page (shared/web/console/people.tsx): export and erase by address,
 * for requests made by phone or letter. Admins only; every POST passes the console's form gate
 * (Origin, session, role, CSRF) first. Both are audited by the admin's organizer id.
 */
const ADMIN: OrganizerRole[] = ['admin'];

export const handler = httpHandler(
  routes.consolePeople,
  {
    page: async (event) => {
      const { current } = await consoleRead(event, ADMIN);
      return peoplePage({ organizer: current.organizer, csrfToken: current.session.csrf });
    },

    export: async (event) => {
      const { at, current, form } = await consoleChange(event, undefined, ADMIN);
      const email = MyDataEmail.safeParse(form.email ?? '');
      if (!email.success) return peoplePage({ organizer: current.organizer, csrfToken: current.session.csrf, email: form.email, error: email.error.issues[0]?.message });
      return jsonDownload('person-data.json', await exportPersonData(email.data, current.organizer.id, at));
    },

    erase: async (event) => {
      const { at, current, form } = await consoleChange(event, undefined, ADMIN);
      const page = { organizer: current.organizer, csrfToken: current.session.csrf };
      const email = MyDataEmail.safeParse(form.email ?? '');
      if (!email.success) return peoplePage({ ...page, email: form.email, error: email.error.issues[0]?.message });
      if (form.confirm !== 'yes') return confirmErasurePage({ ...page, email: email.data });
      return peoplePage({ ...page, erased: await erasePerson(email.data, current.organizer.id, at) });
    },
  },
  { errorPage },
);
