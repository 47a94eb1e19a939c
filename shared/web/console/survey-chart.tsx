import { palette } from '../../ui/styles';
import { people } from '../labels';
import { TableHead } from '../../ui/table-head';

/**
 * A horizontal bar chart in SVG that needs neither colour nor sight to read: every bar has its
 * label, its count and its share written above it; the chart is one image whose <title> names the
 * question and whose <desc> lists every value; and the same numbers follow as a table (under a
 * disclosure) for people who prefer one. Bars are drawn in per cent of the chart's width, so it
 * fits any screen without scrolling sideways and the text keeps its size. No style attributes
 * (the CSP allows none): SVG presentation attributes only.
 */
export interface Bar {
  label: string;
  count: number;
  /** 0..100 */
  percent: number;
}

export interface BarChartProps {
  /** Unique on the page; ids of the title and description derive from it. */
  id: string;
  /** What the chart shows, e.g. the question. */
  title: string;
  bars: readonly Bar[];
  /** How many answers the shares are of. */
  answered: number;
}

const ROW = 60;
const TEXT_BASELINE = 22;
const BAR_TOP = 30;
const BAR_HEIGHT = 20;

export const barText = (bar: Bar) => `${bar.label}: ${people(bar.count)} (${bar.percent}%)`;

export const chartDescription = (bars: readonly Bar[], answered: number) =>
  `${answered} ${answered === 1 ? 'answer' : 'answers'}. ${bars.map(barText).join('; ')}.`;

export const BarChart = ({ id, title, bars, answered }: BarChartProps) => {
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <div class="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        width="100%"
        height={bars.length * ROW}
        font-size="18"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{chartDescription(bars, answered)}</desc>
        {bars.map((bar, index) => {
          const top = index * ROW;
          return (
            <g>
              <text x="0" y={top + TEXT_BASELINE} fill={palette.text}>
                {barText(bar)}
              </text>
              <rect x="0" y={top + BAR_TOP} width="100%" height={BAR_HEIGHT} fill={palette.panel} />
              {bar.count > 0 ? <rect x="0" y={top + BAR_TOP} width={`${Math.max(bar.percent, 1)}%`} height={BAR_HEIGHT} fill={palette.link} /> : null}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Show these numbers as a table</summary>
        <table>
          <caption>{title}</caption>
          <TableHead columns={['Answer', 'People', 'Share']} />
          <tbody>
            {bars.map((bar) => (
              <tr>
                <th scope="row">{bar.label}</th>
                <td>{bar.count}</td>
                <td>{`${bar.percent}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
};
