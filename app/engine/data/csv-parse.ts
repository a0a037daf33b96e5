/**
 * An RFC 4180 CSV parser that takes text in chunks, so a large file streams through it. Fields may
 * be quoted ("a, b"), quotes inside quotes are doubled (""), rows end with LF or CRLF, blank lines
 * are skipped. Each row carries the line it starts on, for messages. Anything else is malformed
 * and throws E201 naming the line.
 */
import { TrainingError } from '../training-errors.ts';

export interface CsvRow {
  fields: string[];
  /** The physical line (from 1) the row starts on. */
  line: number;
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'afterQuote';

export class CsvParser {
  private state: State = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private rowLine = 1;
  private quoteLine = 1;
  private skipLineFeed = false;
  private started = false;
  private previous = '';

  constructor(
    private readonly delimiter = ',',
    private readonly fileName = 'the CSV file',
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new TrainingError(
        'E210',
        `The CSV delimiter must be one character other than a quote or a line break, not ${JSON.stringify(delimiter)}.`,
      );
    }
  }

  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not data
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.skipLineFeed) {
        this.skipLineFeed = false;
        if (c === '\n') continue;
      }
      switch (this.state) {
        case 'fieldStart':
          if (c === '"') {
            this.state = 'quoted';
            this.quoteLine = this.line;
          } else if (c === this.delimiter) this.endField();
          else if (c === '\n' || c === '\r') this.endRow(rows, c);
          else {
            this.field += c;
            this.state = 'unquoted';
          }
          break;
        case 'unquoted':
          if (c === this.delimiter) this.endField();
          else if (c === '\n' || c === '\r') this.endRow(rows, c);
          else if (c === '"') {
            throw this.malformed(
              `line ${this.line} has a quote inside an unquoted field (${this.field + c}); put the whole field in quotes and double the quote inside it`,
            );
          } else this.field += c;
          break;
        case 'quoted':
          if (c === '"') this.state = 'afterQuote';
          else {
            // CRLF inside a quoted field is one line break, even when a chunk splits it.
            if (c === '\r' || (c === '\n' && this.previous !== '\r')) this.line++;
            this.field += c;
          }
          break;
        case 'afterQuote':
          if (c === '"') {
            this.field += '"';
            this.state = 'quoted';
          } else if (c === this.delimiter) this.endField();
          else if (c === '\n' || c === '\r') this.endRow(rows, c);
          else {
            throw this.malformed(
              `line ${this.line} has ${JSON.stringify(c)} right after a closing quote; a quoted field must end at a ${this.delimiterName()} or the end of the line`,
            );
          }
          break;
      }
      this.previous = c;
    }
    return rows;
  }

  /** Ends the input; throws when a quoted field never closed. */
  end(): CsvRow[] {
    if (this.state === 'quoted') {
      throw this.malformed(
        `the quoted field that starts on line ${this.quoteLine} never ends (a closing " is missing)`,
      );
    }
    const rows: CsvRow[] = [];
    if (this.state !== 'fieldStart' || this.fields.length > 0) this.endRow(rows, '');
    return rows;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private endRow(rows: CsvRow[], terminator: string): void {
    this.endField();
    const blank = this.fields.length === 1 && this.fields[0] === '';
    if (!blank) rows.push({ fields: this.fields, line: this.rowLine });
    this.fields = [];
    if (terminator !== '') {
      this.line++;
      this.skipLineFeed = terminator === '\r';
    }
    this.rowLine = this.line;
  }

  private delimiterName(): string {
    return this.delimiter === ','
      ? 'comma'
      : this.delimiter === '\t'
        ? 'tab'
        : JSON.stringify(this.delimiter);
  }

  private malformed(detail: string): TrainingError {
    return new TrainingError('E201', `${this.fileName} is not valid CSV: ${detail}.`);
  }
}

/** Parses a whole text at once (tests, small files). */
export function parseCsv(text: string, delimiter = ',', fileName?: string): CsvRow[] {
  const parser = new CsvParser(delimiter, fileName);
  return [...parser.push(text), ...parser.end()];
}
