import { routes } from '../../shared/routes';
import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { formBody } from '../../shared/http/request';
import { cancelRegistration } from '../../shared/workshops/cancel';
import { readCancelToken } from '../../shared/workshops/links';
import { toPublicWorkshop } from '../../shared/workshops/model';
import { cancelDonePage, linkProblemPage } from '../../shared/web/pages/cancel';
import { errorPage } from '../../shared/web/pages/error';

export const handler = httpHandler(
  routes.cancelRegistration,
  {
    cancel: async (event) => {
      const at = now();
      const token = await readCancelToken(formBody(event).token, at);
      if (!token.ok) return linkProblemPage({ reason: token.reason });
      const outcome = await cancelRegistration(token.workshopId, token.registrationId, 'registrant', at);
      return cancelDonePage({
        workshop: outcome.workshop ? toPublicWorkshop(outcome.workshop) : undefined,
        alreadyCancelled: outcome.alreadyCancelled,
      });
    },
  },
  { errorPage },
);
