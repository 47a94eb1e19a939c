import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { EmailField } from '../../ui/forms/fields';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { consoleSignedOutPage } from './layout';
import { formPage } from '../../ui/forms/form-page';

/**
 * Signing in to the organizer console with a link sent by email. The pages never say whether an
 * address belongs to an organizer, and opening the link never signs anyone in by itself: mail
 * scanners open links, so the link's page only offers one POST form.
 */

const signInPath = '/console/sign-in';
const linkLifetime = 'It works once, for 15 minutes.';

/** The sign-in form's one field; the error summary links to it. */
export const signInFields = [{ name: 'email', label: 'Your email address' }] as const;

export interface SignInPageProps {
  /** What the person typed, shown again after an error. */
  email?: string;
  /** A problem with the email address, shown next to the field and in the summary. */
  error?: string;
  /** Defaults to 400 when there is an error, else 200. */
  status?: number;
}

export const SignInView = ({ email, error }: Omit<SignInPageProps, 'status'>) => (
  <>
    {error ? <ErrorSummary errors={{ email: error }} fields={signInFields} /> : null}
    <h1>Sign in</h1>
    <p>This is for organizers. We send a sign-in link to your email address. {linkLifetime}</p>
    <form method="post" action={signInPath}>
      <EmailField
        name="email"
        label="Your email address"
        hint="The address you use as an organizer."
        error={error}
        value={email}
      />
      <button type="submit">Email me a sign-in link</button>
    </form>
  </>
);

export const signInPage = ({ email, error, status }: SignInPageProps = {}): HttpResult =>
  consoleSignedOutPage({
    ...formPage('Sign in', { formError: error, status }),
    children: <SignInView email={email} error={error} />,
  });

/** The same words whether or not the address is known, so the page cannot tell who is an organizer. */
export const SignInSentView = () => (
  <>
    <h1>Check your email</h1>
    <p>If this address belongs to an organizer, we have sent a sign-in link. {linkLifetime}</p>
    <p>If nothing arrives within a few minutes, please look in your spam or junk folder.</p>
    <p>
      <a href={signInPath}>Try again with another address</a>
    </p>
  </>
);

/** Takes no input on purpose: nothing on this page may depend on the address that was typed. */
export const signInSentPage = (): HttpResult =>
  consoleSignedOutPage({ title: 'Check your email', children: <SignInSentView /> });

export const SignInRateLimitedView = () => (
  <>
    <h1>Please wait a little</h1>
    <p>We have had too many sign-in requests for now. Please wait 15 minutes, then try again.</p>
    <p>If we already sent you a sign-in email in the last 15 minutes, the link in it may still work.</p>
    <p>
      <a href={signInPath}>Go to the sign-in page</a>
    </p>
  </>
);

/** 429 Too Many Requests, with Retry-After: 900 (15 minutes, the wait the page asks for). */
export const signInRateLimitedPage = (): HttpResult => {
  const page = consoleSignedOutPage({ title: 'Please wait a little', status: 429, children: <SignInRateLimitedView /> });
  return { ...page, headers: { ...page.headers, 'retry-after': '900' } };
};

export interface ConfirmSignInProps {
  /** The token from the emailed link; posted back unchanged. */
  token: string;
}

const confirmHeading = () => `Sign in to ${config.orgName}`;

export const ConfirmSignInView = ({ token }: ConfirmSignInProps) => (
  <>
    <h1>{confirmHeading()}</h1>
    <p>Press the button to sign in on this device.</p>
    <p>The link in your email works once: pressing the button uses it.</p>
    <form method="post" action="/console/sign-in/confirm">
      <input type="hidden" name="token" value={token} />
      <button type="submit">Sign in</button>
    </form>
    <p>If you did not ask to sign in, you can close this page. Nothing happens unless you press the button.</p>
  </>
);

/** The page the emailed link opens. A GET never signs in: mail scanners prefetch links. */
export const confirmSignInPage = ({ token }: ConfirmSignInProps): HttpResult =>
  consoleSignedOutPage({ title: 'Sign in', children: <ConfirmSignInView token={token} /> });

export type SignInLinkProblem = 'used' | 'expired' | 'invalid';

const problemHeading: Record<SignInLinkProblem, string> = {
  used: 'This sign-in link has already been used',
  expired: 'This sign-in link has expired',
  invalid: 'This sign-in link does not work',
};

const problemText: Record<SignInLinkProblem, string> = {
  used: 'Each sign-in link works only once, and this one has been used already. You are not signed in on this device.',
  expired: 'Sign-in links work for 15 minutes, and this one is older than that. You are not signed in.',
  invalid:
    'The link may be incomplete, for example if it was split over two lines when it was copied. You are not signed in.',
};

export const SignInLinkProblemView = ({ reason }: { reason: SignInLinkProblem }) => (
  <>
    <h1>{problemHeading[reason]}</h1>
    <p>{problemText[reason]}</p>
    <p>You can ask for a new link. It comes by email and works once, for 15 minutes.</p>
    <p>
      <a class="action-link" href={signInPath}>
        Get a new sign-in link
      </a>
    </p>
  </>
);

/** 410 Gone for a used or expired link, 400 for one that cannot be read. */
export const signInLinkProblemPage = ({ reason }: { reason: SignInLinkProblem }): HttpResult =>
  consoleSignedOutPage({
    title: problemHeading[reason],
    status: reason === 'invalid' ? 400 : 410,
    children: <SignInLinkProblemView reason={reason} />,
  });

export const SignedOutView = () => (
  <>
    <h1>You are signed out</h1>
    <p>You are no longer signed in on this device.</p>
    <p>
      <a class="action-link" href={signInPath}>
        Sign in again
      </a>
    </p>
  </>
);

export const signedOutPage = (): HttpResult => consoleSignedOutPage({ title: 'You are signed out', children: <SignedOutView /> });
