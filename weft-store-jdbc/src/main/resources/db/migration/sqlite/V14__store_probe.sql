-- Always empty: after a failed write (a full disk) the readiness check inserts a row here that needs the
-- file to grow, deletes it and commits, to tell whether writes succeed again (SqliteDatabase.checkWritable).
CREATE TABLE store_probe (
    id     INTEGER PRIMARY KEY,
    filler BLOB NOT NULL
);
