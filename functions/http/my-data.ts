import * as z from 'zod/mini';
import '../../shared/zod-locale';
import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { formBody, jsonBody, queryParam, type HttpEvent } from '../../shared/http/request';
import { json, jsonError } from '../../shared/http/response';
import { MyDataEmail, MyDataInput, myDataReceived } from '../../shared/people/model';
import { checkMyDataLink, openMyData, requestMyData } from '../../shared/people/my-data';
import { routes } from '../../shared/routes';
import { errorPage } from '../../shared/web/pages/error';
import { myDataConfirmPage, myDataLimitedPage, myDataLinkProblemPage, myDataRequestPage, myDataSentPage, myDataViewPage } from '../../shared/web/pages/my-data';

/**
 * /my-data (shared/people/my-data.ts): the request (page, form and JSON API, the same answer for
 * any address), the emailed link's page (a button; a GET uses nothing) and its POST, which uses the
 * link and answers the data.
 */
const Token = z.string().check(z.minLength(20), z.maxLength(100), z.regex(/^[A-Za-z0-9_-]+$/));

const client = (event: HttpEvent) => event.requestContext?.http?.sourceIp;

export const handler = httpHandler(
  routes.myData,
  {
    form: async () => myDataRequestPage(),

    request: async (event) => {
      const { email, ...unknown } = formBody(event);
      const parsed = MyDataEmail.safeParse(email ?? '');
      if (!parsed.success) return myDataRequestPage({ email: email ?? '', error: parsed.error.issues[0]?.message ?? 'Enter your email address' });
      if (Object.keys(unknown).length > 0) return myDataRequestPage({ email: parsed.data, error: 'The form had fields we do not know; please use the form on this page.' });
      return (await requestMyData(parsed.data, client(event), now())) === 'limited' ? myDataLimitedPage() : myDataSentPage();
    },

    api: async (event) => {
      const { email } = jsonBody(event, MyDataInput);
      if ((await requestMyData(email, client(event), now())) === 'limited') {
        const limited = jsonError(429, 'Too many requests: wait 15 minutes, then try again.');
        return { ...limited, headers: { ...limited.headers, 'retry-after': '900' } };
      }
      return json(202, myDataReceived);
    },

    /** Shows a button; uses nothing (mail scanners open links). */
    confirmPage: async (event) => {
      const token = Token.safeParse(queryParam(event, 'token') ?? '');
      if (!token.success) return myDataLinkProblemPage('invalid');
      const state = await checkMyDataLink(token.data, now());
      return state === 'valid' ? myDataConfirmPage(token.data) : myDataLinkProblemPage(state);
    },

    open: async (event) => {
      const token = Token.safeParse(formBody(event).token ?? '');
      if (!token.success) return myDataLinkProblemPage('invalid');
      const opened = await openMyData(token.data, now());
      return opened.ok ? myDataViewPage(opened.data) : myDataLinkProblemPage(opened.reason);
    },
  },
  { errorPage },
);
