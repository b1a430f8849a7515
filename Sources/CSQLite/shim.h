#ifndef OMNI_CSQLITE_SHIM_H
#define OMNI_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: it asks SQLite to copy bound text/blobs.
static inline sqlite3_destructor_type omni_sqlite_transient(void) {
    return (sqlite3_destructor_type)-1;
}
#endif
