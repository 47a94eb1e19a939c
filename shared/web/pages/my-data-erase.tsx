import type { HttpResult } from '../../http/response';
import type { Erasure } from '../../people/erase';
import { renderPage } from '../../ui/page';
import { plural } from '../labels';

/**
 * /my-data's erasure (GDPR Art. 17): a section of the data page, one confirmation step, and the
 * page that says what was done. Forms only, no JavaScript; the token travels in the form body.
 */
const WhatHappens = () => (
  <ul>
    <li>Your places in workshops still to come are cancelled, and anyone on the waitlist moves up, as when you cancel.</li>
    <li>You leave the mailing list.</li>
    <li>Your email address, the names you gave and any accessibility needs you wrote are erased from every registration and mailing.</li>
    <li>
      What stays names nobody: counts (how many registered, came, or were sent a mailing) and a scrambled form of your address (a keyed hash)
      that cannot be turned back into it. It only stops a list import from adding you again and keeps blocked addresses blocked.
    </li>
  </ul>
);

/** On the data page, under the data. */
export const EraseSection = ({ token }: { token: string }) => (
  <section aria-labelledby="erase-heading">
    <h2 id="erase-heading">Erase everything</h2>
    <p>You can have everything we hold about this address erased. You are asked to confirm on the next page.</p>
    <WhatHappens />
    <form method="post" action="/my-data/erase">
      <input type="hidden" name="token" value={token} />
      <button type="submit">Erase everything…</button>
    </form>
  </section>
);

/** The one confirmation step: nothing is erased until its button is pressed. */
export const eraseConfirmPage = (token: string): HttpResult =>
  renderPage({
    title: 'Erase everything?',
    children: (
      <>
        <h1>Erase everything we hold about you?</h1>
        <p>This cannot be undone. If you want a copy, go back and download it first.</p>
        <WhatHappens />
        <form method="post" action="/my-data/erase/confirm">
          <input type="hidden" name="token" value={token} />
          <button type="submit">
            Yes, erase everything
          </button>
        </form>
        <p>
          <a href="/">No, keep my data</a>
        </p>
      </>
    ),
  });


export const erasedPage = (erasure: Erasure): HttpResult =>
  renderPage({
    title: 'Your data has been erased',
    children: (
      <>
        <h1>Your data has been erased</h1>
        <ul>
          <li>{plural(erasure.placesCancelled, 'place still to come was cancelled', 'places still to come were cancelled')}.</li>
          <li>{plural(erasure.registrationsErased, 'registration no longer holds', 'registrations no longer hold')} your address, name or needs.</li>
          <li>{erasure.leftList ? 'You are off the mailing list, and your address is erased from it.' : 'Your address was not on the mailing list.'}</li>
        </ul>
        <p>We will not email you again unless you register or join the list again. The link you used no longer works.</p>
        <p>
          Our database backup keeps a copy of what was erased for up to 35 days, then it is gone for good. <a href="/privacy">How we handle your data</a>
        </p>
      </>
    ),
  });
