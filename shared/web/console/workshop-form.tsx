import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { commonTimeZones, FALLBACK_TIME_ZONE, isTimeZone, supportedTimeZones, timeZoneLabel } from '../../kernel/zoned-time';
import { retentionDays } from '../../kernel/retention';
import { describeOffset, reminderChoices } from '../../reminders/offsets';
import type { Workshop } from '../../workshops/model';
import { describedBy, Field, FieldError, errorId, hintId, TextAreaField, TextField, WholeNumberField } from '../../ui/forms/fields';
import { Checkbox } from '../../ui/forms/checkboxes';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { consoleWorkshopPath } from './dashboard';
import { type ConsoleOrganizer, consoleFormPage } from './layout';
import { newWorkshopValues, ordinal, reminderSlots, workshopFormFields, workshopFormValues, type WorkshopFormValues } from './workshop-input';
import { CsrfInput } from '../../ui/forms/csrf-input';

/**
 * Creating and editing a workshop in the console. Works without JavaScript: an error re-renders the
 * form with the typed values, a summary at the top and each message next to its field. What the
 * form sends is read in workshop-input.ts.
 */

/* ------------------------------------------------------------------------------------------------
 * The page.
 * --------------------------------------------------------------------------------------------- */

export interface WorkshopFormPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  /** The workshop being edited; none for a new one. */
  workshop?: Workshop;
  values?: WorkshopFormValues;
  errors?: Record<string, string>;
  /** A problem with the whole submission (e.g. someone else changed the workshop at the same time). */
  formError?: string;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
}

const ZoneSelect = ({ value, invalid, describedBy: described }: { value: string; invalid: boolean; describedBy: string | undefined }) => {
  const all = supportedTimeZones();
  const common = [...new Set([...(value && isTimeZone(value) ? [value] : []), ...commonTimeZones])];
  const rest = all.includes(value) || !value || common.includes(value) ? all : [...all, value].sort();
  let selectedDone = false;
  // The often used zones say their everyday name too ("Eastern Time"); the long list, only its own.
  const option = (zone: string, label: string) => {
    const selected = !selectedDone && zone === value;
    if (selected) selectedDone = true;
    return (
      <option value={zone} selected={selected}>
        {label}
      </option>
    );
  };
  return (
    <select id="timezone" name="timezone" required aria-describedby={described} aria-invalid={invalid ? 'true' : undefined}>
      {!value ? <option value="">Choose a time zone</option> : null}
      <optgroup label="Often used">{common.map((zone) => option(zone, timeZoneLabel(zone)))}</optgroup>
      <optgroup label="All time zones">{rest.map((zone) => option(zone, zone.replaceAll('_', ' ')))}</optgroup>
    </select>
  );
};

/** "24 hours before", and the same for any whole number of minutes a script may have set. */
const reminderOptionLabel = (minutes: number) => `${describeOffset(minutes)} before`;

/**
 * One reminder slot: "No reminder" or a time before the start. A value the list does not offer (set
 * through the API, e.g. 90 minutes) is offered too, so saving the form keeps it.
 */
const ReminderSelect = ({ name, label, value, error }: { name: string; label: string; value: string; error: string | undefined }) => {
  const chosen = value.trim();
  const custom = /^\d{1,6}$/.test(chosen) && !reminderChoices.includes(Number(chosen)) ? Number(chosen) : undefined;
  const choices = custom === undefined ? reminderChoices : [...reminderChoices, custom].sort((a, b) => b - a);
  return (
    <Field error={error}>
      <label for={name}>{label}</label>
      <FieldError name={name} message={error} />
      <select id={name} name={name} aria-describedby={describedBy(hintId('reminders'), error && errorId(name))} aria-invalid={error ? 'true' : undefined}>
        <option value="" selected={chosen === ''}>
          No reminder
        </option>
        {choices.map((minutes) => (
          <option value={String(minutes)} selected={chosen === String(minutes)}>
            {reminderOptionLabel(minutes)}
          </option>
        ))}
      </select>
    </Field>
  );
};

