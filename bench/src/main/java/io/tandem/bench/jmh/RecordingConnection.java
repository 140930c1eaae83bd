package io.tandem.bench.jmh;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Arrays;

/**
 * A JDBC connection that talks to no server: its prepared statements keep the SQL text and count bound
 * values and batched rows, and every statement reports one row found. What remains is tandem's own work
 * per statement (SQL text, column lists, value forms, bind calls), plus a dynamic proxy's dispatch per
 * JDBC call, a few nanoseconds each, which is the same for every variant compared.
 */
final class RecordingConnection {

    private long statements;
    private long boundValues;
    private long sqlCharacters;

    Connection connection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                this::onConnection);
    }

    /** A number that depends on everything recorded, for the benchmark to return (no dead code). */
    long fingerprint() {
        return statements * 31 + boundValues * 17 + sqlCharacters;
    }

    private Object onConnection(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "prepareStatement" -> {
                statements++;
                sqlCharacters += ((String) args[0]).length();
                yield Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class}, new Statement());
            }
            case "isClosed", "isReadOnly" -> false;
            case "getAutoCommit" -> false;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> null;
        };
    }

    private final class Statement implements InvocationHandler {
        private int batched;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            String name = method.getName();
            if (name.startsWith("set")) {
                boundValues++;
                return null;
            }
            return switch (name) {
                case "addBatch" -> {
                    batched++;
                    yield null;
                }
                case "executeBatch" -> {
                    int[] counts = new int[batched];
                    Arrays.fill(counts, 1);
                    batched = 0;
                    yield counts;
                }
                case "executeUpdate" -> 1;
                case "execute" -> false;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> null;
            };
        }
    }
}
