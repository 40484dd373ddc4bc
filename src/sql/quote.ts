// Every identifier and literal that reaches DuckDB passes through here.
// User text (table names, column headers, grade names) is never pasted raw.

/** Quote an identifier: "a""b" — safe for any header, including Chinese and spaces. */
export function ident(name: string): string {
  if (name.length === 0) throw new Error('Empty SQL identifier');
  if (name.includes('\u0000')) throw new Error(`SQL identifier contains a NUL character: ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** A string literal: 'it''s'. */
export function str(value: string): string {
  if (value.includes('\u0000')) throw new Error(`SQL string contains a NUL character: ${JSON.stringify(value)}`);
  return `'${value.replaceAll("'", "''")}'`;
}

/** A numeric literal; refuses NaN and ±Infinity so a bad config cannot produce broken SQL. */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  // String(1e21) is "1e+21", which DuckDB parses; negative zero prints as "0".
  return Object.is(value, -0) ? '0' : String(value);
}

/** An integer literal; refuses fractions. */
export function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`Not a safe integer: ${value}`);
  return String(value);
}
