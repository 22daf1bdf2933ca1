package dev.tapekit.catalog.sql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Connector} whose connections count every statement they run (each execute, executeBatch
 * and commit) and call a fault before the N-th: the process halts, the server drops the connection,
 * whatever the test needs. Counting starts when {@link #arm} is called.
 */
final class FaultInjectingConnector implements Connector {
  /** What happens before a statement. */
  @FunctionalInterface
  interface Fault {
    void before(long statement, String what) throws SQLException;
  }

  private final Connector real;
  private final AtomicLong count = new AtomicLong();
  private volatile boolean armed;
  private volatile Fault fault = (n, what) -> { };

  FaultInjectingConnector(Connector real) {
    this.real = real;
  }

  /** Starts counting from 0 and calls {@code f} before each statement from now on. */
  void arm(Fault f) {
    count.set(0);
    fault = f;
    armed = true;
  }

  void disarm() {
    armed = false;
  }

  /** Statements counted since {@link #arm}. */
  long statements() {
    return count.get();
  }

  @Override
  public Connection connect() throws SQLException {
    Connection c = real.connect();
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        handler(c));
  }

  private InvocationHandler handler(Object target) {
    return (proxy, method, args) -> {
      String name = method.getName();
      if (armed && (name.startsWith("execute") || name.equals("commit"))) {
        fault.before(count.incrementAndGet(), name);
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof Statement s) {
        Class<?> type = method.getReturnType();
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler(s));
      }
      return result;
    };
  }
}
