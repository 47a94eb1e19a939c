/** Inline styles for mail (clients drop <style>); colours as on the website, contrast ≥ 4.5:1. */
const link = { color: '#0b57a4', textDecoration: 'underline' };

export const mailStyle = {
  body: { margin: '0', padding: '0', background: '#ffffff' },
  article: {
    maxWidth: '36rem',
    margin: '0 auto',
    padding: '16px',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    fontSize: '16px',
    lineHeight: '1.5',
    color: '#1b1b1b',
    background: '#ffffff',
  },
  heading: { fontSize: '24px', lineHeight: '1.25', margin: '0 0 16px' },
  subheading: { fontSize: '20px', lineHeight: '1.25', margin: '24px 0 8px' },
  paragraph: { margin: '0 0 16px' },
  preLine: { margin: '0 0 16px', whiteSpace: 'pre-line' },
  quote: { margin: '0 0 16px', padding: '8px 16px', borderLeft: '4px solid #4a4a4a', whiteSpace: 'pre-line' },
  link,
  list: { margin: '0 0 16px', paddingLeft: '20px' },
  listItem: { margin: '0 0 8px' },
  footer: { marginTop: '32px', padding: '16px', background: '#f3f2f1', borderTop: '4px solid #0b57a4', color: '#1b1b1b' },
  footerHeading: { fontSize: '18px', lineHeight: '1.25', margin: '0 0 8px' },
  preheader: { display: 'none', maxHeight: '0', overflow: 'hidden', opacity: '0', fontSize: '1px', lineHeight: '1px' },
} as const;

