/**
 * Made-up enrollment ids for channel tests that call a performer without a real enrollment.
 *
 * Deliveries and offers keep the enrollment id without a foreign key, and the integration files
 * share one database in turn: a small made-up id (1001, say) left behind by one file can be the id
 * of a real enrollment in a later file, whose counts then include rows it never wrote. These ids
 * start at ten billion, far above anything the enrollments sequence reaches in a test run, and each
 * file takes its own block of a million.
 */
export function detachedEnrollmentIds(block: number): () => string {
  let next = 10_000_000_000 + block * 1_000_000;
  return () => String(++next);
}
