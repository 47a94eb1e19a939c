import type { ComponentChildren } from 'preact';
import { DISPLAY_NAME_MAX } from '../../kernel/text';

/**
 * Form fields as every Hearth form writes them: a wrapper that marks an error, the label, an optional
 * hint, the error message, then the control. The control is described by the hint and the error (and
 * by `extraDescribedBy` first, e.g. a fieldset's hint), and says `aria-invalid` while in error.
 * Attribute order is fixed, so the rendered HTML stays the same wherever a field moves to these.
 */

export const errorId = (name: string) => `${name}-error`;
export const hintId = (name: string) => `${name}-hint`;
export const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export const FieldError = ({ name, message }: { name: string; message: string | undefined }) =>
  message ? (
    <p class="field-error" id={errorId(name)}>
      Error: {message}
    </p>
  ) : null;

/** A field's hint, `<p class="hint" id="{name}-hint">`, which its control lists in aria-describedby; nothing without one. */
export const Hint = ({ name, children }: { name: string; children?: ComponentChildren }) =>
  children === undefined ? null : (
    <p class="hint" id={hintId(name)}>
      {children}
    </p>
  );

export const Field = ({ error, children }: { error?: string; children: ComponentChildren }) => (
  <div class={error ? 'field field--error' : 'field'}>{children}</div>
);

interface FieldProps {
  /** The control's id and name; the hint's and the error's ids derive from it. */
  name: string;
  label: string;
  /** Shown under the label as `<p class="hint" id="{name}-hint">` and added to aria-describedby. */
  hint?: ComponentChildren;
  error?: string;
  /** Shown as typed; missing is empty. */
  value?: string;
  required?: boolean;
  maxLength?: number;
  /** Ids that describe the control before its own hint, e.g. the hint of the fieldset around it. */
  extraDescribedBy?: string;
}

/** The wrapper, label, hint and error of a field, then its control (`children`). */
const FieldFrame = ({ name, label, hint, error, children }: Pick<FieldProps, 'name' | 'label' | 'hint' | 'error'> & { children: ComponentChildren }) => (
  <Field error={error}>
    <label for={name}>{label}</label>
    <Hint name={name}>{hint}</Hint>
    <FieldError name={name} message={error} />
    {children}
  </Field>
);

const described = ({ name, hint, error, extraDescribedBy }: Pick<FieldProps, 'name' | 'hint' | 'error' | 'extraDescribedBy'>) =>
  describedBy(extraDescribedBy, hint !== undefined && hintId(name), error && errorId(name));

/** The attributes every text control ends with: its limits, what was typed, and what describes it. */
const control = (props: FieldProps) => ({
  required: props.required,
  maxLength: props.maxLength,
  value: props.value ?? '',
  'aria-describedby': described(props),
  'aria-invalid': props.error ? ('true' as const) : undefined,
});

export interface TextFieldProps extends FieldProps {
  type?: 'text' | 'email' | 'url' | 'date' | 'time' | 'number';
  inputMode?: 'numeric' | 'url';
  autocomplete?: string;
  spellcheck?: boolean;
  min?: number;
  max?: number;
  step?: number;
}

export const TextField = (props: TextFieldProps) => {
  const { name, type = 'text', inputMode, autocomplete, spellcheck, min, max, step } = props;
  return (
    <FieldFrame name={name} label={props.label} hint={props.hint} error={props.error}>
      <input type={type} id={name} name={name} inputMode={inputMode} autocomplete={autocomplete} spellcheck={spellcheck} min={min} max={max} step={step} {...control(props)} />
    </FieldFrame>
  );
};

/**
 * An email address: the input type, no spellchecking, required, at most 254 characters (the
 * limit of an address). `autocomplete` is `email` for the person's own address and `off` for
 * someone else's (an organizer adding a colleague).
 */
export const EmailField = (props: Omit<FieldProps, 'required' | 'maxLength'> & { autocomplete?: 'email' | 'off' }) => (
  <TextField {...props} type="email" autocomplete={props.autocomplete ?? 'email'} spellcheck={false} required maxLength={254} />
);

/** A whole number between `min` and `max`: the number keyboard on phones, steps of one. */
export const WholeNumberField = (props: Omit<FieldProps, 'maxLength'> & { min: number; max: number }) => (
  <TextField {...props} type="number" inputMode="numeric" step={1} />
);

export interface TextAreaFieldProps extends FieldProps {
  rows: number;
}

export const TextAreaField = (props: TextAreaFieldProps) => {
  const { name, rows } = props;
  return (
    <FieldFrame name={name} label={props.label} hint={props.hint} error={props.error}>
      <textarea id={name} name={name} rows={rows} {...control(props)} />
    </FieldFrame>
  );
};

/** The optional name a person gives about themself: a nickname for the browser to offer, one line. */
const DisplayNameField = (props: Pick<FieldProps, 'label' | 'hint' | 'error' | 'value'>) => (
  <TextField name="displayName" label={props.label} hint={props.hint} error={props.error} autocomplete="nickname" maxLength={DISPLAY_NAME_MAX} value={props.value} />
);

/**
 * What Hearth asks a person about themself, and no more: their email address (required) and a
 * name to show (optional). Each form says in its own words what they are for.
 */
export const ContactFields = (props: {
  values: { email?: string; displayName?: string };
  errors: Readonly<Record<string, string | undefined>>;
  emailHint: string;
  nameLabel: string;
  nameHint: string;
}) => (
  <>
    <EmailField name="email" label="Email address (required)" hint={props.emailHint} error={props.errors.email} value={props.values.email} />
    <DisplayNameField label={props.nameLabel} hint={props.nameHint} error={props.errors.displayName} value={props.values.displayName} />
  </>
);
