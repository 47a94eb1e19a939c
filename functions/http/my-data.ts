import * as z from 'zod/mini';
import '../../shared/zod-locale';
import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { formBody, jsonBody, queryParam, type HttpEvent } from '../../shared/http/request';
import { json, jsonError, type HttpResult } from '../../shared/http/response';
import { MyDataEmail, MyDataInput, myDataReceived } from '../../shared/people/model';
import { checkErasureToken, checkMyDataLink, eraseMyData, openMyData, requestMyData } from '../../shared/people/my-data';
import { eraseConfirmPage, erasedPage } from '../../shared/web/pages/my-data-erase';
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

/** A link's or form's token, used when it can be one; otherwise the "does not work" page (400). */
const withToken = async (value: string | undefined, use: (token: string) => Promise<HttpResult>): Promise<HttpResult> => {
  const token = Token.safeParse(value ?? '');
  return token.success ? use(token.data) : myDataLinkProblemPage('invalid');
};

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
    confirmPage: (event) =>
      withToken(queryParam(event, 'token'), async (token) => {
        const state = await checkMyDataLink(token, now());
        return state === 'valid' ? myDataConfirmPage(token) : myDataLinkProblemPage(state);
      }),

    open: (event) =>
      withToken(formBody(event).token, async (token) => {
        const opened = await openMyData(token, now());
        return opened.ok ? myDataViewPage(opened.data, opened.erasureToken) : myDataLinkProblemPage(opened.reason);
      }),

    /** The confirmation step: uses nothing. */
    erase: (event) =>
      withToken(formBody(event).token, async (token) => {
        const state = await checkErasureToken(token, now());
        return state === 'valid' ? eraseConfirmPage(token) : myDataLinkProblemPage(state);
      }),

    eraseConfirm: (event) =>
      withToken(formBody(event).token, async (token) => {
        const erased = await eraseMyData(token, now());
        return erased.ok ? erasedPage(erased.erasure) : myDataLinkProblemPage(erased.reason);
      }),
  },
  { errorPage },
);
