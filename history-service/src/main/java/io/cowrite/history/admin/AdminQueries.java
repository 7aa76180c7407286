package io.cowrite.history.admin;

import io.cowrite.history.admin.AdminViews.DocumentDetail;
import io.cowrite.history.admin.AdminViews.DocumentPage;
import io.cowrite.history.admin.AdminViews.DocumentRow;
import io.cowrite.history.admin.AdminViews.Editor;
import io.cowrite.history.store.Milestone;
import io.cowrite.history.store.Snapshots;
import io.cowrite.history.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The SQL of the admin reads that the write path's {@link io.cowrite.history.store.HistoryStore} has no
 * use for: the document list (indexes of V4), a document's detail, the milestone at or below a version,
 * an op's time and the version at a time. Each method is one read-only REPEATABLE READ transaction;
 * thread-safe and blocking; failures are {@link StoreException}s. PostgreSQL only: the memory store has
 * no admin API.
 */
public final class AdminQueries {
    private static final String LIST_COLUMNS = "select id, head_version, created_at, updated_at from documents where true";

    private final DataSource dataSource;

    public AdminQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A document's head and horizon (the oldest version whose op is stored; the head if none is). */
    public record Head(long head, long horizon) {
    }

    public Optional<Head> head(String doc) {
        return read("Head of " + doc, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    select head_version, (select min(version) from ops where doc_id = d.id) from documents d where id = ?""")) {
                ps.setString(1, doc);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    long head = rs.getLong(1);
                    long min = rs.getLong(2);
                    return Optional.of(new Head(head, rs.wasNull() ? head : min));
                }
            }
        });
    }

    /**
     * One page of the list, ordered by updated_at descending then id ascending, starting after
     * {@code q.after()}: a keyset walk of {@code documents_by_activity}, as fast on page 1,000 as on page 1.
     */
    public DocumentPage list(ListQuery q) {
        return read("Document list", c -> {
            StringBuilder sql = new StringBuilder(LIST_COLUMNS);
            List<Object> args = new ArrayList<>();
            if (q.prefix() != null) {
                // The pattern operators use documents_by_id_pattern; ids are ASCII, so the successor is simple.
                String p = q.prefix();
                sql.append(" and id ~>=~ ? and id ~<~ ?");
                args.add(p);
                args.add(p.substring(0, p.length() - 1) + (char) (p.charAt(p.length() - 1) + 1));
            }
            if (q.editor() != null) {
                sql.append(" and id in (select doc_id from document_editors where author = ?)");
                args.add(q.editor());
            }
            if (q.activeAfter() != null) {
                sql.append(" and updated_at > ?");
                args.add(timestamp(q.activeAfter()));
            }
            if (q.activeBefore() != null) {
                sql.append(" and updated_at < ?");
                args.add(timestamp(q.activeBefore()));
            }
            if (q.after() != null) {
                OffsetDateTime t = timestamp(fromMicros(q.after().updatedMicros()));
                sql.append(" and updated_at <= ? and (updated_at < ? or id > ?)");
                args.add(t);
                args.add(t);
                args.add(q.after().id());
            }
            sql.append(" order by updated_at desc, id limit ?");
            args.add(q.limit() + 1);
            List<DocumentRow> rows = new ArrayList<>();
            ListQuery.Position last = null;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rows.size() == q.limit()) return new DocumentPage(rows, last.encode()); // one more row: a next page
                        Instant updated = instant(rs, 4);
                        rows.add(new DocumentRow(rs.getString(1), rs.getLong(2), instant(rs, 3).toString(), updated.toString()));
                        last = new ListQuery.Position(micros(updated), rs.getString(1));
                    }
                    return new DocumentPage(rows, null);
                }
            }
        });
    }

    /** A document's detail, or empty when no such document was ever written. */
    public Optional<DocumentDetail> detail(String doc) {
        return read("Detail of " + doc, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    select head_version, created_at, updated_at,
                           (select min(version) from ops where doc_id = d.id),
                           (select count(*) from milestones where doc_id = d.id)
                    from documents d where id = ?""")) {
                ps.setString(1, doc);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    long head = rs.getLong(1);
                    long min = rs.getLong(4);
                    long horizon = rs.wasNull() ? head : min;
                    return Optional.of(new DocumentDetail(doc, head, instant(rs, 2).toString(), instant(rs, 3).toString(),
                            horizon, rs.getLong(5), editors(c, doc)));
                }
            }
        });
    }

    private static List<Editor> editors(Connection c, String doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select author, ops, last_at from document_editors where doc_id = ? order by last_at desc, author")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                List<Editor> out = new ArrayList<>();
                while (rs.next()) out.add(new Editor(rs.getString(1), rs.getLong(2), instant(rs, 3).toString()));
                return out;
            }
        }
    }

    /** The stored milestone with the highest version at or below {@code version}; {@link Milestone#EMPTY} if none. */
    public Milestone milestoneAtOrBelow(String doc, long version) {
        return read("Milestone of " + doc, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select version, text from milestones where doc_id = ? and version <= ? order by version desc limit 1")) {
                ps.setString(1, doc);
                ps.setLong(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Milestone(rs.getLong(1), rs.getString(2)) : Milestone.EMPTY;
                }
            }
        });
    }

    /** When the op at {@code version} was committed; empty if it is not stored (compacted, or beyond the head). */
    public Optional<Instant> opTime(String doc, long version) {
        return read("Op time of " + doc, c -> opTime(c, doc, version));
    }

    /**
     * The version reached by {@code t}: the first version in [lo, hi] whose op (the op at that version) was
     * committed after {@code t}, or {@code hi} when none was. A binary search over the primary key (about
     * 20 lookups for a million ops), correct as long as commit times do not decrease with the version
     * (they come from the owner's clock; a clock stepped back makes the answer one of the moments it
     * crossed {@code t}). Ops in [lo, hi) must be stored.
     */
    public long versionAt(String doc, Instant t, long lo, long hi) {
        return read("Version at a time of " + doc, c -> {
            long low = lo;
            long high = hi;
            while (low < high) {
                long mid = low + (high - low) / 2;
                Instant at = opTime(c, doc, mid).orElseThrow(() -> new SQLException("op " + doc + "@" + mid + " is missing"));
                if (at.isAfter(t)) high = mid;
                else low = mid + 1;
            }
            return low;
        });
    }

    private static Optional<Instant> opTime(Connection c, String doc, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select created_at from ops where doc_id = ? and version = ?")) {
            ps.setString(1, doc);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(instant(rs, 1)) : Optional.empty();
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private <T> T read(String what, Snapshots.Read<T> body) {
        return Snapshots.read(dataSource, what, body);
    }
}
