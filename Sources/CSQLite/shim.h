#ifndef OMNI_CSQLITE_SHIM_H
#define OMNI_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: it asks SQLite to copy bound text/blobs.
static inline sqlite3_destructor_type omni_sqlite_transient(void) {
    return (sqlite3_destructor_type)-1;
}

// sqlite3_db_config is variadic, which Swift cannot call: a connection whose file was replaced
// or deleted closes without checkpointing (and so without deleting the -wal beside the new file).
static inline int omni_sqlite_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
#endif
