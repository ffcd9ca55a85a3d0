import { CopyBinaryParser, encodeCopyRows, idRange, intListSql } from './copy-binary';

/** A binary COPY stream as PostgreSQL writes it: signature, flags, extension, rows, trailer. */
function copyStream(rows: Array<Array<Buffer | null>>): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(0)];
  for (const row of rows) {
    parts.push(int16(row.length));
    for (const field of row) parts.push(field === null ? int32(-1) : Buffer.concat([int32(field.length), field]));
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}
const int16 = (v: number) => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b; };
const int32 = (v: number) => { const b = Buffer.alloc(4); b.writeInt32BE(v); return b; };
const float8 = (v: number) => { const b = Buffer.alloc(8); b.writeDoubleBE(v); return b; };
/** timestamptz: microseconds since 2000-01-01 as int8. */
const timestamptz = (iso: string) => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(Date.parse(iso) - 946_684_800_000) * 1000n); return b; };

describe('binary COPY parser', () => {
  const stream = copyStream([
    [int32(7), timestamptz('2011-09-09T10:00:00.123Z'), float8(-12.5), Buffer.from([1])],
    [int32(-3), null, null, Buffer.from([0])],
    [int32(2147483647), timestamptz('1999-12-31T23:59:59Z'), float8(0.1), Buffer.from([1])],
  ]);
  const expected = [
    { id: 7, time: Date.parse('2011-09-09T10:00:00.123Z'), amount: -12.5, flag: true, nulls: false },
    { id: -3, time: NaN, amount: NaN, flag: false, nulls: true },
    { id: 2147483647, time: Date.parse('1999-12-31T23:59:59Z'), amount: 0.1, flag: true, nulls: false },
  ];

  it('reads every row whatever the chunk boundaries (every split point, and byte by byte)', () => {
    const splits = [...Array.from({ length: stream.length + 1 }, (_, at) => [stream.subarray(0, at), stream.subarray(at)]), Array.from(stream, (byte) => Buffer.from([byte]))];
    for (const chunks of splits) {
      const rows: typeof expected = [];
      const parser = new CopyBinaryParser(4, (row) => rows.push({ id: row.int32(0), time: row.timeMs(1), amount: row.float64(2), flag: row.boolean(3), nulls: row.isNull(1) }));
      for (const chunk of chunks) parser.push(chunk);
      parser.end();
      expect(rows).toEqual(expected);
      expect(parser.rows).toBe(3);
    }
  });

  it('refuses a stream cut short, a wrong field count and a stream that is not binary COPY', () => {
    const cut = new CopyBinaryParser(4, () => undefined);
    cut.push(stream.subarray(0, stream.length - 5));
    expect(() => cut.end()).toThrow('ended in the middle of a row');
    expect(() => new CopyBinaryParser(3, () => undefined).push(stream)).toThrow('has 4 fields, expected 3');
    expect(() => new CopyBinaryParser(4, () => undefined).push(Buffer.from('id,name\n1,Ann\n1234567890'))).toThrow('not a binary COPY stream');
  });

  it('inlines only integers', () => {
    expect(intListSql([1, 22, 333])).toBe("'{1,22,333}'::int[]");
    expect(() => intListSql([1, 2.5])).toThrow('not an integer id: 2.5');
    expect(() => intListSql([Number('1; DROP TABLE customers')])).toThrow('not an integer id');
  });

  it('writes what it reads: typed columns, NULLs, NaN and text through the encoder and back', () => {
    const n = 50_000; // several 1 MB chunks
    const ids = Int32Array.from({ length: n }, (_, i) => i * 7 - 3);
    const scores = Int16Array.from({ length: n }, (_, i) => i % 6);
    const values = Float64Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? NaN : i / 3));
    const names = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `naïve ${'x'.repeat(i % 300)} ✓`));
    // before and after PostgreSQL's epoch (2000), NULL, and the far ends of Date's range
    const times = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i % 11 === 0 ? [-8.64e15, 8.64e15][i % 2] : Date.UTC(1990, 0, 1) + i * 987_654_321));
    const chunks = [...encodeCopyRows([
      { type: 'int4', values: ids },
      { type: 'int2', values: scores, isNull: (v) => v === 0 },
      { type: 'float8', values },
      { type: 'text', values: names },
      { type: 'timestamptz', values: times },
    ], 10, n)];
    expect(chunks.length).toBeGreaterThan(3);
    const read: unknown[][] = [];
    const parser = new CopyBinaryParser(5, (row) => read.push([
      row.int32(0), row.isNull(1) ? null : row.int16(1), row.float64(2),
      row.isNull(3) ? null : row.buffer.toString('utf8', row.offset[3], row.offset[3] + (row.buffer.readInt32BE(row.offset[3] - 4))), row.timeMs(4),
    ]));
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    expect(read.length).toBe(n - 10);
    const want = (i: number) => [ids[i], scores[i] === 0 ? null : scores[i], values[i], names[i], times[i]];
    expect(read).toEqual(Array.from({ length: n - 10 }, (_, k) => want(k + 10)));
  });
});

describe('idRange', () => {
  it('gives the smallest and largest id, whatever their order', () => {
    expect(idRange(Int32Array.of(7, 3, 9, 4))).toEqual([3, 9]);
    expect(idRange([5])).toEqual([5, 5]);
  });
});
