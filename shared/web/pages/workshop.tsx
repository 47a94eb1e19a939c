import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { HONEYPOT_FIELD, STAMP_FIELD } from '../../workshops/form-guard';
import type { PublicWorkshop } from '../../workshops/model';
import { availabilityLabel, formatLabel, privateDetailsNote } from '../labels';
import { ContactFields, TextAreaField } from '../../ui/forms/fields';
import { Checkbox } from '../../ui/forms/checkboxes';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { renderPage } from '../../ui/page';
import { formatWhen } from '../../kernel/zoned-time';
import { workshopPath } from '../../workshops/links';
import { formPage } from '../../ui/forms/form-page';
import { Fact } from '../../ui/facts';

/**
 * A workshop's public details and its registration form. Works without JavaScript: the server
 * validates, then renders this page again with the typed values, an error summary at the top and
 * each error next to its field. No join link or address here: only registrants get those by email.
 */

export interface WorkshopPageProps {
  workshop: PublicWorkshop;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  /** A problem with the whole submission (e.g. the workshop just closed). */
  formError?: string;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
  /** The signed stamp of when the form was shown (shared/workshops/form-guard.ts); handlers always pass it. */
  formStamp?: string;
}

/** The form's fields in page order; error summary links follow this order. */
export const registrationFields = [
  { name: 'email', label: 'Email address' },
  { name: 'displayName', label: 'Name to show' },
  { name: 'accessibilityNeeds', label: 'Accessibility needs' },
  { name: 'consent', label: 'Agreement to use your email' },
] as const;

/**
 * A field only scripts fill: off-screen, out of the tab order, hidden from screen readers, never
 * autofilled. Its label tells anyone who still meets it to leave it empty.
 */
const Honeypot = () => (
  <div class="aside-field" aria-hidden="true">
    <label for={HONEYPOT_FIELD}>Leave this field empty</label>
    <input type="text" id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} value="" tabindex={-1} autocomplete="off" />
  </div>
);

const RegistrationForm = ({
  workshop,
  values,
  errors,
  formStamp,
}: {
  workshop: PublicWorkshop;
  values: Record<string, string>;
  errors: Record<string, string>;
  formStamp: string | undefined;
}) => {
  const waitlist = workshop.full && workshop.waitlistOpen;
  return (
    <form method="post" action={`${workshopPath(workshop.id)}/register`}>
      {formStamp ? <input type="hidden" name={STAMP_FIELD} value={formStamp} /> : null}
      <h3>What we ask and why</h3>
      <ul>
        <li>Your email address: we use it only to send you details about this workshop, including any changes and a link to cancel. Other participants do not see it.</li>
        <li>A name to show, if you like: only the facilitator sees it.</li>
        <li>Accessibility needs, if you have any: only the organizers see them.</li>
      </ul>
      <ContactFields
        values={values}
        errors={errors}
        emailHint="We send the details of this workshop to this address."
        nameLabel="Name to show (optional)"
        nameHint="Shown to the facilitator only. A first name or a nickname is fine, and you can leave it empty."
      />

      <TextAreaField
        name="accessibilityNeeds"
        label="Accessibility needs (optional)"
        hint="Anything that would help you take part, for example captions, step-free access or breaks. Only the organizers see this."
        error={errors.accessibilityNeeds}
        rows={4}
        maxLength={1000}
        value={values.accessibilityNeeds}
      />

      <Checkbox
        name="consent"
        label={
          <>
            I agree that {config.orgName} uses my email address only to send me details about this workshop.
            (required)
          </>
        }
        required
        checked={values.consent === 'true'}
        error={errors.consent}
      />

      <Honeypot />

      <button type="submit">{waitlist ? 'Join the waitlist' : 'Register'}</button>
    </form>
  );
};

export const WorkshopDetails = ({ workshop }: { workshop: PublicWorkshop }) => (
  <>
    <dl class="facts">
      <Fact term="When">{formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}</Fact>
      <Fact term="Format">{formatLabel(workshop.format)}</Fact>
      <Fact term="Facilitator">{workshop.facilitator}</Fact>
      <Fact term="Places">{availabilityLabel(workshop)}</Fact>
    </dl>
  </>
);

export const WorkshopView = ({ workshop, values = {}, errors = {}, formError, formStamp }: Omit<WorkshopPageProps, 'status'>) => {
  if (workshop.cancelled) {
    return (
      <>
        <h1>{workshop.title}</h1>
        <p class="notice">
          <strong>This workshop is cancelled.</strong> If you were registered, we have sent you an email. You do not need
          to do anything.
        </p>
        <p>It was planned for {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}.</p>
        <p>
          <a href="/">See other upcoming workshops</a>
        </p>
      </>
    );
  }
  const closed = workshop.full && !workshop.waitlistOpen;
  const waitlist = workshop.full && workshop.waitlistOpen;
  return (
    <>
      <ErrorSummary errors={errors} formError={formError} fields={registrationFields} />
      <h1>{workshop.title}</h1>
      <WorkshopDetails workshop={workshop} />
      {workshop.description ? <p class="pre-line">{workshop.description}</p> : null}
      <p>{privateDetailsNote(workshop.format)}</p>

      {closed ? (
        <section aria-labelledby="register-heading">
          <h2 id="register-heading">Registration</h2>
          <p class="notice">
            This workshop is full and has no waitlist, so you cannot register for it. <a href="/">See other upcoming workshops</a>.
          </p>
        </section>
      ) : (
        <section aria-labelledby="register-heading">
          <h2 id="register-heading">{waitlist ? 'Join the waitlist' : 'Register'}</h2>
          {waitlist ? (
            <p class="notice">
              This workshop is full. If you join the waitlist, we email you at once when a place opens up for you. You can
              leave the waitlist at any time.
            </p>
          ) : null}
          <RegistrationForm workshop={workshop} values={values} errors={errors} formStamp={formStamp} />
        </section>
      )}
    </>
  );
};

export const workshopPage = (props: WorkshopPageProps): HttpResult => {
  return renderPage({
    ...formPage(props.workshop.title, props),
    children: (
      <WorkshopView workshop={props.workshop} values={props.values} errors={props.errors} formError={props.formError} formStamp={props.formStamp} />
    ),
  });
};
