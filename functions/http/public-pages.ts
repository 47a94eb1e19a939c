import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { pathParam, queryParam } from '../../shared/http/request';
import { calendarFile } from '../../shared/workshops/calendar';
import { formStamp } from '../../shared/workshops/form-guard';
import { readCalendarToken, readCancelToken } from '../../shared/workshops/links';
import { toPublicWorkshop } from '../../shared/workshops/model';
import { RegistrationStore } from '../../shared/workshops/registration-store';
import { getVisibleWorkshop, listUpcoming } from '../../shared/workshops/workshops';
import { inventory } from '../../shared/inventory';
import { accessibilityPage } from '../../shared/web/pages/accessibility';
import { calendarDownload, noCalendarPage } from '../../shared/web/pages/calendar';
import { cancelConfirmPage, cancelDonePage, linkProblemPage } from '../../shared/web/pages/cancel';
import { errorPage } from '../../shared/web/pages/error';
import { privacyPage } from '../../shared/web/pages/privacy';
import { workshopPage } from '../../shared/web/pages/workshop';
import { workshopListPage } from '../../shared/web/pages/workshop-list';

export const handler = httpHandler(
  routes.publicPages,
  {
    home: async () => workshopListPage((await listUpcoming(now())).map(toPublicWorkshop)),
    workshop: async (event) => {
      const workshop = await getVisibleWorkshop(pathParam(event, 'id'));
      return workshopPage({ workshop: toPublicWorkshop(workshop), formStamp: await formStamp(workshop.id, now()) });
    },
    accessibility: async () => accessibilityPage(),
    privacy: async () => privacyPage(inventory),

    /** Shows what the link would do, with one button. A GET never cancels: mail scanners prefetch links. */
    cancel: async (event) => {
      const raw = queryParam(event, 'token');
      const token = await readCancelToken(raw, now());
      if (!token.ok) return linkProblemPage({ reason: token.reason });
      const registration = await RegistrationStore.get(token.workshopId, token.registrationId);
      if (!registration) return linkProblemPage({ reason: 'invalid' });
      const workshop = toPublicWorkshop(await getVisibleWorkshop(token.workshopId));
      if (registration.status === 'cancelled') return cancelDonePage({ workshop, alreadyCancelled: true });
      return cancelConfirmPage({ workshop, token: raw ?? '', status: registration.status });
    },

    /**
     * "Add to calendar" in a reminder: the registration's .ics (the same UID as the files in its
     * mails, so a later update replaces the entry). Reading only: a prefetch changes nothing.
     */
    calendar: async (event) => {
      const at = now();
      const token = await readCalendarToken(queryParam(event, 'token'), at);
      if (!token.ok) return linkProblemPage({ reason: token.reason });
      const registration = await RegistrationStore.get(token.workshopId, token.registrationId);
      if (!registration) return linkProblemPage({ reason: 'invalid' });
      const workshop = await getVisibleWorkshop(token.workshopId);
      if (workshop.status === 'cancelled') return noCalendarPage({ workshop: toPublicWorkshop(workshop), reason: 'workshop-cancelled' });
      if (registration.status === 'cancelled') return noCalendarPage({ workshop: toPublicWorkshop(workshop), reason: 'registration-cancelled' });
      return calendarDownload(calendarFile({ workshop, registration, cancelled: false, stamp: at }));
    },
  },
  { errorPage },
);
