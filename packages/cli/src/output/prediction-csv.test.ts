import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { argmaxAt, formatPredictionRows, predictionHeader } from './prediction-csv.js';
import { StreamWriter } from './stream-writer.js';

describe('prediction CSV', () => {
  it('names the columns by loss', () => {
    expect(predictionHeader('ce', 3)).toBe('label,p0,p1,p2');
    expect(predictionHeader('mse', 2)).toBe('y0,y1');
  });

  it('writes the argmax class then the probabilities for ce', () => {
    const probabilities = new Float64Array([0.1, 0.7, 0.2, 0.5, 0.25, 0.25]);
    expect(formatPredictionRows('ce', 3, probabilities)).toBe('1,0.1,0.7,0.2\n0,0.5,0.25,0.25\n');
  });

  it('writes float32 outputs at float32 precision for mse', () => {
    expect(formatPredictionRows('mse', 2, new Float32Array([0.1, -2]))).toBe('0.1,-2\n');
  });

  it('breaks ties towards the first class', () => {
    expect(argmaxAt(new Float64Array([0.5, 0.5]), 0, 2)).toBe(0);
  });
});

describe('StreamWriter', () => {
  it('writes chunks in order and waits for drain', async () => {
    const stream = new PassThrough({ highWaterMark: 4 });
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const writer = new StreamWriter(stream);
    expect(await writer.write('hello ')).toBe(true);
    expect(await writer.write('world')).toBe(true);
    await writer.end();
    expect(chunks.join('')).toBe('hello world');
  });

  it('stops quietly when the reader goes away (EPIPE)', async () => {
    const stream = new PassThrough({ highWaterMark: 1 });
    const writer = new StreamWriter(stream);
    const pending = writer.write('more than one byte');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(await pending).toBe(false);
    expect(writer.open).toBe(false);
    expect(await writer.write('dropped')).toBe(false);
  });
});

describe('prediction CSV with class names and passed-through columns', () => {
  const columns = { classNames: ['cat', 'sea lion, grey'], keptNames: ['id'] };

  it('names the probability columns after the classes, kept columns first, quoting where needed', () => {
    expect(predictionHeader('ce', 2, columns)).toBe('id,label,p_cat,"p_sea lion, grey"');
    expect(predictionHeader('mse', 2, { keptNames: ['id'] })).toBe('id,y0,y1');
  });

  it('writes each row with its kept cells and the predicted class name', () => {
    const probabilities = new Float64Array([0.75, 0.25, 0.125, 0.875]);
    expect(formatPredictionRows('ce', 2, probabilities, columns, ['a"1', 'b2'])).toBe(
      '"a""1",cat,0.75,0.25\nb2,"sea lion, grey",0.125,0.875\n',
    );
  });
});
