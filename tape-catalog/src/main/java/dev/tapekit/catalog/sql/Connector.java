package dev.tapekit.catalog.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a database connection for a store. The stores' factories make one from a file or URL;
 * tests pass their own to inject faults (a connection that dies after the N-th statement).
 */
@FunctionalInterface
public interface Connector {
  Connection connect() throws SQLException;
}
