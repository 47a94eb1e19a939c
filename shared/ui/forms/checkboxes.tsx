import type { ComponentChildren } from 'preact';
import { describedBy, errorId, Field, FieldError, Hint, hintId } from './fields';

/**
 * Checkboxes as every Hearth form writes them: the box first, its label after it (in the box's
 * `<div class="checkbox">`, which the styles lay out), the error above. A group is a fieldset whose
 * legend is the question, described by its hint and its error.
 */

export interface CheckboxProps {
  /** The control's name; its id unless `id` says otherwise, and the hint's and the error's ids derive from it. */
  name: string;
  id?: string;
  label: ComponentChildren;
  checked: boolean;
  /** What a ticked box sends. */
  value?: string;
  required?: boolean;
  /** Shown under the box as `<p class="hint" id="{name}-hint">` and added to aria-describedby. */
  hint?: ComponentChildren;
  error?: string;
  /** Ids that describe the box before its own hint, e.g. a hint shared by several boxes. */
  extraDescribedBy?: string;
}

/** One checkbox that answers a question by itself (agreeing, keeping a waitlist). */
export const Checkbox = ({ name, id = name, label, checked, value = 'true', required, hint, error, extraDescribedBy }: CheckboxProps) => (
  <Field error={error}>
    <FieldError name={name} message={error} />
    <div class="checkbox">
      <input
        type="checkbox"
        id={id}
        name={name}
        value={value}
        required={required}
        checked={checked}
        aria-describedby={describedBy(extraDescribedBy, hint !== undefined && hintId(name), error && errorId(name))}
        aria-invalid={error ? 'true' : undefined}
      />
      <label for={id}>{label}</label>
    </div>
    <Hint name={name}>{hint}</Hint>
  </Field>
);

export interface CheckboxChoice {
  /** The name the box is sent as: one name for the group (`topics=a&topics=b`) or one per box. */
  name: string;
  /** What the box sends when ticked; without it the browser sends "on". */
  value?: string;
  /** By default the group's name for the first box (the error summary links to it), `{name}-{index}` after. */
  id?: string;
  label: ComponentChildren;
  checked: boolean;
}

export interface CheckboxGroupProps {
  /** The group's name: its hint's and error's ids, and the first box's id unless the choices name theirs. */
  name: string;
  legend: ComponentChildren;
  /** An id for the legend, for an error summary to link to when the boxes carry their own ids. */
  legendId?: string;
  hint?: ComponentChildren;
  error?: string;
  choices: readonly CheckboxChoice[];
  /** Shown instead of the boxes when there are no choices. */
  empty?: ComponentChildren;
}

/** A question answered by ticking any of several boxes: a fieldset, its legend, hint, error and boxes. */
export const CheckboxGroup = ({ name, legend, legendId, hint, error, choices, empty }: CheckboxGroupProps) => (
  <Field error={error}>
    <fieldset aria-describedby={describedBy(hint !== undefined && hintId(name), error && errorId(name))}>
      <legend id={legendId}>{legend}</legend>
      <Hint name={name}>{hint}</Hint>
      <FieldError name={name} message={error} />
      {choices.length === 0 && empty !== undefined
        ? empty
        : choices.map((choice, index) => {
            const id = choice.id ?? (index === 0 ? name : `${name}-${index}`);
            return (
              <div class="checkbox">
                <input type="checkbox" id={id} name={choice.name} value={choice.value} checked={choice.checked} aria-invalid={error ? 'true' : undefined} />
                <label for={id}>{choice.label}</label>
              </div>
            );
          })}
    </fieldset>
  </Field>
);
