// Parquet via hyparquet (pure JS), loaded only when a Parquet file arrives;
// hyparquet-compressors (gzip/zstd/brotli/lz4) only when the file needs it. DuckDB-WASM's own
// parquet extension would be downloaded from the internet, which the app never does.

import { IngestError } from './errors';
import type { ParquetArrow } from './parquet-arrow';

export interface ParquetRows {
  names: string[];
  rows: unknown[][];
}

/**
 * The file as Arrow columns when `arrow` is set and its columns allow (parquet-arrow.ts),
 * else as rows of JS values.
 */
export async function readParquet(file: string, bytes: Uint8Array, arrow = false): Promise<ParquetRows | { arrow: ParquetArrow }> {
  const { parquetMetadata, parquetSchema, parquetRead } = await import('hyparquet');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const metadata = parquetMetadata(buffer);
    // hyparquet reads snappy itself; the other codecs (75 kB gzipped, mostly brotli) load only when a file uses them.
    const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)));
    const needsMore = [...codecs].some((c) => c !== undefined && c !== 'SNAPPY' && c !== 'UNCOMPRESSED');
    const compressors = needsMore ? (await import('hyparquet-compressors')).compressors : undefined;
    const { parquetToArrow, decimalScales, exactDecimal } = await import('./parquet-arrow');
    if (arrow) {
      const columns = await parquetToArrow(buffer, metadata, compressors);
      if (columns) return { arrow: columns };
    }
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    let rows: unknown[][] = [];
    await parquetRead({
      file: buffer,
      metadata,
      ...(compressors ? { compressors } : {}),
      rowFormat: 'array',
      onComplete: (data: unknown[][]) => {
        rows = data;
      },
    });
    const scales = decimalScales(parquetSchema(metadata).children.map((c) => c.element));
    if (scales.size > 0) for (const row of rows) for (const [i, scale] of scales) row[i] = exactDecimal(row[i], scale);
    return { names, rows };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new IngestError('bad-parquet', { id: 'parquetUnreadable', detail: why }, { file }, { cause: e });
  }
}
