import { config } from '../../config';
import { mailStyle } from './style';
import { crisisStatement, safeHref } from '../crisis';

/**
 * The crisis footer every mail ends with, in its text and HTML forms. Written once here so no
 * template can forget it; layout.tsx appends it to every mail.
 */
export const crisisHeading = 'Need help now?';

export const crisisFooterText = (): string =>
  [
    '----',
    crisisHeading,
    crisisStatement,
    ...config.crisisResources.map((resource) => {
      const href = safeHref(resource.url);
      return `- ${resource.name}: ${resource.contact}${href ? ` (${href})` : ''}`;
    }),
  ].join('\n');

export const CrisisFooterHtml = () => (
  <div style={mailStyle.footer}>
    <h2 style={mailStyle.footerHeading}>{crisisHeading}</h2>
    <p style={mailStyle.paragraph}>{crisisStatement}</p>
    <ul style={mailStyle.list}>
      {config.crisisResources.map((resource) => {
        const href = safeHref(resource.url);
        return (
          <li style={mailStyle.listItem}>
            {href ? (
              <a href={href} style={mailStyle.link}>
                {resource.name}
              </a>
            ) : (
              <strong>{resource.name}</strong>
            )}
            : {resource.contact}
          </li>
        );
      })}
    </ul>
  </div>
);