export const WorkshopFormView = ({ workshop, values = {}, errors = {}, formError, csrfToken }: Omit<WorkshopFormPageProps, 'status' | 'organizer'>) => {
  const described = (name: string, hint: boolean) => describedBy(hint && hintId(name), errors[name] && errorId(name));
  const editing = Boolean(workshop);
  const action = workshop ? consoleWorkshopPath(workshop.id) : '/console/workshops';
  const back = workshop ? consoleWorkshopPath(workshop.id) : '/console';
  const confirmed = workshop?.confirmedCount ?? 0;

  if (workshop?.status === 'cancelled') {
    return (
      <>
        <h1>{`Edit: ${workshop.title}`}</h1>
        <p class="notice">This workshop is cancelled, so it can no longer be changed.</p>
        <p>
          <a href={back}>Back to the workshop</a>
        </p>
      </>
    );
  }

  return (
    <>
      <ErrorSummary errors={errors} formError={formError} fields={workshopFormFields} />
      <h1>{workshop ? `Edit: ${workshop.title}` : 'New workshop'}</h1>
      {editing ? (
        workshop?.status === 'published' ? (
          <p class="notice">
            This workshop is on the public site. If you change the time or the place, everyone registered gets an email
            with the new details and an updated calendar entry.
          </p>
        ) : null
      ) : (
        <p>The workshop is saved as a draft. Nobody can see it or register until you publish it.</p>
      )}
      <form method="post" action={action}>
        <CsrfInput token={csrfToken} />

        <TextField name="title" label="Title" error={errors.title} required maxLength={120} value={values.title} />

        <TextAreaField
          name="description"
          label="Description (optional)"
          hint="What happens and who it is for. Shown on the public page."
          error={errors.description}
          rows={6}
          maxLength={4000}
          value={values.description}
        />

        <TextField
          name="facilitator"
          label="Facilitator (optional)"
          hint="The name people will see, for example “Sam (peer support specialist)”."
          error={errors.facilitator}
          maxLength={120}
          value={values.facilitator}
        />

        <fieldset>
          <legend>When</legend>
          <p class="hint" id={hintId('when')}>
            In the time zone of the workshop, as people there read their clocks.
          </p>

          <TextField name="date" label="Date" error={errors.date} extraDescribedBy={hintId('when')} type="date" required value={values.date} />

          <TextField
            name="startTime"
            label="Start time"
            error={errors.startTime}
            extraDescribedBy={hintId('when')}
            type="time"
            required
            value={values.startTime}
          />

          <TextField
            name="endTime"
            label="End time"
            hint="If it ends after midnight, enter the time it ends on the next day."
            error={errors.endTime}
            type="time"
            required
            value={values.endTime}
          />

          <Field error={errors.timezone}>
            <label for="timezone">Time zone</label>
            <FieldError name="timezone" message={errors.timezone} />
            <ZoneSelect value={values.timezone ?? ''} invalid={Boolean(errors.timezone)} describedBy={described('timezone', false)} />
          </Field>
        </fieldset>

        <WholeNumberField
          name="capacity"
          label="Places"
          hint={
            <>
              How many people can take part.
              {confirmed > 0
                ? ` ${confirmed} ${confirmed === 1 ? 'person already has' : 'people already have'} a place, so it cannot be lower than ${confirmed}.`
                : ''}
            </>
          }
          error={errors.capacity}
          required
          min={Math.max(1, confirmed)}
          max={10000}
          value={values.capacity}
        />

        <Checkbox
          name="waitlist"
          label="Keep a waitlist when all places are taken"
          hint="When someone cancels, the next person on the waitlist gets the place and an email."
          checked={values.waitlist === 'true' || values.waitlist === 'on'}
          error={errors.waitlist}
        />

        <Checkbox
          name="discreet"
          label="Discreet: keep the topic out of what others can see"
          hint={
            config.discreetMode
              ? 'The organisation keeps every workshop discreet already: mails about it show a neutral sender and only the date in the subject, and calendar entries say only “Appointment”.'
              : 'Mails about it show a neutral sender and only the date in the subject, and calendar entries say only “Appointment”. The mail itself still names the workshop.'
          }
          checked={values.discreet === 'true' || values.discreet === 'on'}
          error={errors.discreet}
        />

        <WholeNumberField
          name="retentionDays"
          label="Erase registrations after (days)"
          hint={`Addresses, names and accessibility needs are erased this many days after the workshop ends; the counts stay. The organisation keeps them ${retentionDays('registration')} days: leave this empty for that, or choose fewer.`}
          error={errors.retentionDays}
          min={1}
          max={retentionDays('registration')}
          value={values.retentionDays}
        />

        <fieldset>
          <legend>Where</legend>
          <p class="hint" id={hintId('where')}>
            Give an address, an online link, or both. Only people with a place get them, by email.
          </p>

          <TextAreaField
            name="location"
            label="Address or place (optional)"
            error={errors.location}
            extraDescribedBy={hintId('where')}
            rows={3}
            maxLength={300}
            value={values.location}
          />

          <TextField
            name="onlineUrl"
            label="Online link (optional)"
            hint="The link to join, starting with https://"
            error={errors.onlineUrl}
            extraDescribedBy={hintId('where')}
            type="url"
            inputMode="url"
            spellcheck={false}
            maxLength={500}
            value={values.onlineUrl}
          />
        </fieldset>

        <fieldset>
          <legend>Reminders</legend>
          <p class="hint" id={hintId('reminders')}>
            Everyone with a place gets an email before the workshop: when it starts, how to join, a calendar entry and a link to
            cancel. Up to three; choose “No reminder” for fewer.
            {workshop?.status === 'published' ? ' A change applies to the reminders not sent yet.' : ''}
          </p>
          {reminderSlots.map((slot, i) => (
            <ReminderSelect
              name={slot}
              label={`${ordinal[i]![0]!.toUpperCase()}${ordinal[i]!.slice(1)} reminder`}
              value={values[slot] ?? ''}
              error={errors[slot]}
            />
          ))}
        </fieldset>

        <p>
          <button type="submit">{editing ? 'Save changes' : 'Save as draft'}</button>
        </p>
      </form>
      <p>
        <a href={back}>{editing ? 'Back without saving' : 'Back to the dashboard without saving'}</a>
      </p>
    </>
  );
};

export const workshopFormPage = ({ organizer, csrfToken, workshop, values, errors = {}, formError, status }: WorkshopFormPageProps): HttpResult =>
  consoleFormPage(
    workshop ? `Edit: ${workshop.title}` : 'New workshop',
    { errors, formError, status, organizer, csrfToken },
    <WorkshopFormView
      workshop={workshop}
      values={values ?? (workshop ? workshopFormValues(workshop) : newWorkshopValues(FALLBACK_TIME_ZONE))}
      errors={errors}
      formError={formError}
      csrfToken={csrfToken}
    />,
  );

