import { readForm, type FormReading } from '../ui/forms/read-form';
import { HONEYPOT_FIELD, STAMP_FIELD } from './form-guard';
import { RegistrationInput } from './model';

/** What the registration form sent, read: the values to show again, the guard fields, the input. */
export interface RegistrationForm {
  /** The fields as typed, for the form shown again. */
  values: Record<string, string>;
  /** For `checkForm` (form-guard.ts). */
  guard: { honeypot: string | undefined; stamp: string | undefined };
  reading: FormReading<RegistrationInput>;
  /** Names the form does not have: a hand-made or stale form. */
  unknownFields: string[];
}

/** HTML form fields arrive as strings: the checkbox is "true" (or "on") when ticked, empty optional fields are absent. */
export const readRegistrationForm = (form: Record<string, string>): RegistrationForm => {
  const { email, displayName, accessibilityNeeds, consent, [HONEYPOT_FIELD]: honeypot, [STAMP_FIELD]: stamp, ...unknown } = form;
  const ticked = consent === 'true' || consent === 'on';
  const input = {
    email: email ?? '',
    ...(displayName?.trim() ? { displayName } : {}),
    ...(accessibilityNeeds?.trim() ? { accessibilityNeeds } : {}),
    consent: ticked ? true : undefined,
  };
  return {
    values: { email: email ?? '', displayName: displayName ?? '', accessibilityNeeds: accessibilityNeeds ?? '', consent: ticked ? 'true' : '' },
    guard: { honeypot, stamp },
    reading: readForm(RegistrationInput, input),
    unknownFields: Object.keys(unknown),
  };
};
