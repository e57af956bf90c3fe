// The digest's bar chart as SVG: one horizontal bar per agency, so long
// Indonesian agency names fit. Pure text; an adapter renders it to PNG.
// Every piece of text comes from user data (agency names) and is escaped.

export interface ChartBar {
  label: string;
  value: number;
}

export interface BarChart {
  title: string;
  subtitle?: string;
  bars: ChartBar[];
}

const WIDTH = 900;
const LABEL_WIDTH = 360;
const VALUE_GUTTER = 60;
const ROW = 30;
const BAR = 20;
const TOP = 84;
const BOTTOM = 28;
const MAX_LABEL = 38;
const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/** Escapes text for SVG/XML and drops the control characters XML forbids. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function shorten(label: string): string {
  const clean = label.replace(/\s+/g, ' ').trim();
  return clean.length <= MAX_LABEL ? clean : `${clean.slice(0, MAX_LABEL - 1).trimEnd()}…`;
}

/** A horizontal bar chart; each bar is a `<rect class="bar">`, in the order given. */
export function buildBarChartSvg(chart: BarChart): string {
  const rows = Math.max(chart.bars.length, 1);
  const height = TOP + rows * ROW + BOTTOM;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_GUTTER - 20;
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value));
  const scale = plotWidth / max;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}">`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="34" font-size="22" font-weight="bold" fill="#1f2937">${escapeXml(chart.title)}</text>`,
  ];
  if (chart.subtitle) parts.push(`<text x="20" y="60" font-size="14" fill="#4b5563">${escapeXml(chart.subtitle)}</text>`);
  // The axis.
  parts.push(`<line x1="${LABEL_WIDTH}" y1="${TOP - 6}" x2="${LABEL_WIDTH}" y2="${TOP + rows * ROW}" stroke="#9ca3af" stroke-width="1"/>`);
  if (chart.bars.length === 0) {
    parts.push(`<text x="${LABEL_WIDTH + 10}" y="${TOP + 20}" font-size="14" fill="#6b7280">Belum ada instansi.</text>`);
  }
  chart.bars.forEach((bar, index) => {
    const y = TOP + index * ROW;
    const value = Math.max(0, Number.isFinite(bar.value) ? bar.value : 0);
    const width = Math.round(value * scale * 10) / 10;
    const middle = y + ROW / 2 + 5;
    parts.push(
      `<text x="${LABEL_WIDTH - 10}" y="${middle}" font-size="14" text-anchor="end" fill="#111827">${escapeXml(shorten(bar.label))}</text>`,
      `<rect class="bar" x="${LABEL_WIDTH}" y="${y + (ROW - BAR) / 2}" width="${width}" height="${BAR}" fill="${value > 0 ? '#2563eb' : '#d1d5db'}"/>`,
      `<text x="${LABEL_WIDTH + width + 8}" y="${middle}" font-size="14" fill="#111827">${value}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
