/** One record of a CSV file, with the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Parses CSV as spreadsheets write it: `,` or `;` (Excel in Indonesian
 * locales) or tab separators, detected from the first line; quoted fields
 * with `""` for a quote and line breaks inside; CRLF or LF; a UTF-8 BOM.
 * Blank lines are skipped. Cells are trimmed.
 */
export function parseCsv(text: string): { delimiter: string; records: CsvRecord[] } {
  const source = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(source);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let cellStarted = false;

  const endCell = () => {
    cells.push(cell.trim());
    cell = '';
    cellStarted = false;
  };
  const endRecord = () => {
    endCell();
    if (cells.some((c) => c !== '')) records.push({ line: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line += 1;
        cell += char;
      }
      continue;
    }
    if (char === '"' && !cellStarted && cell.trim() === '') {
      quoted = true;
      cellStarted = true;
      cell = '';
    } else if (char === delimiter) {
      endCell();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      cell += char;
      if (char.trim() !== '') cellStarted = true;
    }
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return { delimiter, records };
}

function detectDelimiter(text: string): string {
  // The first line, outside quotes, decides.
  let inQuotes = false;
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === '\n' || char === '\r')) break;
    else if (!inQuotes && char in counts) counts[char]! += 1;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}
