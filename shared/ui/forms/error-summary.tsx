/**
 * The error summary at the top of a form: one linked line per field error, in the order of `fields`
 * (each links to its field), then errors of names not in `fields` and the form error.
 */
export const ErrorSummary = ({
  errors,
  formError,
  fields,
}: {
  errors: Record<string, string>;
  formError?: string;
  fields: ReadonlyArray<{ name: string; label: string }>;
}) => {
  const known = fields.filter((field) => errors[field.name]);
  const knownNames = new Set<string>(fields.map((field) => field.name));
  const other = Object.entries(errors).filter(([name]) => !knownNames.has(name));
  if (!formError && known.length === 0 && other.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-heading">
      <h2 id="error-summary-heading">There is a problem</h2>
      <ul>
        {formError ? <li>{formError}</li> : null}
        {known.map((field) => (
          <li>
            <a href={`#${field.name}`}>{`${field.label}: ${errors[field.name]}`}</a>
          </li>
        ))}
        {other.map(([, message]) => (
          <li>{message}</li>
        ))}
      </ul>
    </div>
  );
};
