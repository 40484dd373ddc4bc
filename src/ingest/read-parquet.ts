// Parquet via hyparquet (pure JS) with hyparquet-compressors for gzip/zstd/
// brotli/lz4, both loaded only when a Parquet file arrives. DuckDB-WASM's own
// parquet extension would be downloaded from the internet, which the app never does.

import { IngestError } from './errors';

export interface ParquetRows {
  names: string[];
  rows: unknown[][];
}

export async function readParquet(file: string, bytes: Uint8Array): Promise<ParquetRows> {
  const [{ parquetMetadata, parquetSchema, parquetRead }, { compressors }] = await Promise.all([
    import('hyparquet'),
    import('hyparquet-compressors'),
  ]);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const metadata = parquetMetadata(buffer);
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    let rows: unknown[][] = [];
    await parquetRead({
      file: buffer,
      metadata,
      compressors,
      rowFormat: 'array',
      onComplete: (data: unknown[][]) => {
        rows = data;
      },
    });
    return { names, rows };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new IngestError('bad-parquet', `Could not read this Parquet file (${why}).`, { file }, { cause: e });
  }
}
