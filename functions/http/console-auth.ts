import * as z from 'zod/mini';
import '../../shared/zod-locale';
import { checkSignInLink, confirmSignIn, KNOWN_DEVICE_COOKIE, knownDeviceCookie, requestSignIn, signOut } from '../../shared/console/auth';
import { clearedSessionCookie, cookie, requireConsoleForm, requireSameOrigin, sessionCookie } from '../../shared/console/http';
import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { formBody, queryParam } from '../../shared/http/request';
import { seeOther, type HttpResult } from '../../shared/http/response';
import { confirmSignInPage, signInLinkProblemPage, signInPage, signInRateLimitedPage, signInSentPage, signedOutPage } from '../../shared/web/console/sign-in';
import { errorPage } from '../../shared/web/pages/error';

const Email = z.string().check(z.trim(), z.maxLength(254, 'At most 254 characters'), z.email('Enter an email address like name@example.org'));
const Token = z.string().check(z.minLength(20), z.maxLength(100), z.regex(/^[A-Za-z0-9_-]+$/));

const withCookie = (result: HttpResult, cookie: string): HttpResult => ({ ...result, cookies: [...(result.cookies ?? []), cookie] });

export const handler = httpHandler(
  routes.consoleAuth,
  {
    signInPage: async () => signInPage(),

    /** Same answer whether or not the address belongs to an organizer; limits in shared/console/auth.ts. */
    signIn: async (event) => {
      requireSameOrigin(event);
      const form = formBody(event);
      const email = Email.safeParse(form.email ?? '');
      if (!email.success) return signInPage({ email: form.email ?? '', error: email.error.issues[0]?.message ?? 'Enter your email address', status: 400 });
      const outcome = await requestSignIn(email.data, event.requestContext.http.sourceIp, now(), cookie(event, KNOWN_DEVICE_COOKIE));
      return outcome === 'limited' ? signInRateLimitedPage() : signInSentPage();
    },

    /** Shows a button; a GET never signs in (mail scanners prefetch links). */
    confirmPage: async (event) => {
      const token = Token.safeParse(queryParam(event, 'token') ?? '');
      if (!token.success) return signInLinkProblemPage({ reason: 'invalid' });
      const state = await checkSignInLink(token.data, now());
      return state === 'valid' ? confirmSignInPage({ token: token.data }) : signInLinkProblemPage({ reason: state });
    },

    confirm: async (event) => {
      requireSameOrigin(event);
      const token = Token.safeParse(formBody(event).token ?? '');
      if (!token.success) return signInLinkProblemPage({ reason: 'invalid' });
      const outcome = await confirmSignIn(token.data, now());
      if ('ok' in outcome) return signInLinkProblemPage({ reason: outcome.ok ? 'invalid' : outcome.reason });
      // The browser is now known for this address: its sign-in requests get their own share (auth.ts).
      return withCookie(withCookie(seeOther('/console'), sessionCookie(outcome.sessionId)), await knownDeviceCookie(outcome.organizer.email));
    },

    signOut: async (event) => {
      const at = now();
      const { current } = await requireConsoleForm(event, at);
      await signOut(current, at);
      return withCookie(signedOutPage(), clearedSessionCookie());
    },
  },
  { errorPage },
);
