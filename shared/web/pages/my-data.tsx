import type { HttpResult } from '../../http/response';
import { formatDateTime } from '../../kernel/zoned-time';
import type { LinkState } from '../../kernel/single-use-link';
import type { MyData } from '../../people/my-data';
import { Fact, Time } from '../../ui/facts';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { EmailField } from '../../ui/forms/fields';
import { formPage } from '../../ui/forms/form-page';
import { renderPage } from '../../ui/page';
import { linkProblemPage } from './link-problem';
import { EraseSection } from './my-data-erase';

/**
 * /my-data: a person asks what Hearth holds about their address (GDPR Art. 15 and 20). The answer
 * to the request never depends on the address (it is not shown back either); the data is shown
 * only on the page that the emailed link's button answers, and carried in its JSON download. Every
 * page works without JavaScript; a GET never uses the link (mail scanners open links).
 */
export const myDataPath = '/my-data';
const linkLifetime = 'It works once, for 15 minutes.';

export const myDataFields = [{ name: 'email', label: 'Your email address' }] as const;

export const MyDataRequestView = ({ email, error }: { email?: string; error?: string }) => (
  <>
    {error ? <ErrorSummary errors={{ email: error }} fields={myDataFields} /> : null}
    <h1>See your data</h1>
    <p>
      Enter your email address and we send a link to it. The link shows everything we hold about that address: your workshop places, your
      mailing list membership and its topics, and the mails still to come, with their dates. You can download it all as a file. {linkLifetime}
    </p>
    <form method="post" action={myDataPath}>
      <EmailField name="email" label="Your email address" hint="We send the link to this address, and only there." error={error} value={email} />
      <button type="submit">Email me a link</button>
    </form>
    <p>
      <a href="/privacy">How we handle your data</a>
    </p>
  </>
);

export const myDataRequestPage = ({ email, error, status }: { email?: string; error?: string; status?: number } = {}): HttpResult =>
  renderPage({ ...formPage('See your data', { formError: error, status }), children: <MyDataRequestView email={email} error={error} /> });

/** The same words for every address: nothing on this page may depend on the address typed. */
export const MyDataSentView = () => (
  <>
    <h1>Check your email</h1>
    <p>We have sent a link to the address you entered. {linkLifetime}</p>
    <p>If nothing arrives within a few minutes, please look in your spam or junk folder.</p>
    <p>
      <a href={myDataPath}>Ask again, or for another address</a>
    </p>
  </>
);

export const myDataSentPage = (): HttpResult => renderPage({ title: 'Check your email', children: <MyDataSentView /> });

/** 429 with Retry-After: 900, the wait the page asks for; the same for every address. */
export const myDataLimitedPage = (): HttpResult => {
  const page = renderPage({
    title: 'Please wait a little',
    status: 429,
    children: (
      <>
        <h1>Please wait a little</h1>
        <p>We have had too many requests for now. Please wait 15 minutes, then try again.</p>
        <p>If we already sent you a link in the last 15 minutes, it may still work.</p>
      </>
    ),
  });
  return { ...page, headers: { ...page.headers, 'retry-after': '900' } };
};

/** The emailed link's page: a button, so only a person (not a mail scanner) uses the link. */
export const myDataConfirmPage = (token: string): HttpResult =>
  renderPage({
    title: 'See your data',
    children: (
      <>
        <h1>See your data</h1>
        <p>Press the button to see what we hold about your address. The link in your email works once: pressing the button uses it.</p>
        <form method="post" action="/my-data/open">
          <input type="hidden" name="token" value={token} />
          <button type="submit">Show my data</button>
        </form>
      </>
    ),
  });

export const myDataLinkProblemPage = (reason: Exclude<LinkState, 'valid'>): HttpResult =>
  reason === 'used'
    ? renderPage({
        title: 'This link has been used',
        status: 410,
        children: (
          <>
            <h1>This link has been used</h1>
            <p>Each link works once, so that nobody who sees it later can open your data. Nothing has been changed.</p>
            <p>
              <a href={myDataPath}>Ask for a new link</a>
            </p>
          </>
        ),
      })
    : linkProblemPage({
        reason,
        nextStep: 'Ask for a new link on the "See your data" page.',
        fallback: 'If that does not work, write to the organisation that runs these workshops.',
        onward: <a href={myDataPath}>Ask for a new link</a>,
      });

const UTC = 'UTC';

const statusLabel = (status: string) => ({ confirmed: 'Confirmed', waitlisted: 'On the waitlist', cancelled: 'Cancelled' })[status] ?? status;

/** The data, readable; the same object is offered as the JSON download. */
export const MyDataView = ({ data, erasureToken }: { data: MyData; erasureToken: string }) => (
  <>
    <h1>Your data</h1>
    <p>
      This is everything we hold about <strong>{data.email}</strong>, as of <Time at={data.generatedAt} zone={UTC} />.
    </p>
    <p>
      <a href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(data, null, 2))}`} download="my-data.json">
        Download it all as a file (JSON)
      </a>
    </p>
    <h2>Workshop places</h2>
    {data.registrations.length === 0 ? (
      <p>None.</p>
    ) : (
      <ul class="places">
        {data.registrations.map((place) => (
          <li>
            <h3>{place.workshop.title}</h3>
            <dl class="facts">
              <Fact term="When">
                <Time at={place.workshop.startsAt} zone={place.workshop.timezone} />
              </Fact>
              <Fact term="Your place">{statusLabel(place.status)}</Fact>
              <Fact term="Name you gave">{place.displayName}</Fact>
              <Fact term="Accessibility needs you gave">{place.accessibilityNeeds}</Fact>
              <Fact term="Registered">{formatDateTime(place.registeredAt, place.workshop.timezone)}</Fact>
              <Fact term="Checked in">{place.attendedAt ? formatDateTime(place.attendedAt, place.workshop.timezone) : undefined}</Fact>
            </dl>
          </li>
        ))}
      </ul>
    )}
    <h2>Mailing list</h2>
    {data.mailingList ? (
      <dl class="facts">
        <Fact term="Status">{data.mailingList.status}</Fact>
        <Fact term="Name">{data.mailingList.displayName}</Fact>
        <Fact term="Topics">{data.mailingList.topics.length > 0 ? data.mailingList.topics.join(', ') : 'Every mailing to the whole list'}</Fact>
        <Fact term="Joined">{formatDateTime(data.mailingList.joinedAt, UTC)}</Fact>
        <Fact term="Confirmed">{data.mailingList.confirmedAt ? formatDateTime(data.mailingList.confirmedAt, UTC) : undefined}</Fact>
        <Fact term="Left">{data.mailingList.leftAt ? formatDateTime(data.mailingList.leftAt, UTC) : undefined}</Fact>
        <Fact term="What you agreed to">{data.mailingList.consent?.wording}</Fact>
      </dl>
    ) : (
      <p>This address is not on the mailing list.</p>
    )}
    <h2>Mails still to come</h2>
    {data.pendingMails.length === 0 ? (
      <p>None.</p>
    ) : (
      <ul>
        {data.pendingMails.map((mail) => (
          <li>
            {mail.what}: <Time at={mail.at} zone={mail.timezone} />
          </li>
        ))}
      </ul>
    )}
    <h2>Survey answers</h2>
    <p>{data.surveyAnswers}</p>
    <p>
      <a href="/privacy">How long we keep each of these, and why</a>
    </p>
    <EraseSection token={erasureToken} />
  </>
);

export const myDataViewPage = (data: MyData, erasureToken: string): HttpResult =>
  renderPage({ title: 'Your data', children: <MyDataView data={data} erasureToken={erasureToken} /> });
