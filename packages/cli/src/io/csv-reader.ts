/**
 * Reads a training/prediction CSV into typed arrays. The file is streamed in chunks and
 * parsed line by line, so even a file of hundreds of MB is never held as one string.
 */

import type { FileHandle } from 'node:fs/promises';
import { DataError } from '../errors.js';
import { type CsvDataset, CsvDatasetBuilder, type CsvReadOptions } from './csv-dataset-builder.js';
import { LineSplitter, MAX_LINE_CHARS } from './csv-lines.js';
import { openRegularFile } from './input-file.js';

export type { CsvDataset, CsvReadOptions } from './csv-dataset-builder.js';

const CHUNK_BYTES = 1 << 20;

/** Streams the CSV at `path` into a dataset; any problem is a one-line DataError. */
export async function readCsvDataset(path: string, options: CsvReadOptions): Promise<CsvDataset> {
  const { builder, splitter } = createParser(path, options);
  let handle: FileHandle;
  try {
    handle = await openRegularFile(path, (kind) => new DataError(`${path}: is ${kind}, not a CSV file`));
  } catch (error) {
    throw isFileSystemError(error) ? describeReadFailure(path, error) : error;
  }
  // The 'utf8' encoding uses a decoder that keeps multi-byte characters split across chunks whole.
  const stream = handle.createReadStream({ encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      splitter.push(chunk as string);
      // Between chunks (about 1 MiB each), a stop asked for meanwhile ends the read.
      options.signal?.throwIfAborted();
    }
  } catch (error) {
    // File-system errors carry an errno code; anything else (DataError, a bug) passes through.
    throw isFileSystemError(error) ? describeReadFailure(path, error) : error;
  } finally {
    stream.destroy();
    await handle.close().catch(() => {});
  }
  splitter.end();
  return builder.finish();
}

/** Parses CSV text already in memory (tests, small inputs); `name` is used in messages. */
export function parseCsvText(text: string, name: string, options: CsvReadOptions): CsvDataset {
  const { builder, splitter } = createParser(name, options);
  splitter.push(text);
  splitter.end();
  return builder.finish();
}

function createParser(source: string, options: CsvReadOptions) {
  const builder = new CsvDatasetBuilder(source, options);
  const splitter = new LineSplitter(
    (line, lineNumber) => builder.acceptLine(line, lineNumber),
    (lineNumber) => {
      const limit = `${MAX_LINE_CHARS / (1024 * 1024)} MiB`;
      throw new DataError(
        `${source}: line ${lineNumber} is longer than ${limit}; this does not look like CSV`,
      );
    },
  );
  return { builder, splitter };
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function describeReadFailure(path: string, error: NodeJS.ErrnoException): DataError {
  const code = error.code;
  const reason =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EISDIR'
        ? 'is a directory, not a CSV file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `cannot read: ${error.message}`;
  return new DataError(`${path}: ${reason}`, { cause: error });
}
