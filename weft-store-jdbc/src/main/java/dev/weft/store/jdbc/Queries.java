package dev.weft.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Binding parameters and reading result sets, shared by the stores. Stateless. */
final class Queries {

    private Queries() {
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static void bind(PreparedStatement statement, Object... args) throws SQLException {
        bindFrom(statement, 1, args);
    }

    static void bindFrom(PreparedStatement statement, int first, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(first + i, args[i]);
        }
    }

    static <T> Optional<T> first(PreparedStatement select, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        }
    }

    static <T> List<T> all(PreparedStatement select, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }
}
