package dev.tapekit.catalog.sql;

/** The differences between the SQL of the two stores, kept to a few words. */
enum Dialect {
  SQLITE("BLOB", "INTEGER PRIMARY KEY", "", " WITHOUT ROWID"),
  POSTGRES("BYTEA", "BIGSERIAL PRIMARY KEY", " FOR UPDATE", "");

  private final String blob;
  private final String id;
  /** Appended to a SELECT that reads a row the transaction then changes. */
  final String forUpdate;
  /** Ends a CREATE TABLE whose rows are found by their primary key only (one B-tree, not two). */
  private final String keyed;

  Dialect(String blob, String id, String forUpdate, String keyed) {
    this.blob = blob;
    this.id = id;
    this.forUpdate = forUpdate;
    this.keyed = keyed;
  }

  /** {@code template} with {@code {BLOB}}, {@code {ID}} and {@code {KEYED}} replaced. */
  String sql(String template) {
    return template.replace("{BLOB}", blob).replace("{ID}", id).replace("{KEYED}", keyed);
  }
}
