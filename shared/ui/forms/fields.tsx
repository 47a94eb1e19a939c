import type { ComponentChildren } from 'preact';

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
    {hint !== undefined ? (
      <p class="hint" id={hintId(name)}>
        {hint}
      </p>
    ) : null}
    <FieldError name={name} message={error} />
    {children}
  </Field>
);

const described = ({ name, hint, error, extraDescribedBy }: Pick<FieldProps, 'name' | 'hint' | 'error' | 'extraDescribedBy'>) =>
  describedBy(extraDescribedBy, hint !== undefined && hintId(name), error && errorId(name));

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
  const { name, type = 'text', inputMode, autocomplete, spellcheck, required, min, max, step, maxLength, value, error } = props;
  return (
    <FieldFrame name={name} label={props.label} hint={props.hint} error={error}>
      <input
        type={type}
        id={name}
        name={name}
        inputMode={inputMode}
        autocomplete={autocomplete}
        spellcheck={spellcheck}
        required={required}
        min={min}
        max={max}
        step={step}
        maxLength={maxLength}
        value={value ?? ''}
        aria-describedby={described(props)}
        aria-invalid={error ? 'true' : undefined}
      />
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

export interface TextAreaFieldProps extends FieldProps {
  rows: number;
}

export const TextAreaField = (props: TextAreaFieldProps) => {
  const { name, rows, required, maxLength, value, error } = props;
  return (
    <FieldFrame name={name} label={props.label} hint={props.hint} error={error}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        required={required}
        maxLength={maxLength}
        value={value ?? ''}
        aria-describedby={described(props)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FieldFrame>
  );
};
